package net.voxedge.edge;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;
import net.voxedge.edge.config.EdgeConfig;
import net.voxedge.edge.metrics.EdgeMetrics;
import net.voxedge.edge.session.SessionManager;
import net.voxedge.edge.signaling.BearerAuth;
import net.voxedge.edge.signaling.SignalingServer;
import net.voxedge.edge.transport.UdpMediaTransport;

/** One running edge daemon: media port, session manager and signaling, started and stopped together. */
public final class EdgeDaemon implements AutoCloseable {
    private final EdgeConfig config;
    private final EdgeMetrics metrics = new EdgeMetrics();
    private final SessionManager sessions;
    private final UdpMediaTransport transport;
    private final Vertx vertx;
    private final BearerAuth auth;
    private final SignalingServer signaling;
    /** The backbone uplink and its agent link when {@code media.handler=backbone}, else null. */
    private final net.voxedge.edge.backbone.BackboneUplink backbone;
    private final net.voxedge.edge.backbone.BackboneAgentLink backboneLink;
    private net.voxedge.topology.registry.LiveRegistry ownRegistry;
    private net.voxedge.edge.presence.EdgePresence presence;
    private net.voxedge.edge.presence.ClientRttAggregator clientRtts;

    private EdgeDaemon(EdgeConfig config) throws java.io.IOException {
        this.config = config;
        if (config.backbone().enabled()) {
            this.backbone = net.voxedge.edge.backbone.BackboneUplink.open(config.backbone(), metrics.registry());
            this.backboneLink = new net.voxedge.edge.backbone.BackboneAgentLink(backbone, config.popName(),
                    config.hostId(), metrics.registry());
        } else {
            this.backbone = null;
            this.backboneLink = null;
        }
        this.sessions = new SessionManager(config, metrics, backboneLink);
        if (backboneLink != null) {
            backboneLink.attach(sessions);
        }
        this.transport = new UdpMediaTransport(config, metrics);
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(1, Math.min(2, config.workers()))));
        this.auth = new BearerAuth(config.authKey());
        this.signaling = new SignalingServer(vertx, config, sessions, auth, metrics);
    }

    /**
     * Binds the media port and the signaling server; returns once both are serving. Registers in
     * Consul when {@code registry.consul} is set.
     */
    public static EdgeDaemon start(EdgeConfig config) throws Exception {
        return start(config, null);
    }

    /**
     * As {@link #start(EdgeConfig)}, registering in {@code registry} when it is not null (the
     * single-process network shares one in-process registry); else in Consul when configured.
     */
    public static EdgeDaemon start(EdgeConfig config, net.voxedge.topology.registry.LiveRegistry registry) throws Exception {
        long t0 = System.nanoTime();
        EdgeDaemon d = new EdgeDaemon(config);
        try {
            if (d.backbone != null) {
                d.backbone.start(d.backboneLink);
            }
            d.transport.start(d.sessions::newWorker);
            d.sessions.mediaReady(d.transport.boundAddresses());
            d.sessions.warmUp();
            d.signaling.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            try {
                d.signaling.warmUp(d.auth.mint("warm-up", 60)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(EdgeDaemon.class).warn("signaling warm-up failed: {}", e.toString());
            }
            d.startPresence(registry);
            org.slf4j.LoggerFactory.getLogger(EdgeDaemon.class).info("ready in {} ms: signaling {}, media {}",
                    (System.nanoTime() - t0) / 1_000_000, d.callsUrl(), d.transport.boundAddresses());
            return d;
        } catch (Exception e) {
            d.close();
            throw e;
        }
    }

    private void startPresence(net.voxedge.topology.registry.LiveRegistry given) {
        net.voxedge.edge.presence.PresenceSettings p = config.presence();
        if (given == null && !p.enabled()) {
            return;
        }
        if (given == null) {
            ownRegistry = net.voxedge.topology.consul.ConsulRegistry.create(vertx,
                    net.voxedge.topology.consul.ConsulRegistryOptions.defaults(p.consul().address().getHostAddress(),
                            p.consul().port()).withWatch(false), metrics.registry());
        }
        net.voxedge.topology.registry.LiveRegistry registry = given != null ? given : ownRegistry;
        String memberId = p.memberId(); // PresenceSettings.load gives the documented default
        java.util.Map<String, String> meta = new java.util.LinkedHashMap<>();
        meta.put("signaling", callsUrl());
        if (!config.mediaAdvertise().isEmpty()) {
            var media = config.mediaAdvertise().get(0);
            int port = media.port() != 0 ? media.port() : transport.boundAddresses().get(0).getPort();
            meta.put("media", media.address().getHostAddress() + ":" + port);
        }
        net.voxedge.topology.registry.Member member = new net.voxedge.topology.registry.Member(memberId,
                net.voxedge.topology.registry.MemberKind.EDGE, config.popName(), config.popName() + "-h" + config.hostId(),
                config.signalingBind().address().getHostAddress(), signaling.port(), meta);
        clientRtts = new net.voxedge.edge.presence.ClientRttAggregator(config.popName(),
                net.voxedge.topology.registry.LatencyBatch.MAX_CLIENTS);
        sessions.clientRtts(clientRtts);
        presence = new net.voxedge.edge.presence.EdgePresence(vertx, registry, member, sessions.registry()::size,
                config.maxSessions(), clientRtts,
                () -> backbone == null ? java.util.List.of() : backbone.backboneRtts(config.popName(), java.time.Instant.now()),
                p.loadEvery(), p.latencyEvery());
        presence.start();
    }

    /**
     * Stops taking new sessions (existing ones continue) and says so in the registry, so routers
     * send new sessions elsewhere: the first step of maintenance.
     */
    public void drain() {
        sessions.stopAccepting();
        if (presence != null) {
            presence.setDraining(true);
        }
    }

    /** This daemon's registry presence, or null when it runs without a registry. */
    public net.voxedge.edge.presence.EdgePresence presence() {
        return presence;
    }

    public String callsUrl() {
        return signaling.baseUrl() + SignalingServer.CALLS_PATH;
    }

    public String baseUrl() {
        return signaling.baseUrl();
    }

    /** A bearer token signed with this daemon's key (dev mode prints one; tests use it). */
    public String mintToken(String subject, long ttlSeconds) {
        return auth.mint(subject, ttlSeconds);
    }

    public EdgeMetrics metrics() {
        return metrics;
    }

    public SessionManager sessions() {
        return sessions;
    }

    public UdpMediaTransport transport() {
        return transport;
    }

    public EdgeConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (presence != null) {
            presence.close();
        }
        if (ownRegistry != null) {
            try {
                ownRegistry.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        sessions.close();
        try {
            signaling.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // closing anyway
        }
        transport.close();
        if (backbone != null) {
            // After the media loops are gone: the sessions' END records are in the journal by now.
            backbone.close();
        }
        vertx.close();
    }

    /** The backbone uplink, or null unless {@code media.handler=backbone}. */
    public net.voxedge.edge.backbone.BackboneUplink backbone() {
        return backbone;
    }
}
