package net.voxedge.backbone.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.voxedge.backbone.adapter.ModelAdapter;
import net.voxedge.backbone.adapter.ModelAdapterListener;
import net.voxedge.backbone.adapter.ModelSessionConfig;
import net.voxedge.backbone.adapter.ResponseStatus;
import net.voxedge.backbone.tunnel.AgentAudioPayload;
import net.voxedge.backbone.tunnel.ControlType;
import net.voxedge.backbone.tunnel.LinkKeys;
import net.voxedge.backbone.tunnel.LinkRole;
import net.voxedge.backbone.tunnel.SendStatus;
import net.voxedge.backbone.tunnel.TunnelLink;
import net.voxedge.backbone.tunnel.TunnelLinkConfig;
import net.voxedge.backbone.tunnel.TunnelListener;
import net.voxedge.backbone.tunnel.WireFormat;
import net.voxedge.backbone.tunnel.io.TunnelEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster end of the backbone: terminates one tunnel link per edge host, and per session opens a
 * model connection through an {@link AdapterFactory} (PROTOCOL.md section 10).
 *
 * <p>Threads: the tunnel endpoint's event loop owns every session. Tunnel events arrive there; model
 * adapter callbacks (on their own threads) and the pacing timer are moved there with
 * {@link TunnelEndpoint#execute}, so {@link GatewaySession} needs no locks. No exception leaves a
 * handler: the endpoint counts and logs tunnel-side ones, the adapter listener counts its own.
 */
public final class ClusterGateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterGateway.class);
    private static final int EARLY_SESSIONS = 256;
    private static final int EARLY_FRAMES = 250;
    private static final long EARLY_MAX_AGE_NANOS = 5_000_000_000L;

    private final GatewayConfig config;
    private final AdapterFactory factory;
    private final TunnelEndpoint endpoint;
    private final GatewayMetrics metrics;
    private final Counter orphanFrames;
    private final AtomicInteger active = new AtomicInteger();
    private final List<EdgePeer> peers = new ArrayList<>();
    private final ScheduledExecutorService pacer;
    private final AtomicBoolean pacePending = new AtomicBoolean();
    private volatile boolean closed;

    /** One edge host: its link, its sessions and the user audio waiting for an OPEN. */
    private final class EdgePeer implements TunnelListener {
        final String name;
        final Map<Long, GatewaySession> sessions = new HashMap<>();
        final EarlyUserFrames early = new EarlyUserFrames(EARLY_SESSIONS, EARLY_FRAMES, EARLY_MAX_AGE_NANOS);
        TunnelLink link;
        /** The link's keys (event loop). */
        LinkKeys keys;
        /** The configuration the link was made with, or last reloaded. */
        EdgePeerConfig config;

        EdgePeer(String name) {
            this.name = name;
        }

        @Override
        public void onMedia(long session, int stream, int seq, int mediaTs, int flags, byte[] buf, int off, int len) {
            if (stream != AgentAudioPayload.USER_STREAM) {
                return; // nothing else flows edge → cluster today
            }
            GatewaySession s = sessions.get(session);
            if (s != null) {
                s.onUserAudio(seq, mediaTs, buf, off, len);
            } else if (!early.hold(session, seq, mediaTs, buf, off, len, System.nanoTime())) {
                orphanFrames.increment();
            }
        }

        @Override
        public void onControl(long session, int type, byte[] buf, int off, int len) {
            switch (type) {
                case ControlType.OPEN -> onOpen(this, session, buf, off, len);
                case ControlType.CANCEL -> {
                    GatewaySession s = sessions.get(session);
                    if (s == null) {
                        metrics.cancelsIgnored.increment();
                        return;
                    }
                    CancelOutcome outcome = s.onCancel(buf, off, len);
                    log.info("session {} from {}: CANCEL {} -> {}", hex(session), name,
                            CancelPayloadText.describe(buf, off, len), outcome);
                }
                case ControlType.CLOSE -> {
                    String reason = new String(buf, off, len, StandardCharsets.UTF_8);
                    log.info("session {} from {}: CLOSE by the edge ({})", hex(session), name,
                            reason.isEmpty() ? "no reason" : reason);
                    early.take(session);
                    end(this, session, null);
                }
                default -> log.debug("session {} from {}: control type {} ignored", hex(session), name, type);
            }
        }
    }

    private ClusterGateway(GatewayConfig config, AdapterFactory factory, MeterRegistry registry) throws InterruptedException {
        this.config = config;
        this.factory = factory;
        this.metrics = new GatewayMetrics(registry, active::get);
        this.orphanFrames = Counter.builder("voxedge_gateway_orphan_frames_total")
                .description("User audio frames for no open session beyond what is held for a late OPEN").register(registry);
        this.endpoint = TunnelEndpoint.bind(config.bind(), registry, 1_000_000L);
        long epoch = System.currentTimeMillis(); // grows across restarts: never reuses a GCM nonce
        try {
            for (EdgePeerConfig e : config.edges()) {
                addEdge(e, epoch);
            }
        } catch (RuntimeException ex) {
            endpoint.close();
            throw ex;
        }
        this.pacer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gateway-pacer");
            t.setDaemon(true);
            return t;
        });
        pacer.scheduleAtFixedRate(this::schedulePace, config.tickNanos(), config.tickNanos(), TimeUnit.NANOSECONDS);
        log.info("cluster gateway {} ready: tunnel on {}, {} edge link(s), model {}", config.cluster(),
                endpoint.localAddress(), config.edges().size(), config.modelUrl());
    }

    /** Binds the tunnel socket, adds a link per configured edge and starts the pacing timer. */
    public static ClusterGateway start(GatewayConfig config, AdapterFactory factory, MeterRegistry registry)
            throws InterruptedException {
        return new ClusterGateway(config, factory, registry);
    }

    private void addEdge(EdgePeerConfig e, long epoch) {
        LinkKeys keys = new LinkKeys(LinkRole.CLUSTER, e.linkId());
        keys.replaceWith(e.keys(), e.keyId());
        EdgePeer peer = new EdgePeer(e.name());
        peer.keys = keys;
        peer.config = e;
        peer.link = endpoint.addPeer(e.name(), e.address(), TunnelLinkConfig.defaults(LinkRole.CLUSTER, e.linkId(), epoch),
                keys, peer);
        synchronized (peers) {
            peers.add(peer);
        }
    }

    private void onOpen(EdgePeer peer, long session, byte[] buf, int off, int len) {
        OpenParseResult parsed = OpenRequest.parse(session, buf, off, len);
        GatewaySession existing = peer.sessions.get(session);
        if (!parsed.isOk()) {
            metrics.opensRefused.increment();
            log.warn("session {} from {}: bad OPEN, closing: {}", hex(session), peer.name, parsed.error());
            peer.early.take(session);
            end(peer, session, "bad_open: " + parsed.error());
            return;
        }
        OpenRequest open = parsed.request();
        if (existing != null) {
            existing.reopened(open);
            log.info("session {} from {}: OPEN again (resumed={}), keeping its model connection", hex(session),
                    peer.name, open.resumed());
            return;
        }
        GatewaySession s = new GatewaySession(open, config.pacing(), (id, seq, ts, b, o, l) ->
                peer.link.sendMedia(id, AgentAudioPayload.STREAM, seq, ts, 0, b, o, l, false, System.nanoTime())
                        == SendStatus.SENT, metrics);
        ModelSessionConfig modelConfig = new ModelSessionConfig(hex(session), config.model(),
                open.instructions() != null ? open.instructions() : config.instructions(), config.voice());
        ModelAdapter adapter;
        try {
            adapter = factory.open(modelConfig, new SessionListener(peer, s));
        } catch (RuntimeException e) {
            metrics.adapterErrors.increment();
            metrics.opensRefused.increment();
            log.error("session {} from {}: cannot open a model connection", hex(session), peer.name, e);
            end(peer, session, "model_unavailable: " + e.getMessage());
            return;
        }
        s.attach(adapter);
        peer.sessions.put(session, s);
        active.incrementAndGet();
        log.info("session {} from {}: OPEN subject={} pop={} host={} resumed={}; model connection opening",
                hex(session), peer.name, open.subject(), open.pop(), open.host(), open.resumed());
        List<EarlyUserFrames.Frame> held = peer.early.take(session);
        for (EarlyUserFrames.Frame f : held) {
            s.onUserAudio(f.seq(), f.mediaTs(), f.opus(), 0, f.opus().length);
        }
        if (!held.isEmpty()) {
            log.info("session {}: {} user frames that overtook the OPEN delivered", hex(session), held.size());
        }
    }

    /**
     * Frees a session: closes its model connection, sends CLOSE with {@code reason} when the gateway
     * ends it (null when the edge did), and releases its tunnel streams.
     */
    private void end(EdgePeer peer, long session, String reason) {
        GatewaySession s = peer.sessions.remove(session);
        if (s != null) {
            active.decrementAndGet();
            s.close();
        }
        if (reason != null) {
            byte[] r = reason.getBytes(StandardCharsets.UTF_8);
            int n = Math.min(r.length, WireFormat.MAX_CONTROL_PAYLOAD);
            SendStatus st = peer.link.sendControl(session, ControlType.CLOSE, r, 0, n, System.nanoTime());
            if (st != SendStatus.SENT) {
                log.warn("session {} to {}: CLOSE not sent ({})", hex(session), peer.name, st);
            }
        }
        peer.link.closeSession(session);
    }

    private void schedulePace() {
        if (closed || !pacePending.compareAndSet(false, true)) {
            return; // the loop has not run the last one yet: one pending pass is enough
        }
        endpoint.execute(this::paceAll);
    }

    private void paceAll() {
        pacePending.set(false);
        long now = System.nanoTime();
        for (EdgePeer p : peersSnapshot()) {
            for (GatewaySession s : p.sessions.values()) {
                s.pace(now);
            }
            int expired = p.early.expire(now);
            if (expired > 0) {
                orphanFrames.increment(expired);
                log.warn("edge {}: {} user frames dropped, their session's OPEN never came", p.name, expired);
            }
        }
    }

    private List<EdgePeer> peersSnapshot() {
        synchronized (peers) {
            return new ArrayList<>(peers);
        }
    }

    /** Adapter events for one session, moved onto the endpoint's loop; stale ones (session gone) are dropped. */
    private final class SessionListener implements ModelAdapterListener {
        private final EdgePeer peer;
        private final GatewaySession session;

        SessionListener(EdgePeer peer, GatewaySession session) {
            this.peer = peer;
            this.session = session;
        }

        private void onLoop(Runnable task) {
            if (!closed) {
                endpoint.execute(() -> {
                    if (peer.sessions.get(session.id()) == session) {
                        task.run();
                    }
                });
            }
        }

        @Override
        public void onAgentAudio(String responseId, String itemId, long itemOffsetMs, long mediaTs48k, byte[] opus,
                                 int off, int len) {
            // the adapter reuses its array after we return: copy before the thread hop
            byte[] copy = java.util.Arrays.copyOfRange(opus, off, off + len);
            onLoop(() -> session.onAgentAudio(responseId, itemId, itemOffsetMs, copy, 0, copy.length, System.nanoTime()));
        }

        @Override
        public void onResponseStarted(String responseId) {
            log.debug("session {}: model response {} started", hex(session.id()), responseId);
        }

        @Override
        public void onResponseDone(String responseId, ResponseStatus status) {
            log.info("session {}: model response {} {}", hex(session.id()), responseId, status);
        }

        @Override
        public void onError(String code, String message) {
            metrics.adapterErrors.increment();
            log.warn("session {}: model error {}: {}", hex(session.id()), code, message);
        }

        @Override
        public void onClosed(String reason) {
            onLoop(() -> {
                metrics.adapterErrors.increment();
                log.warn("session {}: model connection ended ({}); closing the session", hex(session.id()), reason);
                end(peer, session.id(), "model_closed: " + reason);
            });
        }
    }

    /**
     * Takes the tunnel keys of a reloaded configuration (what SIGHUP does): for each configured
     * edge, its {@code key-id} seals from now on and its {@code accept-keys} are accepted too;
     * key ids no longer listed are retired (PROTOCOL.md section 2, rotation). Only keys change:
     * an edge added, removed, or with another address or link id needs a restart and is refused.
     * Every edge's set is checked before any link changes; on a problem this throws
     * {@link GatewayConfigException} and the old keys stay.
     */
    public void reloadKeys(GatewayConfig fresh) {
        List<EdgePeer> current = peersSnapshot();
        if (fresh.edges().size() != current.size()) {
            throw new GatewayConfigException("gateway reload: the edges changed (" + current.size() + " -> "
                    + fresh.edges().size() + "); only keys are reloaded, restart to change edges");
        }
        List<EdgePeer> targets = new ArrayList<>();
        for (EdgePeerConfig e : fresh.edges()) {
            EdgePeer p = current.stream().filter(x -> x.name.equals(e.name())).findFirst().orElse(null);
            if (p == null || !p.config.address().equals(e.address()) || p.config.linkId() != e.linkId()) {
                throw new GatewayConfigException("gateway reload: edge " + e.name() + " is new or has another address"
                        + " or link id; only keys are reloaded, restart to change edges");
            }
            LinkKeys probe = new LinkKeys(LinkRole.CLUSTER, e.linkId());
            try {
                probe.replaceWith(p.config.keys(), p.config.keyId());
                probe.replaceWith(e.keys(), e.keyId());
            } catch (IllegalArgumentException | IllegalStateException ex) {
                throw new GatewayConfigException("gateway reload: edge " + e.name() + ": " + ex.getMessage());
            }
            targets.add(p);
        }
        endpoint.call(() -> {
            for (int i = 0; i < targets.size(); i++) {
                EdgePeer p = targets.get(i);
                EdgePeerConfig e = fresh.edges().get(i);
                p.keys.replaceWith(e.keys(), e.keyId());
                p.config = e;
                log.info("edge {}: tunnel keys reloaded: ids {}, sealing with {}", p.name,
                        java.util.Arrays.toString(p.keys.installedKeyIds()), e.keyId());
            }
            return null;
        });
    }

    /** The key id the link to edge {@code edgeName} seals with now (read on the event loop); -1 if no such edge. */
    public int currentKeyId(String edgeName) {
        return endpoint.call(() -> {
            for (EdgePeer p : peers) {
                if (p.name.equals(edgeName)) {
                    return p.keys.currentKeyId();
                }
            }
            return -1;
        });
    }

    /** The tunnel's bound address. */
    public InetSocketAddress localAddress() {
        return endpoint.localAddress();
    }

    /** Sessions open now. */
    public int activeSessions() {
        return active.get();
    }

    /** The configuration it runs with. */
    public GatewayConfig config() {
        return config;
    }

    /** Runs {@code task} on the gateway's event loop (tests, tools). */
    public void execute(Runnable task) {
        endpoint.execute(task);
    }

    /** The session {@code id} from edge {@code edgeName}, read on the event loop; null when none. */
    public GatewaySession session(String edgeName, long id) {
        return endpoint.call(() -> {
            for (EdgePeer p : peers) {
                if (p.name.equals(edgeName)) {
                    return p.sessions.get(id);
                }
            }
            return null;
        });
    }

    /**
     * Stops receiving, then closes every session's model connection (telling the edges), the timer
     * and the socket.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pacer.shutdownNow();
        int n = endpoint.call(() -> {
            // First stop taking user audio: a frame the tunnel acknowledged after its session ended
            // here would be lost for good (the edge's journal lets acknowledged frames go); unread,
            // the edge sends it again, to this cluster's successor or to another cluster.
            endpoint.stopReceiving();
            int count = 0;
            for (EdgePeer p : peers) {
                for (Long id : new ArrayList<>(p.sessions.keySet())) {
                    end(p, id, "gateway_shutdown");
                    count++;
                }
            }
            return count;
        });
        endpoint.close();
        log.info("cluster gateway {} closed ({} sessions ended)", config.cluster(), n);
    }

    static String hex(long id) {
        return HexFormat.of().toHexDigits(id);
    }
}
