package net.voxedge.edge.presence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import net.voxedge.topology.registry.BackboneRtt;
import net.voxedge.topology.registry.ClientRtt;
import net.voxedge.topology.registry.LatencyBatch;
import net.voxedge.topology.registry.LiveRegistry;
import net.voxedge.topology.registry.Load;
import net.voxedge.topology.registry.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one edge daemon registered and its figures published: a TTL-checked registration
 * (heartbeats by the registry), the load every {@code loadEvery} (active sessions, capacity, the
 * process's CPU share), and every {@code latencyEvery} the client round trips of the period and
 * the current backbone figures. A failed publication is logged and retried next period: the
 * registry itself keeps retrying and re-registering through a Consul outage.
 */
public final class EdgePresence implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EdgePresence.class);
    private static final Duration TTL = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final LiveRegistry registry;
    private final Member member;
    private final IntSupplier activeSessions;
    private final int capacity;
    private final ClientRttAggregator clientRtts;
    private final Supplier<List<BackboneRtt>> backboneRtts;
    private final Duration loadEvery;
    private final Duration latencyEvery;
    private long loadTimer = -1;
    private long latencyTimer = -1;

    public EdgePresence(Vertx vertx, LiveRegistry registry, Member member, IntSupplier activeSessions, int capacity,
            ClientRttAggregator clientRtts, Supplier<List<BackboneRtt>> backboneRtts, Duration loadEvery,
            Duration latencyEvery) {
        this.vertx = vertx;
        this.registry = registry;
        this.member = member;
        this.activeSessions = activeSessions;
        this.capacity = capacity;
        this.clientRtts = clientRtts;
        this.backboneRtts = backboneRtts;
        this.loadEvery = loadEvery;
        this.latencyEvery = latencyEvery;
    }

    /** Registers and starts publishing; completes when the registration is in. */
    public Future<Void> start() {
        return registry.register(member, TTL, true).onSuccess(v -> {
            log.info("registered as {} ({} at {}:{})", member.id(), member.site(), member.address(), member.port());
            publishLoad();
            loadTimer = vertx.setPeriodic(loadEvery.toMillis(), id -> publishLoad());
            latencyTimer = vertx.setPeriodic(latencyEvery.toMillis(), id -> publishLatency());
        }).onFailure(e -> log.warn("registration as {} failed: {} (the registry keeps retrying)", member.id(), e.toString()));
    }

    /** Says whether this edge takes new sessions (drain before maintenance). */
    public Future<Void> setDraining(boolean draining) {
        return registry.setDraining(member.id(), draining)
                .onSuccess(v -> log.info("{}: {}", member.id(), draining ? "draining: no new sessions" : "accepting sessions"));
    }

    void publishLoad() {
        double cpu = cpuShare();
        registry.publishLoad(member.id(), new Load(activeSessions.getAsInt(), capacity, cpu))
                .onFailure(e -> log.debug("load not published: {}", e.toString()));
    }

    void publishLatency() {
        List<ClientRtt> clients = clientRtts.drain();
        List<BackboneRtt> backbone = backboneRtts.get();
        if (clients.isEmpty() && backbone.isEmpty()) {
            return;
        }
        if (clients.size() > LatencyBatch.MAX_CLIENTS) {
            clients = clients.subList(0, LatencyBatch.MAX_CLIENTS);
        }
        if (backbone.size() > LatencyBatch.MAX_BACKBONE) {
            backbone = backbone.subList(0, LatencyBatch.MAX_BACKBONE);
        }
        registry.publishLatency(member.id(), new LatencyBatch(clients, backbone))
                .onFailure(e -> log.debug("latency not published: {}", e.toString()));
    }

    private static double cpuShare() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            double load = os.getProcessCpuLoad();
            return load >= 0 && load <= 1 ? load : 0.0;
        }
        return 0.0;
    }

    /** Stops publishing and deregisters (the registry forgets this edge at once). */
    @Override
    public void close() {
        if (loadTimer >= 0) {
            vertx.cancelTimer(loadTimer);
        }
        if (latencyTimer >= 0) {
            vertx.cancelTimer(latencyTimer);
        }
        registry.deregister(member.id()).toCompletionStage().toCompletableFuture()
                .orTimeout(2, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> null).join();
        log.info("deregistered {}", member.id());
    }
}
