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

    /** Binds the media port and the signaling server; returns once both are serving. */
    public static EdgeDaemon start(EdgeConfig config) throws Exception {
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
            org.slf4j.LoggerFactory.getLogger(EdgeDaemon.class).info("ready in {} ms: signaling {}, media {}",
                    (System.nanoTime() - t0) / 1_000_000, d.callsUrl(), d.transport.boundAddresses());
            return d;
        } catch (Exception e) {
            d.close();
            throw e;
        }
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
