package net.voxedge.edge.session;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.ArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import net.voxedge.edge.demux.PacketClass;
import net.voxedge.edge.demux.PacketClassifier;
import net.voxedge.edge.dtls.DtlsEndpointListener;
import net.voxedge.edge.dtls.DtlsServerEndpoint;
import net.voxedge.edge.ice.BindingVerdict;
import net.voxedge.edge.metrics.CloseReason;
import net.voxedge.edge.metrics.DropReason;
import net.voxedge.edge.metrics.EdgeMetrics;
import net.voxedge.edge.metrics.PacketClassLabel;
import net.voxedge.edge.rtp.NtpTime;
import net.voxedge.edge.rtp.ReportBlock;
import net.voxedge.edge.rtp.RtcpCompound;
import net.voxedge.edge.rtp.RtcpParseResult;
import net.voxedge.edge.rtp.RtcpWriter;
import net.voxedge.edge.rtp.RtpPacket;
import net.voxedge.edge.rtp.RtpParseResult;
import net.voxedge.edge.srtp.SrtpContext;
import net.voxedge.edge.srtp.SrtpError;
import net.voxedge.edge.srtp.SrtpKeyMaterial;
import net.voxedge.edge.srtp.SrtpProfile;
import net.voxedge.edge.stun.IceRoleAttribute;
import net.voxedge.edge.stun.ShortTermCredentialMac;
import net.voxedge.edge.stun.StunMessage;
import net.voxedge.edge.stun.StunMessageClass;
import net.voxedge.edge.stun.StunMessageWriter;
import net.voxedge.edge.stun.StunParseResult;
import net.voxedge.edge.token.RoutingToken;
import net.voxedge.edge.token.RoutingTokenCodec;
import net.voxedge.edge.token.TokenVerdict;
import net.voxedge.edge.transport.DatagramHandler;
import net.voxedge.edge.transport.DatagramSender;
import net.voxedge.edge.transport.RelayFrameHandler;
import net.voxedge.edge.relay.Relay;
import net.voxedge.edge.relay.RelayBinding;
import net.voxedge.edge.relay.RelayClientKey;
import net.voxedge.edge.relay.RelayFrame;
import net.voxedge.edge.relay.RelayFrameResult;
import net.voxedge.edge.relay.RelayMac;
import net.voxedge.edge.relay.RelayRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packet path of one media event loop. Classifies each datagram (RFC 7983), finds its session
 * (by sender address, or for a STUN request from a new address by the verified routing token in
 * its USERNAME), and processes it on the session's home loop: inline when that is this loop, else
 * by handing a copy over. Holds one set of reusable parsers and a scratch buffer, so the steady
 * path allocates nothing of its own.
 *
 * <p>Nothing is remembered about a source before a binding request from it passed
 * MESSAGE-INTEGRITY and FINGERPRINT: unknown non-STUN traffic is dropped and counted, and no reply
 * is ever larger than the request that caused it.
 */
public final class MediaWorker implements DatagramHandler, RelayFrameHandler {
    private static final Logger log = LoggerFactory.getLogger(MediaWorker.class);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long RTCP_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);
    private static final long PROBE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(2);
    // Agent frames are due every 20 ms; a 5 ms tick releases each within 5 ms of its due time, and the
    // pacer keeps the 20 ms cadence across the tick's jitter.
    private static final long PACING_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    // A gap longer than this between agent frames starts a new talk spurt (RTP marker bit, RFC 3551 4.1).
    private static final long SPURT_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(60);
    private static final int RTP_HEADER = RtpPacket.FIXED_HEADER_LENGTH;
    // After an unauthenticatable DTLS alert (see peerClosed): longer than a live client's longest silence,
    // its ICE consent checks every 4-6 s (RFC 7675 5.1), far shorter than the consent timeout.
    private static final long PEER_CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(6);
    private static final byte DTLS_CONTENT_ALERT = 21;

    /** PRIORITY of the probe's (never used) peer-reflexive candidate: a host-type value. */
    private static final long PROBE_PRIORITY = 0x7E7FFFFFL;

    private final DatagramSender sockets;
    private final SessionManager manager;
    private final SessionRegistry registry;
    private final EdgeMetrics metrics;
    private final StunMessage stun = new StunMessage();
    private final StunMessageWriter stunWriter = new StunMessageWriter();
    private final RoutingToken token = new RoutingToken();
    private final RoutingTokenCodec tokens;
    private final RtpPacket rtp = new RtpPacket();
    private final RtcpCompound rtcp = new RtcpCompound();
    private final ReportBlock reportBlock = new ReportBlock();
    private final ReportBlock[] reportBlocks = {reportBlock};
    private final byte[] out = new byte[2048];
    private final byte[] agentOut = new byte[2048];
    // Where a held datagram is replayed from: SRTP works in place and the echo grows it by the auth tag.
    private final byte[] replay = new byte[HeldMedia.MAX_DATAGRAM + HeldMedia.REPLAY_HEADROOM];
    private final net.voxedge.edge.agent.AgentLink agentLink;
    private final ArrayList<EdgeSession> homed = new ArrayList<>();
    // The sessions the pacing tick walks: those with agent audio waiting or link work pending. Walking
    // every homed session each 5 ms would cost ~40 ns x sessions x 200/s for nothing on idle ones.
    private final ArrayList<EdgeSession> pacing = new ArrayList<>();
    private final long probeIntervalNanos;
    // Datagrams this loop read for sessions homed on another loop; lets tests prove the hand-off path runs.
    private final java.util.concurrent.atomic.AtomicLong handedOff = new java.util.concurrent.atomic.AtomicLong();

    /** 256 slots of 1280 bytes (a 20 ms Opus frame is at most 1275): ~330 KB per loop. */
    private static final int AGENT_INBOX_SLOTS = 256;
    private static final int AGENT_INBOX_MAX_FRAME = 1280;
    private final AgentFrameInbox agentInbox;
    /**
     * Socket numbers from here up name a relay route, not a media socket: a client reached through a
     * relaying peer is processed like any other, with this as its socket, and {@link #send} turns a
     * datagram to it into a relay frame (edge-daemon/README.md, "Relay").
     */
    static final int RELAY_SOCKET_BASE = 1 << 20;
    private final Relay relay;
    private final RelayFrame frame = new RelayFrame();
    private final RelayMac relayMac = new RelayMac();
    private final RelayClientKey relayProbe = new RelayClientKey();
    private final byte[] relayIn = new byte[2048];
    private final byte[] relayOut = new byte[RelayFrame.MAX_FRAME];
    // The IP bytes of the last unbound client whose binding request this loop relayed (getAddress() copies).
    private InetSocketAddress relayIpFor;
    private byte[] relayIp;

    MediaWorker(DatagramSender sockets, SessionManager manager) {
        this.sockets = sockets;
        this.manager = manager;
        this.registry = manager.registry();
        this.metrics = manager.metrics();
        this.probeIntervalNanos = manager.stunProbeInterval().toNanos();
        this.tokens = new RoutingTokenCodec(manager::routingKeys);
        this.agentLink = manager.agentLink();
        this.relay = manager.relay();
        sockets.loop().scheduleAtFixedRate(this::tick, TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);
        if (agentLink != null) {
            sockets.loop().scheduleAtFixedRate(this::pace, PACING_TICK_NANOS, PACING_TICK_NANOS, TimeUnit.NANOSECONDS);
        }
        this.agentInbox = agentLink == null ? null
                : new AgentFrameInbox(AGENT_INBOX_SLOTS, AGENT_INBOX_MAX_FRAME, sockets.loop(), this::onAgentFrame);
    }

    /** The inbox agent frames from other threads reach this loop through, or null without an agent link. */
    AgentFrameInbox agentInbox() {
        return agentInbox;
    }

    private void onAgentFrame(EdgeSession s, byte[] buf, int off, int len, long mediaTs, int responseTag) {
        if (s.isClosed()) {
            return;
        }
        try {
            s.offerAgentFrame(buf, off, len, mediaTs, responseTag, System.nanoTime());
        } catch (RuntimeException e) {
            metrics.drop(DropReason.WORKER_ERROR);
            log.warn("error offering an agent frame to {}", s, e);
        }
    }

    DatagramSender sockets() {
        return sockets;
    }

    @Override
    public void onDatagram(byte[] buf, int len, InetSocketAddress sender, int socket) {
        if (len == 0) {
            metrics.drop(DropReason.EMPTY);
            return;
        }
        PacketClass cls = PacketClassifier.classify(buf, 0, len);
        switch (cls) {
            case STUN -> {
                metrics.packetIn(PacketClassLabel.STUN, len);
                onStun(buf, len, sender, socket);
            }
            case DTLS, RTP, RTCP -> {
                metrics.packetIn(cls == PacketClass.DTLS ? PacketClassLabel.DTLS
                        : cls == PacketClass.RTP ? PacketClassLabel.RTP : PacketClassLabel.RTCP, len);
                routeKnown(cls, buf, len, sender, socket);
            }
            default -> {
                metrics.packetIn(PacketClassLabel.OTHER, len);
                metrics.drop(DropReason.UNKNOWN_PACKET_CLASS);
            }
        }
    }

    private void routeKnown(PacketClass cls, byte[] buf, int len, InetSocketAddress sender, int socket) {
        EdgeSession s = registry.byAddress(sender);
        if (s == null) {
            if (!relayToBoundOwner(buf, len, sender, socket)) {
                metrics.drop(DropReason.UNKNOWN_SOURCE);
            }
            return;
        }
        deliver(s, cls, buf, len, sender, socket);
    }

    private void onStun(byte[] buf, int len, InetSocketAddress sender, int socket) {
        StunParseResult parsed = stun.parse(buf, 0, len);
        if (parsed != StunParseResult.OK) {
            metrics.drop(DropReason.STUN_MALFORMED);
            return;
        }
        EdgeSession s = registry.byAddress(sender);
        if (!stun.isBindingRequest()) {
            if (s != null && stun.method() == StunMessage.METHOD_BINDING
                    && stun.messageClass() == StunMessageClass.SUCCESS_RESPONSE) {
                deliver(s, PacketClass.STUN, buf, len, sender, socket);
            } else if (s == null && relayToBoundOwner(buf, len, sender, socket)) {
                return;
            } else {
                metrics.drop(s == null ? DropReason.STUN_NOT_BINDING_REQUEST : DropReason.STUN_RESPONSE_UNMATCHED);
            }
            return;
        }
        if (s == null || !usernameNames(s, buf)) {
            // A new address, or a known one checking for another session (a NAT that gave the address to a
            // new call): the signed token routes it, and the newest session to authenticate owns the address.
            s = sessionFromToken(buf, len, sender, socket);
            if (s == null) {
                return;
            }
        }
        deliver(s, PacketClass.STUN, buf, len, sender, socket);
    }

    /** Whether the parsed request's USERNAME starts with {@code s}'s ufrag, as every check for it does. */
    private boolean usernameNames(EdgeSession s, byte[] buf) {
        int off = stun.usernameOffset();
        String ufrag = s.localUfrag();
        if (!stun.hasUsername() || stun.usernameColonOffset() - off != ufrag.length()) {
            return false;
        }
        for (int i = 0; i < ufrag.length(); i++) {
            if (buf[off + i] != ufrag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Routes a binding request from a new address by the signed token in its USERNAME. */
    private EdgeSession sessionFromToken(byte[] buf, int len, InetSocketAddress sender, int socket) {
        if (!stun.hasUsername() || stun.usernameColonOffset() < 0) {
            metrics.drop(DropReason.STUN_NO_USERNAME);
            return null;
        }
        int ufragLen = stun.usernameColonOffset() - stun.usernameOffset();
        TokenVerdict v = tokens.verify(buf, stun.usernameOffset(), ufragLen, manager.epochSeconds(), token);
        switch (v) {
            case OK -> { }
            case MALFORMED -> { metrics.drop(DropReason.TOKEN_MALFORMED); return null; }
            case UNKNOWN_KEY -> { metrics.drop(DropReason.TOKEN_UNKNOWN_KEY); return null; }
            case BAD_MAC -> { metrics.drop(DropReason.TOKEN_BAD_MAC); return null; }
            case EXPIRED -> { metrics.drop(DropReason.TOKEN_EXPIRED); return null; }
        }
        if (token.popId() != manager.popId() || token.hostId() != manager.hostId()) {
            relayToOwner(buf, len, sender, socket);
            return null;
        }
        EdgeSession s = registry.byId(token.sessionId());
        if (s == null) {
            metrics.drop(DropReason.SESSION_UNKNOWN);
        }
        return s;
    }

    private void deliver(EdgeSession s, PacketClass cls, byte[] buf, int len, InetSocketAddress sender, int socket) {
        MediaWorker h = s.home();
        if (h == null) {
            h = s.claimHome(this);
        }
        if (h == this) {
            process(s, cls, buf, 0, len, sender, socket);
            return;
        }
        // Another loop owns the session: hand it a copy (rare: a client whose second address
        // hashed to another SO_REUSEPORT socket).
        byte[] copy = java.util.Arrays.copyOf(buf, len + 64);
        MediaWorker target = h;
        handedOff.incrementAndGet();
        try {
            target.sockets.loop().execute(() -> target.processSafely(s, cls, copy, len, sender, socket));
        } catch (RejectedExecutionException e) {
            metrics.drop(DropReason.HANDOFF_FAILED);
        }
    }

    private void processSafely(EdgeSession s, PacketClass cls, byte[] buf, int len, InetSocketAddress sender, int socket) {
        try {
            process(s, cls, buf, 0, len, sender, socket);
        } catch (RuntimeException e) {
            metrics.drop(DropReason.WORKER_ERROR);
            log.warn("error processing handed-off packet for {}", s, e);
        }
    }

    private void process(EdgeSession s, PacketClass cls, byte[] buf, int off, int len, InetSocketAddress sender, int socket) {
        if (s.isClosed()) {
            metrics.drop(DropReason.SESSION_UNKNOWN);
            return;
        }
        if (!s.homedHere) {
            s.homedHere = true;
            homed.add(s);
        }
        switch (cls) {
            case STUN -> processStun(s, buf, off, len, sender, socket);
            case DTLS -> processDtls(s, buf, off, len);
            case RTP -> processRtp(s, buf, off, len);
            case RTCP -> processRtcp(s, buf, off, len);
            default -> metrics.drop(DropReason.UNKNOWN_PACKET_CLASS);
        }
    }

    private void processStun(EdgeSession s, byte[] buf, int off, int len, InetSocketAddress sender, int socket) {
        if (!stun.isParsedFrom(buf, off, len) && stun.parse(buf, off, len) != StunParseResult.OK) {
            metrics.drop(DropReason.STUN_MALFORMED);
            return;
        }
        long now = System.nanoTime();
        if (!stun.isBindingRequest()) {
            onProbeResponse(s, buf, now);
            return;
        }
        BindingVerdict v = s.ice.onBindingRequest(stun, buf, off, len, sender, now);
        if (!v.accepted()) {
            metrics.drop(dropFor(v));
            if (v.authenticated() && v.errorCode() > 0) {
                // Only an authenticated request earns an error reply (e.g. 487 role conflict): an
                // unauthenticated one is dropped silently, so the port never reflects traffic.
                int n = stunWriter.writeBindingError(out, 0, stun, v.errorCode(), s.ice.responseIntegrity());
                send(socket, out, n, sender, PacketClassLabel.STUN);
            }
            return;
        }
        s.lastAuthenticNanos = now;
        // A relayed client's route, read once: the checks below all need it, and a sweep on another loop
        // may replace the slot meanwhile.
        boolean viaRelay = isRelaySocket(socket);
        RelayRoute route = viaRelay ? relay.routes().get(socket - RELAY_SOCKET_BASE) : null;
        boolean routeMatches = route != null && route.key().equals(sender);
        if (s.connectedNanos == 0) {
            s.connectedNanos = now;
            s.nextProbeNanos = now + Math.min(probeIntervalNanos, TimeUnit.SECONDS.toNanos(1));
            metrics.iceConnect(now - s.createdNanos());
        }
        if (!s.addresses.contains(sender)) {
            forgetDroppedAddresses(s);
            s.addresses.add(sender);
            registry.bindAddress(sender, s);
            if (routeMatches) {
                route.markAuthenticated();
                log.info("{}: client {} reached through relay peer {}", s, route.client(), relay.peer(route.peer()));
            }
        }
        InetSocketAddress selected = s.ice.selectedAddress();
        if (selected != null && !selected.equals(s.selected)) {
            // ICE selects only the address of the request it accepted (this one), so `socket` is its way back.
            s.selectedClient = route != null ? route.client() : selected;
            s.selected = selected;
            s.selectedSocket = viaRelay ? socket : sockets.socketFor(selected, socket);
        }
        if (!sender.equals(s.mappedFor)) {
            // InetAddress.getAddress() copies; a client checks from the same address every few seconds.
            if (viaRelay) {
                // The route key is unresolved: XOR-MAPPED-ADDRESS carries the client's real address.
                if (!routeMatches) {
                    metrics.drop(DropReason.RELAY_ROUTE_GONE);
                    return;
                }
                s.mappedIp = route.ip();
            } else {
                s.mappedIp = sender.getAddress().getAddress();
            }
            s.mappedFor = sender;
        }
        int n = stunWriter.writeBindingSuccess(out, 0, stun, s.mappedIp, sender.getPort(),
                s.ice.responseIntegrity());
        send(socket, out, n, sender, PacketClassLabel.STUN);
    }

    /** Sends the session's STUN RTT probe: an ICE check signed with the client's password. */
    private void sendProbe(EdgeSession s, long now) {
        InetSocketAddress to = s.selected;
        String remotePwd = s.audio().remoteIcePwd();
        if (to == null || remotePwd == null || s.audio().remoteIceUfrag() == null) {
            return;
        }
        if (s.probeMac == null) {
            s.probeMac = ShortTermCredentialMac.create(remotePwd);
            s.probeUsername = (s.audio().remoteIceUfrag() + ":" + s.localUfrag()).getBytes(StandardCharsets.UTF_8);
        }
        ThreadLocalRandom.current().nextBytes(s.probeTransactionId);
        int n = stunWriter.writeBindingRequest(out, 0, s.probeTransactionId, 0, s.probeUsername, PROBE_PRIORITY,
                IceRoleAttribute.CONTROLLED, s.id(), false, s.probeMac);
        s.probeSentNanos = now;
        send(s.selectedSocket, out, n, to, PacketClassLabel.STUN);
    }

    private void onProbeResponse(EdgeSession s, byte[] buf, long now) {
        int tid = stun.transactionIdOffset();
        if (s.probeSentNanos == 0 || s.probeMac == null
                || !Arrays.equals(buf, tid, tid + 12, s.probeTransactionId, 0, 12)
                || !stun.hasMessageIntegrity() || !stun.verifyMessageIntegrity(s.probeMac)) {
            metrics.drop(DropReason.STUN_RESPONSE_UNMATCHED);
            return;
        }
        long micros = (now - s.probeSentNanos) / 1000;
        metrics.stunRtt(micros);
        manager.clientRtt(s, micros);
        s.probeSentNanos = 0;
    }

    /**
     * At its address cap, ICE gives the slot of an address that lost consent to a new one; the old address's
     * binding goes with it, or a client that keeps changing networks would leave an entry behind each time.
     */
    private void forgetDroppedAddresses(EdgeSession s) {
        for (int i = s.addresses.size() - 1; i >= 0; i--) {
            InetSocketAddress a = s.addresses.get(i);
            if (!s.ice.isKnownAddress(a)) {
                s.addresses.remove(i);
                registry.unbindAddress(a, s);
            }
        }
    }

    private static DropReason dropFor(BindingVerdict v) {
        return switch (v) {
            case REJECT_BAD_USERNAME -> DropReason.ICE_BAD_USERNAME;
            case REJECT_NO_FINGERPRINT -> DropReason.ICE_NO_FINGERPRINT;
            case REJECT_BAD_FINGERPRINT -> DropReason.ICE_BAD_FINGERPRINT;
            case REJECT_NO_INTEGRITY -> DropReason.ICE_NO_INTEGRITY;
            case REJECT_BAD_INTEGRITY -> DropReason.ICE_BAD_INTEGRITY;
            case REJECT_NO_PRIORITY -> DropReason.ICE_NO_PRIORITY;
            case REJECT_ROLE_CONFLICT -> DropReason.ICE_ROLE_CONFLICT;
            case REJECT_UNKNOWN_ATTRIBUTES -> DropReason.ICE_UNKNOWN_ATTRIBUTES;
            case REJECT_TOO_MANY_ADDRESSES -> DropReason.ICE_TOO_MANY_ADDRESSES;
            default -> DropReason.STUN_MALFORMED;
        };
    }

    private void processDtls(EdgeSession s, byte[] buf, int off, int len) {
        if (s.dtlsReleased) {
            // No association left to read it (a late retransmission, the peer's close_notify): see releaseDtls.
            metrics.drop(DropReason.DTLS_AFTER_RELEASE);
            if (buf[off] == DTLS_CONTENT_ALERT && s.peerCloseHintNanos == 0) {
                s.peerCloseHintNanos = System.nanoTime();
            }
            return;
        }
        if (s.dtls == null) {
            if (s.dtlsFinished) {
                metrics.drop(DropReason.DTLS_AFTER_CLOSE);
                return;
            }
            s.dtls = manager.newDtlsEndpoint(s, sink(s), listener(s));
            s.dtls.start();
        }
        if (!s.dtls.offer(buf, off, len)) {
            metrics.drop(DropReason.DTLS_QUEUE_FULL);
        }
    }

    /** DTLS records go out from the handshake thread; Netty queues the write onto the home loop. */
    private net.voxedge.edge.dtls.DtlsOutboundSink sink(EdgeSession s) {
        return (b, off, len) -> {
            InetSocketAddress to = s.selected;
            if (to == null) {
                return;
            }
            int socket = s.selectedSocket;
            if (isRelaySocket(socket)) {
                // Relay frames are built in this loop's scratch with its MAC: hand the flight over (rare: handshakes).
                byte[] copy = Arrays.copyOfRange(b, off, off + len);
                execute(() -> sendSafely(socket, copy, to));
                return;
            }
            sockets.send(socket, b, off, len, to);
            metrics.packetOut(PacketClassLabel.DTLS, len);
        };
    }

    private DtlsEndpointListener listener(EdgeSession s) {
        return new DtlsEndpointListener() {
            @Override
            public void onHandshakeComplete(int srtpProfileId, byte[] keyingMaterial, long handshakeNanos) {
                // Published before anything else: our Finished is already on its way, the client sends SRTP
                // as soon as it has it, and a busy home loop may run the install task only much later.
                s.pendingSrtpProfile = srtpProfileId;
                s.pendingSrtpKeys = keyingMaterial;
                metrics.dtlsHandshake(handshakeNanos);
                execute(() -> installSrtp(s));
            }

            @Override
            public void onHandshakeFailed(String reason) {
                metrics.dtlsFailure();
                log.info("{}: DTLS handshake failed: {}", s, reason);
                manager.close(s, CloseReason.DTLS_FAILED);
            }

            @Override
            public void onClosed(String reason) {
                log.info("{}: DTLS closed: {}", s, reason);
                manager.close(s, CloseReason.DTLS_CLOSED);
            }

            @Override
            public void onReleased(byte[] closeNotify) {
                execute(() -> adoptCloseNotify(s, closeNotify));
            }
        };
    }

    /**
     * Lets go of the session's DTLS association once the client sent its first authenticated SRTP
     * or SRTCP: a client sends media only after its handshake completed, i.e. after it verified our
     * Finished, so we will never need to resend our last flight, and DTLS-SRTP has no renegotiation.
     * What stays is the close_notify record the association writes now, sent when the session ends.
     * A client flight retransmitted before our Finished reached it and reordered behind its SRTP
     * needs no answer (the client is already done) and is dropped as {@code dtls_after_release}.
     */
    private void releaseDtls(EdgeSession s) {
        s.dtlsReleased = true;
        s.dtls.release();
    }

    /** The released association's close_notify reaches the home loop: keep it, or send it if the session ended meanwhile. */
    private void adoptCloseNotify(EdgeSession s, byte[] closeNotify) {
        metrics.dtlsReleased();
        if (s.dtlsFinished) {
            // release(s) already ran and found the endpoint gone: the close_notify is ours to send.
            sendCloseNotify(s, closeNotify);
            return;
        }
        s.closeNotify = closeNotify;
        s.dtls = null;
        log.debug("{}: DTLS association released ({}-byte close_notify kept)", s, closeNotify.length);
    }

    private void sendCloseNotify(EdgeSession s, byte[] closeNotify) {
        InetSocketAddress to = s.selected;
        if (to != null && closeNotify != null && closeNotify.length > 0) {
            send(s.selectedSocket, closeNotify, closeNotify.length, to, PacketClassLabel.DTLS);
        }
    }

    private void execute(Runnable r) {
        try {
            sockets.loop().execute(r);
        } catch (RejectedExecutionException e) {
            log.debug("loop shutting down; task dropped");
        }
    }

    /**
     * The session's receive context, installing the keys the DTLS thread published if the queued install task
     * has not run yet: the loop reads datagrams before it runs tasks, so the client's first packets would
     * otherwise be dropped as {@code rtp_before_keys} for as long as the loop is behind.
     */
    private SrtpContext receiveContext(EdgeSession s) {
        SrtpContext in = s.srtpIn;
        if (in == null && s.pendingSrtpKeys != null) {
            installSrtp(s);
            in = s.srtpIn;
        }
        return in;
    }

    /** Installs the published SRTP keys, once; on the home loop. */
    private void installSrtp(EdgeSession s) {
        byte[] keyingMaterial = s.pendingSrtpKeys;
        if (s.isClosed() || s.srtpIn != null || keyingMaterial == null) {
            return;
        }
        s.pendingSrtpKeys = null;
        int profileId = s.pendingSrtpProfile;
        SrtpProfile profile = SrtpProfile.fromId(profileId).orElse(null);
        if (profile == null) {
            manager.close(s, CloseReason.DTLS_FAILED);
            return;
        }
        SrtpKeyMaterial keys = SrtpKeyMaterial.fromDtlsExport(profile, keyingMaterial, true);
        s.srtpIn = SrtpContext.forReceiving(keys);
        s.srtpOut = SrtpContext.forSending(keys);
        s.srtpProfile = profile;
        s.nextRtcpNanos = System.nanoTime() + RTCP_INTERVAL_NANOS / 2;
        log.info("{}: secure ({}), {} address(es)", s, profile, s.addresses.size());
        if (agentLink != null && s.turn != null && !s.agentOpened) {
            s.agentOpened = true;
            try {
                agentLink.open(s, System.nanoTime());
                needsPacing(s);
            } catch (RuntimeException e) {
                log.warn("{}: agent link failed to open", s, e);
                manager.close(s, CloseReason.AGENT_FAILED);
            }
        }
        replayHeld(s);
    }

    /**
     * SRTP that beat the keys: held while the handshake is under way (see {@link HeldMedia}), else
     * dropped as {@code rtp_before_keys}. The buffer is allocated only when this race happens.
     */
    private void holdOrDrop(EdgeSession s, byte[] buf, int off, int len, boolean isRtcp) {
        if (s.dtls == null || s.dtlsFinished) {
            metrics.drop(DropReason.RTP_BEFORE_KEYS);
            return;
        }
        HeldMedia held = s.held;
        if (held == null) {
            held = new HeldMedia();
            s.held = held;
        }
        if (held.add(buf, off, len, isRtcp)) {
            metrics.rtpHeld();
        } else {
            metrics.drop(DropReason.RTP_HOLD_OVERFLOW);
        }
    }

    /**
     * Runs the held datagrams through the SRTP path in arrival order, right after the keys went in
     * (and before the datagram whose arrival installed them, when that is how they went in).
     */
    private void replayHeld(EdgeSession s) {
        HeldMedia held = s.held;
        if (held == null) {
            return;
        }
        s.held = null;
        int n = held.count();
        log.debug("{}: replaying {} datagram(s) that arrived before the keys", s, n);
        for (int i = 0; i < n && !s.isClosed(); i++) {
            int len = held.length(i);
            System.arraycopy(held.bytes(), held.offset(i), replay, 0, len);
            metrics.rtpHeldReplayed();
            if (held.isRtcp(i)) {
                processRtcp(s, replay, 0, len);
            } else {
                processRtp(s, replay, 0, len);
            }
        }
    }

    /** Held datagrams of a session that will never get keys are counted as dropped. */
    private void discardHeld(EdgeSession s) {
        HeldMedia held = s.held;
        if (held == null) {
            return;
        }
        s.held = null;
        for (int i = 0; i < held.count(); i++) {
            metrics.drop(DropReason.RTP_HELD_DISCARDED);
        }
    }

    /** SRTP/SRTCP-decrypts in place; the plaintext length, or -1 after counting why it was dropped. */
    private int unprotect(EdgeSession s, byte[] buf, int off, int len, boolean isRtcp) {
        SrtpContext in = receiveContext(s);
        if (in == null) {
            holdOrDrop(s, buf, off, len, isRtcp);
            return -1;
        }
        int n = isRtcp ? in.unprotectRtcp(buf, off, len) : in.unprotectRtp(buf, off, len);
        if (n < 0) {
            metrics.drop(dropFor(n));
            return -1;
        }
        if (!s.dtlsReleased && s.dtls != null) {
            releaseDtls(s);
        }
        return n;
    }

    private void processRtp(EdgeSession s, byte[] buf, int off, int len) {
        int n = unprotect(s, buf, off, len, false);
        if (n < 0) {
            return;
        }
        if (rtp.parse(buf, off, n) != RtpParseResult.OK) {
            metrics.drop(DropReason.RTP_MALFORMED);
            return;
        }
        long now = System.nanoTime();
        s.lastAuthenticNanos = now;
        s.receiveStats.onPacket(rtp.sequenceNumber(), rtp.timestamp(), now);
        if (s.turn == null) {
            echo(s, buf, off, n, now);
        } else {
            toAgent(s, buf, now);
        }
    }

    /**
     * The user's frame goes to the agent; its audio level first decides the turn, so that a
     * barge-in has dropped the agent's waiting audio before anything else happens.
     */
    private void toAgent(EdgeSession s, byte[] buf, long now) {
        int extId = s.audio().audioLevelExtId();
        int level = extId > 0 ? rtp.audioLevel(extId) : -1;
        net.voxedge.edge.turn.TurnTaker.UserEvent event = s.turn.onUserPacket(level, now);
        try {
            if (event != net.voxedge.edge.turn.TurnTaker.UserEvent.NONE) {
                if (event == net.voxedge.edge.turn.TurnTaker.UserEvent.BARGE_IN) {
                    metrics.bargeIn(s.turn.droppedAtCancel());
                    log.debug("{}: barge-in; dropped {} agent frames, {} ms of response {} heard", s,
                            s.turn.droppedAtCancel(), s.turn.playedMillisAtCancel(), s.turn.cancelledTag());
                }
                if (event != net.voxedge.edge.turn.TurnTaker.UserEvent.USER_STOPPED) {
                    metrics.userTurn();
                }
                agentLink.userTurn(s, event, now);
                needsPacing(s);
            }
            if (rtp.payloadLength() > 0) {
                agentLink.userAudio(s, buf, rtp.payloadOffset(), rtp.payloadLength(), rtp.sequenceNumber(),
                        rtp.timestamp(), now);
            }
        } catch (RuntimeException e) {
            metrics.drop(DropReason.WORKER_ERROR);
            log.warn("{}: agent link failed on user audio", s, e);
        }
    }

    /** Releases due agent frames of the sessions this loop owns (every {@link #PACING_TICK_NANOS}). */
    private void pace() {
        long now = System.nanoTime();
        sockets.beginBatch();
        try {
            paceAll(now);
        } finally {
            sockets.endBatch();
        }
    }

    private void paceAll(long now) {
        for (int i = pacing.size() - 1; i >= 0; i--) {
            EdgeSession s = pacing.get(i);
            boolean keep = false;
            if (s.turn != null && s.agentOpened && !s.isClosed()) {
                try {
                    agentLink.pump(s, now);
                    sendAgentFrame(s, now);
                    keep = s.turn.pacer().queuedFrames() > 0 || agentLink.wantsPump(s);
                } catch (RuntimeException e) {
                    metrics.drop(DropReason.WORKER_ERROR);
                    log.warn("{}: agent pacing failed", s, e);
                }
            }
            if (!keep) {
                // Order does not matter: swap the last one in.
                s.pacingListed = false;
                int last = pacing.size() - 1;
                pacing.set(i, pacing.get(last));
                pacing.remove(last);
            }
        }
    }

    /** Puts {@code s} on this loop's pacing list (home loop only; a no-op when it is there). */
    void needsPacing(EdgeSession s) {
        if (!s.pacingListed && s.turn != null) {
            s.pacingListed = true;
            pacing.add(s);
        }
    }

    int pacingCount() {
        return pacing.size();
    }

    /** One due agent frame as RTP on our SSRC, continuing our own sequence and clock. */
    private void sendAgentFrame(EdgeSession s, long now) {
        InetSocketAddress to = s.selected;
        if (to == null || s.srtpOut == null) {
            return;
        }
        int payload = s.turn.pollAgentFrame(now, agentOut, RTP_HEADER);
        if (payload < 0) {
            return;
        }
        net.voxedge.edge.turn.TurnTaker turn = s.turn;
        if (turn.bargeIns() > 0 && turn.pacer().releasedTag() - turn.cancelledTag() <= 0) {
            metrics.agentFrameAfterBargeIn();
        }
        boolean newSpurt = s.agentLastSentNanos == 0 || now - s.agentLastSentNanos > SPURT_GAP_NANOS;
        if (s.agentLastSentNanos != 0) {
            // Across a gap the clock advances by the real time that passed, so the client's jitter buffer
            // sees the silence for what it is.
            s.agentTs = (s.agentTs + (newSpurt ? (now - s.agentLastSentNanos) * 48 / 1_000_000 : 960)) & 0xFFFFFFFFL;
        }
        s.agentSeq = (s.agentSeq + 1) & 0xFFFF;
        RtpPacket.writeFixedHeader(agentOut, 0, RTP_HEADER, s.audio().opusPayloadType(), newSpurt, s.agentSeq,
                s.agentTs, s.localSsrc());
        int m = s.srtpOut.protectRtp(agentOut, 0, RTP_HEADER + payload);
        if (m < 0) {
            metrics.drop(dropFor(m));
            return;
        }
        s.agentLastSentNanos = now;
        s.packetsSent++;
        s.octetsSent += payload;
        s.lastRtpTimestampSent = s.agentTs;
        s.lastRtpSentNanos = now;
        metrics.agentFrameSent();
        send(s.selectedSocket, agentOut, 0, m, to, PacketClassLabel.RTP);
    }

    /** The echo media handler: the client's own audio, re-keyed and re-stamped with our SSRC. */
    private void echo(EdgeSession s, byte[] buf, int off, int n, long now) {
        InetSocketAddress to = s.selected;
        if (to == null) {
            return;
        }
        long ts = rtp.timestamp();
        int payload = rtp.payloadLength();
        RtpPacket.setSsrc(buf, off, s.localSsrc());
        int m = s.srtpOut.protectRtp(buf, off, n);
        if (m < 0) {
            metrics.drop(dropFor(m));
            return;
        }
        s.packetsSent++;
        s.octetsSent += payload;
        s.lastRtpTimestampSent = ts;
        s.lastRtpSentNanos = now;
        send(s.selectedSocket, buf, off, m, to, PacketClassLabel.RTP);
    }

    private void processRtcp(EdgeSession s, byte[] buf, int off, int len) {
        int n = unprotect(s, buf, off, len, true);
        if (n < 0) {
            return;
        }
        if (rtcp.parse(buf, off, n) != RtcpParseResult.OK) {
            metrics.drop(DropReason.RTCP_MALFORMED);
            return;
        }
        long now = System.nanoTime();
        s.lastAuthenticNanos = now;
        long arrivalNtp = NtpTime.fromUnixNanos(manager.unixNanos());
        while (rtcp.next()) {
            int pt = rtcp.packetType();
            if (pt == RtcpCompound.PT_SR) {
                s.receiveStats.onSenderReport(rtcp.ntpTimestamp(), now);
            }
            if (pt == RtcpCompound.PT_SR || pt == RtcpCompound.PT_RR) {
                for (int i = 0; i < rtcp.reportCount(); i++) {
                    if (rtcp.reportBlock(i, reportBlock) && reportBlock.ssrc() == s.localSsrc()) {
                        long rttMicros = s.rtt.onReportBlock(reportBlock.lastSenderReport(),
                                reportBlock.delaySinceLastSenderReport(), arrivalNtp);
                        if (rttMicros >= 0) {
                            metrics.rtcpRtt(rttMicros);
                            manager.clientRtt(s, rttMicros);
                        }
                    }
                }
            }
        }
    }

    private static DropReason dropFor(int srtpCode) {
        SrtpError e = SrtpError.fromCode(srtpCode);
        if (e == null) {
            return DropReason.SRTP_REJECTED;
        }
        return switch (e) {
            case AUTH_FAILED -> DropReason.SRTP_AUTH_FAILED;
            case REPLAYED -> DropReason.SRTP_REPLAYED;
            case TOO_OLD -> DropReason.SRTP_TOO_OLD;
            default -> DropReason.SRTP_REJECTED;
        };
    }

    private void send(int socket, byte[] b, int len, InetSocketAddress to, PacketClassLabel cls) {
        send(socket, b, 0, len, to, cls);
    }

    private void send(int socket, byte[] b, int off, int len, InetSocketAddress to, PacketClassLabel cls) {
        if (len <= 0) {
            return;
        }
        if (isRelaySocket(socket)) {
            if (!sendViaRelay(socket, b, off, len, to)) {
                return;
            }
        } else {
            sockets.send(socket, b, off, len, to);
        }
        metrics.packetOut(cls, len);
    }

    private void sendSafely(int socket, byte[] b, InetSocketAddress to) {
        try {
            sockets.beginBatch();
            send(socket, b, 0, b.length, to, PacketClassLabel.DTLS);
        } catch (RuntimeException e) {
            metrics.drop(DropReason.WORKER_ERROR);
            log.warn("relayed DTLS send failed", e);
        } finally {
            sockets.endBatch();
        }
    }

    static boolean isRelaySocket(int socket) {
        return socket >= RELAY_SOCKET_BASE;
    }

    // ---------------------------------------------------------------- cross-host relay

    /**
     * Relaying host, a binding request whose verified token names another host: to that owner, if it is a
     * peer. Nothing is remembered about the client yet (the owner has not authenticated it).
     */
    private void relayToOwner(byte[] buf, int len, InetSocketAddress sender, int socket) {
        if (relay == null) {
            metrics.drop(DropReason.TOKEN_OTHER_HOST);
            return;
        }
        if (isRelaySocket(socket)) {
            metrics.drop(DropReason.RELAY_LOOP);
            return;
        }
        int peer = relay.peerFor(token.popId(), token.hostId());
        if (peer < 0) {
            metrics.drop(DropReason.RELAY_NO_PEER);
            return;
        }
        RelayBinding b = relay.bindings().byClient(sender);
        byte[] ip;
        if (b != null) {
            ip = b.ip();
        } else {
            if (!sender.equals(relayIpFor)) {
                relayIp = sender.getAddress().getAddress();
                relayIpFor = sender;
            }
            ip = relayIp;
        }
        sendFrame(RelayFrame.TYPE_TO_OWNER, peer, socket, ip, sender.getPort(), buf, 0, len, Relay.Leg.TO_OWNER);
    }

    /** Relaying host, any datagram from a client the owner authenticated: to that owner. False if not bound. */
    private boolean relayToBoundOwner(byte[] buf, int len, InetSocketAddress sender, int socket) {
        if (relay == null || isRelaySocket(socket)) {
            return false;
        }
        RelayBinding b = relay.bindings().byClient(sender);
        if (b == null) {
            return false;
        }
        sendFrame(RelayFrame.TYPE_TO_OWNER, b.peer(), socket, b.ip(), sender.getPort(), buf, 0, len, Relay.Leg.TO_OWNER);
        return true;
    }

    /** Owning host, a datagram to a relayed client: as a frame to the relaying peer. */
    private boolean sendViaRelay(int socket, byte[] b, int off, int len, InetSocketAddress to) {
        RelayRoute route = relay == null ? null : relay.routes().get(socket - RELAY_SOCKET_BASE);
        if (route == null || !route.key().equals(to)) {
            metrics.drop(DropReason.RELAY_ROUTE_GONE);
            return false;
        }
        relay.routes().touch(route, System.nanoTime());
        return sendFrame(RelayFrame.TYPE_TO_CLIENT, route.peer(), route.socket(), route.ip(), route.client().getPort(),
                b, off, len, Relay.Leg.OWNER_OUT);
    }

    private boolean sendFrame(int type, int peer, int socket, byte[] ip, int port, byte[] b, int off, int len,
            Relay.Leg leg) {
        var keys = relay.keys();
        int h = RelayFrame.writeHeader(relayOut, 0, type, keys.currentKeyId(), socket, ip, port, len);
        if (h < 0) {
            metrics.drop(DropReason.OVERSIZED);
            return false;
        }
        System.arraycopy(b, off, relayOut, h, len);
        int n = relayMac.seal(keys, relayOut, 0, h + len);
        if (n < 0) {
            metrics.drop(DropReason.RELAY_BAD_TAG);
            return false;
        }
        if (!sockets.sendRelay(relayOut, 0, n, relay.peer(peer).address())) {
            // Only a stand-in sender without a relay socket gets here; the daemon binds one on every loop.
            metrics.drop(DropReason.WORKER_ERROR);
            return false;
        }
        relay.count(leg, len);
        return true;
    }

    @Override
    public void onRelayFrame(byte[] buf, int len, InetSocketAddress sender) {
        int peer = relay == null ? -1 : relay.peerAt(sender);
        if (peer < 0) {
            metrics.drop(DropReason.RELAY_UNKNOWN_PEER);
            return;
        }
        if (frame.parse(buf, 0, len) != RelayFrameResult.OK) {
            metrics.drop(DropReason.RELAY_MALFORMED);
            return;
        }
        if (!relayMac.verify(relay.keys(), buf, 0, len)) {
            metrics.drop(DropReason.RELAY_BAD_TAG);
            return;
        }
        long now = System.nanoTime();
        if (frame.type() == RelayFrame.TYPE_TO_OWNER) {
            fromRelayer(peer, buf, now);
        } else {
            toClient(peer, buf, now);
        }
    }

    /**
     * Owning host: a client's datagram a peer relayed. It enters the normal path under its route's key, so
     * the reply goes back the way it came; a client without a route gets one only with a binding request
     * (which the token and MESSAGE-INTEGRITY checks then judge as for any client).
     */
    private void fromRelayer(int peer, byte[] buf, long now) {
        int off = frame.payloadOffset();
        int len = frame.payloadLength();
        relayProbe.set(peer, frame.socket(), frame.family(), frame.ip(), frame.port());
        RelayRoute route = relay.routes().find(relayProbe);
        if (route == null) {
            if (!isBindingRequest(buf, off, len)) {
                metrics.drop(DropReason.RELAY_UNKNOWN_ROUTE);
                return;
            }
            route = relay.routes().create(relayProbe, peer, frame.socket(), now);
            if (route == null) {
                metrics.drop(DropReason.RELAY_TABLE_FULL);
                return;
            }
            if (log.isDebugEnabled()) {
                log.debug("relay: client {} checks in through {} ({} relayed client(s))", route.client(), relay.peer(peer),
                        relay.routes().size());
            }
        }
        relay.routes().touch(route, now);
        relay.count(Relay.Leg.OWNER_IN, len);
        System.arraycopy(buf, off, relayIn, 0, len);
        onDatagram(relayIn, len, route.key(), RELAY_SOCKET_BASE + route.index());
    }

    /**
     * Relaying host: an owner's datagram for a client. Its binding success response for a client binds
     * that client to it (the owner checked MESSAGE-INTEGRITY); anything else goes only to a client bound to
     * this owner. Sent from the media socket the client used.
     */
    private void toClient(int peer, byte[] buf, long now) {
        int off = frame.payloadOffset();
        int len = frame.payloadLength();
        int socket = frame.socket();
        relayProbe.set(0, 0, frame.family(), frame.ip(), frame.port());
        RelayBinding b;
        if (isBindingSuccess(buf, off, len)) {
            if (socket >= sockets.socketCount() || socketFamilyWrong(socket)) {
                metrics.drop(DropReason.RELAY_BAD_SOCKET);
                return;
            }
            RelayBinding before = relay.bindings().find(relayProbe);
            b = relay.bindings().onOwnerSuccess(relayProbe, peer, socket, now);
            if (b == null) {
                metrics.drop(DropReason.RELAY_TABLE_FULL);
                return;
            }
            if (before == null) {
                log.info("relay: client {} authenticated by {}: relaying its traffic there ({} binding(s))",
                        b.client(), relay.peer(peer), relay.bindings().size());
            }
        } else {
            b = relay.bindings().find(relayProbe);
            if (b == null) {
                metrics.drop(DropReason.RELAY_UNBOUND_CLIENT);
                return;
            }
            if (b.peer() != peer) {
                metrics.drop(DropReason.RELAY_WRONG_OWNER);
                return;
            }
            relay.bindings().touch(b, now);
        }
        sockets.send(b.socket(), buf, off, len, b.client());
        relay.count(Relay.Leg.TO_CLIENT, len);
    }

    private boolean socketFamilyWrong(int socket) {
        return sockets.socketFor(frame.family() == 6 ? V6_PROBE : V4_PROBE, socket) != socket;
    }

    private static final InetSocketAddress V4_PROBE = new InetSocketAddress(java.net.InetAddress.ofLiteral("0.0.0.0"), 1);
    private static final InetSocketAddress V6_PROBE = new InetSocketAddress(java.net.InetAddress.ofLiteral("::"), 1);

    /** STUN Binding request header (RFC 8489 §5: type 0x0001, magic cookie). */
    private static boolean isBindingRequest(byte[] b, int off, int len) {
        return isStunType(b, off, len, 0x0001);
    }

    /** STUN Binding success response header (type 0x0101). */
    private static boolean isBindingSuccess(byte[] b, int off, int len) {
        return isStunType(b, off, len, 0x0101);
    }

    private static boolean isStunType(byte[] b, int off, int len, int type) {
        return StunMessage.looksLikeStun(b, off, len) && (((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF)) == type;
    }

    /** Periodic work for the sessions this loop owns: consent, lifetime, RTCP reports. */
    private void tick() {
        tickAt(System.nanoTime());
    }

    /** The periodic work as of {@code now} (package-private: tests drive the clock by hand). */
    void tickAt(long now) {
        sockets.beginBatch();
        try {
            if (relay != null) {
                relay.maybeSweep(now);
            }
            for (int i = homed.size() - 1; i >= 0; i--) {
                EdgeSession s = homed.get(i);
                if (s.isClosed()) {
                    homed.remove(i);
                    continue;
                }
                if (s.ice.consentExpired(now)) {
                    manager.close(s, s.connectedNanos == 0 ? CloseReason.CONNECT_TIMEOUT : CloseReason.CONSENT_EXPIRED);
                } else if (now - s.deadlineNanos() > 0) {
                    manager.close(s, CloseReason.LIFETIME_EXCEEDED);
                } else if (peerClosed(s, now)) {
                    manager.close(s, CloseReason.DTLS_CLOSED);
                } else {
                    if (s.srtpOut != null && now - s.nextRtcpNanos >= 0) {
                        s.nextRtcpNanos = now + RTCP_INTERVAL_NANOS;
                        sendRtcp(s, now);
                    }
                    if (s.probeSentNanos != 0 && now - s.probeSentNanos > PROBE_TIMEOUT_NANOS) {
                        s.probeSentNanos = 0;
                    }
                    if (probeIntervalNanos > 0 && s.connectedNanos != 0 && now - s.nextProbeNanos >= 0) {
                        s.nextProbeNanos = now + probeIntervalNanos;
                        sendProbe(s, now);
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("media worker tick failed", e);
        } finally {
            sockets.endBatch();
        }
    }

    /**
     * Whether the client closed its side after the DTLS release: an alert-typed record came (a
     * browser's close_notify when its PeerConnection closes) and nothing authenticated followed
     * within the grace. The alert itself cannot be authenticated any more, so it never ends a call
     * alone: a live client's media or consent checks clear it, and a spoofed one costs nothing.
     */
    private static boolean peerClosed(EdgeSession s, long now) {
        long hint = s.peerCloseHintNanos;
        if (hint == 0 || now - hint < PEER_CLOSE_GRACE_NANOS) {
            return false;
        }
        if (s.lastAuthenticNanos - hint > 0) {
            s.peerCloseHintNanos = 0;
            return false;
        }
        return true;
    }

    /**
     * A compound SR (or RR before we sent anything) + SDES CNAME: the SR lets the client measure
     * RTT ({@code remote-inbound-rtp}); our report block about its stream lets it see loss/jitter.
     */
    private void sendRtcp(EdgeSession s, long now) {
        InetSocketAddress to = s.selected;
        if (to == null) {
            return;
        }
        int blocks = s.receiveStats.packetsReceived() > 0 && s.receiveStats.fillReportBlock(reportBlock, now) ? 1 : 0;
        long ntp = NtpTime.fromUnixNanos(manager.unixNanos());
        int n;
        if (s.packetsSent > 0) {
            long rtpTs = s.lastRtpTimestampSent + (now - s.lastRtpSentNanos) * 48 / 1_000_000;
            n = RtcpWriter.writeSenderReport(out, 0, out.length, s.localSsrc(), ntp, rtpTs & 0xFFFFFFFFL,
                    s.packetsSent, s.octetsSent, reportBlocks, blocks);
            s.rtt.onSenderReportSent(ntp);
        } else {
            n = RtcpWriter.writeReceiverReport(out, 0, out.length, s.localSsrc(), reportBlocks, blocks);
        }
        if (n <= 0) {
            return;
        }
        int sdes = RtcpWriter.writeSdesCname(out, n, out.length - n, s.localSsrc(), manager.cnameBytes());
        if (sdes > 0) {
            n += sdes;
        }
        int m = s.srtpOut.protectRtcp(out, 0, n);
        if (m > 0) {
            send(s.selectedSocket, out, 0, m, to, PacketClassLabel.RTCP);
        }
    }

    /** Frees what this loop holds for a closed session (runs on this loop). */
    void release(EdgeSession s) {
        for (InetSocketAddress a : s.addresses) {
            registry.unbindAddress(a, s);
        }
        if (s.dtls != null) {
            // Its thread sends close_notify, or (released meanwhile) adoptCloseNotify will.
            s.dtls.close();
            s.dtls = null;
        }
        if (s.closeNotify != null) {
            // Written when the association was released; no DTLS record was sent after it.
            sendCloseNotify(s, s.closeNotify);
            s.closeNotify = null;
        }
        s.dtlsFinished = true;
        discardHeld(s);
        s.pendingSrtpKeys = null;
        s.srtpIn = null;
        s.srtpOut = null;
        homed.remove(s);
        if (s.agentOpened) {
            s.agentOpened = false;
            try {
                agentLink.close(s, s.closeReason());
            } catch (RuntimeException e) {
                log.warn("{}: agent link failed to close", s, e);
            }
        }
    }

    int homedCount() {
        return homed.size();
    }

    long handedOffCount() {
        return handedOff.get();
    }
}
