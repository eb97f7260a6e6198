package net.voxedge.edge.session;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import net.voxedge.edge.dtls.DtlsServerEndpoint;
import net.voxedge.edge.ice.IceLiteSession;
import net.voxedge.edge.metrics.CloseReason;
import net.voxedge.edge.rtp.ReceiveStatistics;
import net.voxedge.edge.rtp.RttEstimator;
import net.voxedge.edge.sdp.NegotiatedAudio;
import net.voxedge.edge.srtp.SrtpContext;

/**
 * One WebRTC call terminated at this host.
 *
 * <p>Threading: a session is created on a signaling thread and then belongs to one media event
 * loop, its <em>home</em>, claimed by the first worker that sees a binding request for it. Every
 * field below the "home-thread state" line is read and written only on the home loop; other
 * loops and threads hand work to it. That keeps ICE, DTLS hand-off and SRTP state single-threaded
 * without locks, and in the common case (one client address, so one SO_REUSEPORT socket) every
 * packet is processed on the loop that read it.
 */
public final class EdgeSession {
    private final long id;
    private final String callId;
    private final String subject;
    private final String localUfrag;
    private final NegotiatedAudio audio;
    private final long localSsrc;
    private final long createdNanos;
    private final long deadlineNanos;
    /** Where the agent runs, decided at answer time; final, so any thread that finds the session sees it. */
    private final net.voxedge.edge.agent.AgentPlacement placement;
    private final AtomicReference<MediaWorker> home = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile CloseReason closeReason;

    // ---- home-thread state ----
    final IceLiteSession ice;
    final String remoteFingerprint;
    /** The certificate whose fingerprint this session's answer carried (rotation must not change it). */
    final net.voxedge.edge.dtls.DtlsCertificate certificate;
    final List<InetSocketAddress> addresses = new ArrayList<>(4);
    boolean homedHere;
    /** The last address a binding response was written for, and its IP bytes (XOR-MAPPED-ADDRESS). */
    InetSocketAddress mappedFor;
    byte[] mappedIp;
    // Read by the DTLS handshake thread when it sends: volatile, written only on the home loop.
    volatile InetSocketAddress selected;
    /** The real address of {@link #selected} (they differ for a client reached through a relaying host). */
    volatile InetSocketAddress selectedClient;
    volatile int selectedSocket;
    DtlsServerEndpoint dtls;
    boolean dtlsFinished;
    /**
     * The DTLS association was (or is being) let go after the client's first valid SRTP; DTLS
     * records are dropped from then on. {@link #closeNotify} then holds the close_notify record it
     * wrote in advance, sent when the session ends.
     */
    boolean dtlsReleased;
    byte[] closeNotify;
    /**
     * When an alert-typed DTLS record arrived after the release (0: none pending): maybe the peer's
     * close_notify, which can no longer be authenticated, so it only makes the client prove it is
     * alive (see MediaWorker.peerClosed).
     */
    long peerCloseHintNanos;
    /** The last authenticated datagram from the client: valid SRTP/SRTCP or an accepted ICE check. */
    long lastAuthenticNanos;
    net.voxedge.edge.srtp.SrtpProfile srtpProfile;
    // The edge's own STUN probe to the client, for RTT: a lite agent sends no checks, but the
    // client's full agent answers an authenticated Binding request like any other.
    final byte[] probeTransactionId = new byte[12];
    long probeSentNanos;
    long nextProbeNanos;
    net.voxedge.edge.crypto.HmacSha1 probeMac;
    byte[] probeUsername;
    // Written once by the DTLS thread when the handshake completes (profile first, keys last: the volatile
    // write of the keys publishes both), taken by the home loop when it installs the SRTP contexts.
    volatile int pendingSrtpProfile;
    volatile byte[] pendingSrtpKeys;
    SrtpContext srtpIn;
    SrtpContext srtpOut;
    /** Media that arrived before the keys, while the handshake was under way; null almost always. */
    HeldMedia held;
    long connectedNanos;
    final ReceiveStatistics receiveStats;
    final RttEstimator rtt = new RttEstimator();
    long packetsSent;
    long octetsSent;
    long lastRtpTimestampSent;
    long lastRtpSentNanos;
    long nextRtcpNanos;

    // The agent's side of the conversation (null when the edge echoes): its pacer and turn state,
    // the link's own per-session state, and the RTP stream we write its frames into.
    final net.voxedge.edge.turn.TurnTaker turn;
    private Object agentState;
    private final net.voxedge.edge.metrics.EdgeMetrics metrics;
    boolean agentOpened;
    /** On its home loop's pacing list (home-thread state). */
    boolean pacingListed;
    int agentSeq;
    long agentTs;
    long agentLastSentNanos;

    EdgeSession(long id, String callId, String subject, String localUfrag, NegotiatedAudio audio,
            long localSsrc, IceLiteSession ice, net.voxedge.edge.dtls.DtlsCertificate certificate, long nowNanos,
            long lifetimeNanos, net.voxedge.edge.turn.TurnTaker turn, net.voxedge.edge.metrics.EdgeMetrics metrics,
            net.voxedge.edge.agent.AgentPlacement placement) {
        this.placement = placement;
        this.turn = turn;
        this.metrics = metrics;
        this.agentSeq = (int) (localSsrc * 31) & 0xFFFF;
        this.agentTs = (localSsrc * 7919) & 0xFFFFFFFFL;
        this.certificate = certificate;
        this.id = id;
        this.callId = callId;
        this.subject = subject;
        this.localUfrag = localUfrag;
        this.audio = audio;
        this.localSsrc = localSsrc;
        this.ice = ice;
        this.remoteFingerprint = audio.remoteFingerprintHex();
        this.createdNanos = nowNanos;
        this.deadlineNanos = nowNanos + lifetimeNanos;
        this.receiveStats = new ReceiveStatistics(audio.remoteSsrc() < 0 ? 0 : audio.remoteSsrc(), 48_000);
    }

    public long id() {
        return id;
    }

    /** The session's turn-taking and agent-audio pacer; null when the edge runs without an agent (echo). */
    public net.voxedge.edge.turn.TurnTaker turn() {
        return turn;
    }

    /**
     * Offers one 20 ms agent Opus frame to the session's pacer (home loop only; the bytes are
     * copied), counting the outcome in the metrics.
     *
     * @param mediaTs the frame's position in its response (48 kHz clock)
     * @param responseTag the response it belongs to (increasing per session)
     */
    public net.voxedge.edge.turn.AgentAudioPacer.Offer offerAgentFrame(byte[] b, int off, int len, long mediaTs,
            int responseTag, long nowNanos) {
        var result = turn.offerAgentFrame(b, off, len, mediaTs, responseTag, nowNanos);
        metrics.agentFrameOffered(result);
        MediaWorker h = home.get();
        if (result == net.voxedge.edge.turn.AgentAudioPacer.Offer.QUEUED && h != null) {
            h.needsPacing(this);
        }
        return result;
    }

    /**
     * Where the session's agent runs, as its agent link decided when the offer was answered (the
     * backbone's cluster); null when the edge echoes or the agent is local. Failover may move a
     * backbone session later: the uplink and its log have the current cluster.
     */
    public net.voxedge.edge.agent.AgentPlacement placement() {
        return placement;
    }

    /** What the agent link keeps for this session; only touched on the home loop. */
    public Object agentState() {
        return agentState;
    }

    /** Sets what the agent link keeps for this session (home loop only). */
    public void agentState(Object state) {
        this.agentState = state;
    }

    /**
     * The client address media goes to (ICE's selected pair), or null before one was nominated. For a
     * client reached through a relaying host, its real address (the relayer sends to it).
     */
    public InetSocketAddress selectedAddress() {
        return selectedClient;
    }

    /** Whether the selected pair goes through a relaying host. */
    public boolean selectedViaRelay() {
        InetSocketAddress a = selected;
        return a != null && a.isUnresolved();
    }

    public String callId() {
        return callId;
    }

    public String subject() {
        return subject;
    }

    public String localUfrag() {
        return localUfrag;
    }

    public NegotiatedAudio audio() {
        return audio;
    }

    public long localSsrc() {
        return localSsrc;
    }

    public long createdNanos() {
        return createdNanos;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    public boolean isClosed() {
        return closed.get();
    }

    public CloseReason closeReason() {
        return closeReason;
    }

    MediaWorker home() {
        return home.get();
    }

    /** The first worker to see a binding request for this session becomes its home. */
    MediaWorker claimHome(MediaWorker candidate) {
        return home.compareAndExchange(null, candidate) == null ? candidate : home.get();
    }

    /** Marks the session closed; true only for the one caller that actually closed it. */
    boolean markClosed(CloseReason reason) {
        if (closed.compareAndSet(false, true)) {
            closeReason = reason;
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return "session " + Long.toHexString(id) + " (call " + callId + ")";
    }
}
