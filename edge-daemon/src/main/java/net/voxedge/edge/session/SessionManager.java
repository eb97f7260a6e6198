package net.voxedge.edge.session;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.voxedge.edge.agent.AgentPlacement;
import net.voxedge.edge.config.EdgeConfig;
import net.voxedge.edge.dtls.DtlsCertificate;
import net.voxedge.edge.dtls.DtlsEndpointListener;
import net.voxedge.edge.dtls.DtlsOutboundSink;
import net.voxedge.edge.dtls.DtlsServerEndpoint;
import net.voxedge.edge.ice.IceLiteConfig;
import net.voxedge.edge.ice.IceLiteSession;
import net.voxedge.edge.metrics.CloseReason;
import net.voxedge.edge.metrics.EdgeMetrics;
import net.voxedge.edge.sdp.AnswerBuilder;
import net.voxedge.edge.sdp.HostCandidate;
import net.voxedge.edge.sdp.NegotiatedAudio;
import net.voxedge.edge.sdp.SdpAnswer;
import net.voxedge.edge.sdp.SdpException;
import net.voxedge.edge.sdp.SdpOffer;
import net.voxedge.edge.signaling.CallService;
import net.voxedge.edge.signaling.OfferRejectedException;
import net.voxedge.edge.token.RoutingKeys;
import net.voxedge.edge.token.RoutingTokenCodec;
import net.voxedge.edge.transport.DatagramSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates sessions from offers and ends them. The one place that knows how signaling, ICE, DTLS
 * and the media workers fit together for a call's whole life.
 */
public final class SessionManager implements CallService, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionManager.class);
    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    private final EdgeConfig config;
    private final EdgeMetrics metrics;
    private final SessionRegistry registry = new SessionRegistry();
    private final SecureRandom random = new SecureRandom();
    private final ExecutorService dtlsExecutor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("dtls-", 0).factory());
    private final List<MediaWorker> workers = new ArrayList<>();
    private final RoutingTokenCodec mintCodec;
    private volatile RoutingKeys routingKeys;
    private volatile DtlsCertificate certificate;
    private volatile List<HostCandidate> candidates = List.of();
    private volatile boolean accepting;
    private final String cname;
    private final byte[] cnameBytes;
    private final IceLiteConfig iceConfig;
    private final net.voxedge.edge.agent.AgentLink agentLink;
    private volatile net.voxedge.edge.presence.ClientRttAggregator clientRtts;
    private volatile java.util.function.UnaryOperator<DtlsEndpointListener> dtlsListenerWrapper = l -> l;
    /** The cross-host relay, or null when {@code relay.listen} is not set. */
    private final net.voxedge.edge.relay.Relay relay;

    public SessionManager(EdgeConfig config, EdgeMetrics metrics) {
        this(config, metrics, null);
    }

    /**
     * @param backboneLink the link to the inference clusters, required when {@code media.handler=backbone}
     *     (the daemon builds it around its backbone uplink); ignored otherwise
     */
    public SessionManager(EdgeConfig config, EdgeMetrics metrics, net.voxedge.edge.agent.AgentLink backboneLink) {
        this.config = config;
        this.metrics = metrics;
        this.routingKeys = routingKeysFrom(config);
        this.mintCodec = new RoutingTokenCodec(this::routingKeys);
        this.certificate = DtlsCertificate.generate(certificateValidity());
        this.iceConfig = new IceLiteConfig(config.maxAddressesPerSession(), config.consentTimeout().toNanos(),
                config.connectTimeout().toNanos());
        this.cname = "voxedge-" + config.popName() + "-" + config.hostId();
        this.cnameBytes = cname.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.agentLink = switch (config.mediaHandler()) {
            case "parrot" -> net.voxedge.edge.agent.ParrotAgentLink.withDefaults();
            case "backbone" -> {
                if (backboneLink == null) {
                    throw new IllegalStateException("media.handler=backbone needs the daemon's backbone link");
                }
                yield backboneLink;
            }
            default -> null;
        };
        this.relay = config.relay().enabled()
                ? new net.voxedge.edge.relay.Relay(config.relay(), net.voxedge.edge.relay.RelayKeys.derive(
                        config.routingKeys(), config.routingCurrentKeyId()), metrics.registry())
                : null;
    }

    /** The cross-host relay, or null when it is off. */
    public net.voxedge.edge.relay.Relay relay() {
        return relay;
    }

    /** Makes the worker for one media event loop (the transport calls this once per loop). */
    public MediaWorker newWorker(DatagramSender sockets) {
        MediaWorker w = new MediaWorker(sockets, this);
        synchronized (workers) {
            workers.add(w);
        }
        return w;
    }

    /** Called once the media port is bound: the candidates every answer carries. */
    public void mediaReady(List<java.net.InetSocketAddress> bound) {
        List<HostCandidate> list = new ArrayList<>();
        List<net.voxedge.edge.config.HostPort> adv = config.mediaAdvertise();
        for (int i = 0; i < adv.size(); i++) {
            int port = adv.get(i).port() != 0 ? adv.get(i).port() : bound.get(Math.min(i, bound.size() - 1)).getPort();
            // Local preference falls with list order so clients try the first advertised address first.
            long priority = HostCandidate.hostPriority(65535 - i);
            list.add(new HostCandidate(String.valueOf(i + 1), adv.get(i).address().getHostAddress(), port, priority));
        }
        candidates = List.copyOf(list);
        accepting = true;
        scheduleSweep();
    }

    private void scheduleSweep() {
        MediaWorker w = workers.get(0);
        w.sockets().loop().scheduleAtFixedRate(this::sweepUnclaimed, 1, 1, TimeUnit.SECONDS);
        long rotation = config.certificateRotation().toSeconds();
        // Key generation takes milliseconds: do it on a virtual thread, not the media loop.
        w.sockets().loop().scheduleAtFixedRate(() -> dtlsExecutor.execute(this::rotateCertificate),
                rotation, rotation, TimeUnit.SECONDS);
    }

    /** A certificate outlives the rotation period by a day, so no session's certificate expires under it. */
    private Duration certificateValidity() {
        return config.certificateRotation().plus(config.sessionMaxLifetime()).plusDays(1);
    }

    /** Makes a fresh DTLS certificate for new sessions; running sessions keep the one they advertised. */
    public void rotateCertificate() {
        DtlsCertificate next = DtlsCertificate.generate(certificateValidity());
        certificate = next;
        log.info("DTLS certificate rotated: new sessions use {}", next.sha256Fingerprint());
    }

    /** Sessions no worker owns yet never got a valid binding request: time them out here. */
    private void sweepUnclaimed() {
        long now = System.nanoTime();
        long limit = config.connectTimeout().toNanos();
        for (EdgeSession s : registry.live()) {
            if (s.home() == null && now - s.createdNanos() > limit) {
                close(s, CloseReason.CONNECT_TIMEOUT);
            }
        }
    }

    @Override
    public CallAnswer create(String offerSdp, String subject, String requestedCluster) throws OfferRejectedException {
        if (!accepting) {
            throw new OfferRejectedException(503, "edge is not accepting new sessions (starting or draining)");
        }
        if (registry.size() >= config.maxSessions()) {
            throw new OfferRejectedException(503, "edge is at capacity (" + config.maxSessions() + " sessions)");
        }
        SdpOffer offer;
        try {
            offer = SdpOffer.parse(offerSdp);
        } catch (SdpException e) {
            throw new OfferRejectedException(400, "bad offer: " + e.getMessage());
        }
        long now = System.nanoTime();
        long expires = epochSeconds() + config.sessionMaxLifetime().toSeconds();
        long id;
        EdgeSession s;
        String ufrag;
        String pwd = randomIceString(24);
        String callId = HexFormat.of().formatHex(randomBytes(16));
        long ssrc = (random.nextInt() & 0xFFFFFFFFL) | 1L;
        DtlsCertificate cert = certificate;
        // After every check that can refuse the offer: each placement is counted once, as a session.
        AgentPlacement placement = agentLink == null ? null : agentLink.place(requestedCluster);
        SdpAnswer answer;
        do {
            id = random.nextLong() & Long.MAX_VALUE;
            ufrag = mintUfrag(id, expires);
            answer = answer(offer, id, ufrag, pwd, ssrc, cert);
            NegotiatedAudio audio = answer.audio();
            IceLiteSession ice = new IceLiteSession(ufrag, pwd, audio.remoteIceUfrag(), audio.remoteIcePwd(), iceConfig, now);
            s = new EdgeSession(id, callId, subject, ufrag, audio, ssrc, ice, cert, now, config.sessionMaxLifetime().toNanos(),
                    agentLink == null ? null : net.voxedge.edge.turn.TurnTaker.withDefaults(), metrics, placement);
        } while (!registry.add(s));
        metrics.sessionCreated();
        if (placement == null) {
            log.info("{} created for {} ({} sessions)", s, subject, registry.size());
        } else {
            log.info("{} created for {} ({} sessions): cluster {} ({})", s, subject, registry.size(), placement.name(),
                    placement.why());
        }
        return new CallAnswer(callId, answer.sdp(), placement == null ? null : placement.name());
    }

    /**
     * Runs a built-in offer through everything answering it touches (SDP, routing token, ICE and
     * DTLS set-up classes) without registering a session, so the first real caller does not pay
     * class loading and JIT warm-up (about 0.4 s cold vs ~10 ms warm).
     */
    public void warmUp() {
        try (var in = SessionManager.class.getResourceAsStream("/warmup/offer.sdp")) {
            if (in == null) {
                return;
            }
            SdpOffer offer = SdpOffer.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            String ufrag = mintUfrag(1, epochSeconds() + 60);
            String pwd = randomIceString(24);
            NegotiatedAudio audio = answer(offer, 1, ufrag, pwd, 1, certificate).audio();
            new IceLiteSession(ufrag, pwd, audio.remoteIceUfrag(), audio.remoteIcePwd(), iceConfig, System.nanoTime());
        } catch (Exception e) {
            log.warn("warm-up offer failed (the first call will be slower): {}", e.toString());
        }
    }

    /** The signed routing token that is a new session's server ufrag. */
    private String mintUfrag(long sessionId, long expiresAtEpochSeconds) {
        synchronized (mintCodec) {
            return mintCodec.mint(config.popId(), config.hostId(), sessionId, expiresAtEpochSeconds);
        }
    }

    /** The ICE-lite answer to {@code offer}, advertising {@code cert} and this host's candidates. */
    private SdpAnswer answer(SdpOffer offer, long sessionId, String ufrag, String pwd, long ssrc, DtlsCertificate cert) {
        AnswerBuilder builder = new AnswerBuilder().iceUfrag(ufrag).icePwd(pwd)
                .fingerprint("sha-256 " + cert.sha256Fingerprint())
                .audioSsrc(ssrc).cname(cname).sessionId(sessionId).sessionVersion(1);
        for (HostCandidate c : candidates) {
            builder.addCandidate(c);
        }
        return builder.answer(offer);
    }

    @Override
    public boolean delete(String callId, String subject) {
        EdgeSession s = registry.byCallId(callId);
        // Only the subject that made a call may end it; to any other it does not exist (404, not 403).
        if (s == null || !s.subject().equals(subject)) {
            return false;
        }
        return close(s, CloseReason.DELETED);
    }

    /** Ends a session from any thread; idempotent. */
    public boolean close(EdgeSession s, CloseReason reason) {
        if (!s.markClosed(reason)) {
            return false;
        }
        registry.remove(s);
        metrics.sessionClosed(reason);
        log.info("{} closed: {}", s, reason.label);
        MediaWorker h = s.claimHome(workers.get(0));
        try {
            h.sockets().loop().execute(() -> h.release(s));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("loop shut down before releasing {}", s);
        }
        return true;
    }

    @Override
    public boolean ready() {
        return accepting;
    }

    /** Stops taking new sessions (drain); existing ones continue. */
    public void stopAccepting() {
        accepting = false;
    }

    DtlsServerEndpoint newDtlsEndpoint(EdgeSession s, DtlsOutboundSink sink, DtlsEndpointListener listener) {
        return new DtlsServerEndpoint(s.certificate, config.srtpProfileIds(), s.remoteFingerprint, sink,
                dtlsListenerWrapper.apply(listener), config.dtlsHandshakeTimeout(), dtlsExecutor,
                DtlsServerEndpoint.DEFAULT_MTU);
    }

    /**
     * Test seam: wraps the listener every new DTLS endpoint reports to, e.g. to hold back the key
     * publication and so replay the race between our Finished and the keys deterministically.
     */
    void wrapDtlsListeners(java.util.function.UnaryOperator<DtlsEndpointListener> wrapper) {
        this.dtlsListenerWrapper = java.util.Objects.requireNonNull(wrapper);
    }

    /**
     * Takes the routing keys of a re-read configuration (rotation without a restart): new tokens
     * are signed with its current key; tokens under any key it still lists keep verifying, so a key
     * is retired by leaving it out once sessions signed with it have ended. Workers pick the keys up
     * on their next token check.
     */
    public void reloadRoutingKeys(EdgeConfig fresh) {
        routingKeys = routingKeysFrom(fresh);
        if (relay != null) {
            relay.reloadKeys(fresh.routingKeys(), fresh.routingCurrentKeyId());
        }
        log.info("routing keys reloaded: ids {}, signing with {}", fresh.routingKeys().keySet(), fresh.routingCurrentKeyId());
    }

    private static RoutingKeys routingKeysFrom(EdgeConfig config) {
        RoutingKeys keys = null;
        for (var e : config.routingKeys().entrySet()) {
            keys = keys == null ? RoutingKeys.of(e.getKey(), e.getValue()) : keys.withKey(e.getKey(), e.getValue());
        }
        return keys.withCurrentKey(config.routingCurrentKeyId());
    }

    /** Where measured client round trips go (the registry presence), or null to keep none. */
    public void clientRtts(net.voxedge.edge.presence.ClientRttAggregator aggregator) {
        this.clientRtts = aggregator;
    }

    /** A round trip measured to the session's client (STUN probe or RTCP), for the router's table. */
    void clientRtt(EdgeSession s, long micros) {
        net.voxedge.edge.presence.ClientRttAggregator a = clientRtts;
        java.net.InetSocketAddress to = s.selected;
        // Through a relay (an unresolved route key) the round trip includes the relay hop: not this PoP's own.
        if (a != null && to != null && !to.isUnresolved()) {
            a.record(to.getAddress(), micros, System.currentTimeMillis());
        }
    }

    /** The agent behind every session, or null when the edge echoes. */
    net.voxedge.edge.agent.AgentLink agentLink() {
        return agentLink;
    }

    /**
     * Runs {@code task} on the session's home loop (where its media state lives), e.g. to offer it
     * agent audio that arrived on another thread.
     *
     * @return false when the session has no home yet, is closed, or its loop is shutting down
     */
    /**
     * Hands an agent audio frame from any thread to the session's pacer on its home loop: copied
     * once into the loop's {@link AgentFrameInbox}, or, when that is full, into a new array with a
     * task (counted: {@code voxedge_agent_handoff_fallbacks_total}). The bytes may be reused once
     * this returns.
     *
     * @return false when the session has no home loop or is closed (the frame is not taken)
     */
    public boolean handAgentFrame(EdgeSession s, byte[] buf, int off, int len, long mediaTs, int responseTag) {
        MediaWorker h = s.home();
        if (h == null || s.isClosed()) {
            return false;
        }
        AgentFrameInbox inbox = h.agentInbox();
        try {
            if (inbox != null && inbox.offer(s, buf, off, len, mediaTs, responseTag)) {
                return true;
            }
            metrics.agentHandoffFallback();
            byte[] copy = java.util.Arrays.copyOfRange(buf, off, off + len);
            h.sockets().loop().execute(() -> s.offerAgentFrame(copy, 0, copy.length, mediaTs, responseTag,
                    System.nanoTime()));
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false;
        }
    }

    List<MediaWorker> workers() {
        synchronized (workers) {
            return List.copyOf(workers);
        }
    }

    RoutingKeys routingKeys() {
        return routingKeys;
    }

    public SessionRegistry registry() {
        return registry;
    }

    public EdgeMetrics metrics() {
        return metrics;
    }

    public DtlsCertificate certificate() {
        return certificate;
    }

    java.time.Duration stunProbeInterval() {
        return config.stunProbeInterval();
    }

    int popId() {
        return config.popId();
    }

    int hostId() {
        return config.hostId();
    }

    byte[] cnameBytes() {
        return cnameBytes;
    }

    long epochSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    long unixNanos() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private String randomIceString(int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = ICE_CHARS[random.nextInt(ICE_CHARS.length)];
        }
        return new String(c);
    }

    @Override
    public void close() {
        accepting = false;
        for (EdgeSession s : registry.snapshot()) {
            close(s, CloseReason.SHUTDOWN);
        }
        dtlsExecutor.shutdownNow();
    }
}
