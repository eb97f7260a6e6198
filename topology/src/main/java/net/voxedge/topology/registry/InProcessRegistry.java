package net.voxedge.topology.registry;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The registry for the single-machine default: the whole network in one process, no Consul.
 * Same semantics as the Consul registry (TTL checks lapse to critical, drain, load, latency,
 * listeners on change); the backend is never unreachable, so the state is never stale.
 */
public final class InProcessRegistry implements LiveRegistry {

    private static final Logger log = LoggerFactory.getLogger(InProcessRegistry.class);

    private final Vertx vertx;
    private final Clock clock;
    private final InProcessState core = new InProcessState();
    private final Map<String, Long> heartbeatTimers = new HashMap<>();
    private final Map<String, Health> reported = new HashMap<>();
    private final Map<String, String> reportedNote = new HashMap<>();
    private final StateListeners listeners;
    private final long expiryTimer;
    private volatile LiveState state = LiveState.empty();
    private long version;
    private boolean closed;

    /**
     * @param checkEvery how often lapsed TTLs are looked for (a TTL lapse shows at most this late)
     */
    public InProcessRegistry(Vertx vertx, Clock clock, MeterRegistry meters, Duration checkEvery) {
        this.vertx = vertx;
        this.clock = clock;
        Context context = vertx.getOrCreateContext();
        RegistryMetrics metrics = new RegistryMetrics(meters, "inprocess", clock);
        this.listeners = new StateListeners(context, () -> state, metrics);
        this.expiryTimer = vertx.setPeriodic(Math.max(10, checkEvery.toMillis()), id -> expire());
        log.info("in-process registry started (TTL checks every {} ms)", checkEvery.toMillis());
    }

    /** Checks for lapsed TTLs every 250 ms, with the system clock. */
    public InProcessRegistry(Vertx vertx, MeterRegistry meters) {
        this(vertx, Clock.systemUTC(), meters, Duration.ofMillis(250));
    }

    @Override
    public Future<Void> register(Member member, Duration ttl, boolean autoHeartbeat) {
        LiveRegistry.checkTtl(ttl);
        synchronized (this) {
            if (closed) {
                return Future.failedFuture(new IllegalStateException("registry is closed"));
            }
            core.register(member, ttl.toMillis(), clock.millis());
            reported.put(member.id(), Health.PASSING);
            reportedNote.put(member.id(), "");
            Long old = heartbeatTimers.remove(member.id());
            if (old != null) {
                vertx.cancelTimer(old);
            }
            if (autoHeartbeat) {
                String id = member.id();
                heartbeatTimers.put(id, vertx.setPeriodic(Math.max(1, ttl.toMillis() / 3), t -> autoHeartbeat(id)));
            }
            publish();
        }
        log.info("registered {} {} at {}, TTL {} s, {} heartbeat", member.kind().tag(), member.id(), member.site(),
                ttl.toSeconds(), autoHeartbeat ? "automatic" : "caller's");
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> heartbeat(String memberId) {
        return reportHealth(memberId, Health.PASSING, "");
    }

    @Override
    public Future<Void> reportHealth(String memberId, Health health, String note) {
        return apply(memberId, () -> {
            reported.put(memberId, health);
            reportedNote.put(memberId, note == null ? "" : note);
            return core.report(memberId, health, note, clock.millis());
        });
    }

    @Override
    public Future<Void> publishLoad(String memberId, Load load) {
        return apply(memberId, () -> core.load(memberId, load, clock.millis()));
    }

    @Override
    public Future<Void> setDraining(String memberId, boolean draining) {
        return apply(memberId, () -> core.draining(memberId, draining, clock.millis()));
    }

    @Override
    public Future<Void> publishLatency(String memberId, LatencyBatch batch) {
        return apply(memberId, () -> core.latency(memberId, batch, clock.millis()));
    }

    @Override
    public Future<Void> deregister(String memberId) {
        synchronized (this) {
            Long timer = heartbeatTimers.remove(memberId);
            if (timer != null) {
                vertx.cancelTimer(timer);
            }
            reported.remove(memberId);
            reportedNote.remove(memberId);
            if (core.deregister(memberId)) {
                publish();
            }
        }
        return Future.succeededFuture();
    }

    @Override
    public LiveState state() {
        return state;
    }

    @Override
    public Subscription subscribe(Consumer<LiveState> listener) {
        return listeners.add(listener);
    }

    @Override
    public Future<Void> close() {
        synchronized (this) {
            closed = true;
            vertx.cancelTimer(expiryTimer);
            heartbeatTimers.values().forEach(vertx::cancelTimer);
            heartbeatTimers.clear();
        }
        return Future.succeededFuture();
    }

    private interface Change {
        boolean apply();
    }

    private Future<Void> apply(String memberId, Change change) {
        synchronized (this) {
            if (!core.contains(memberId)) {
                return Future.failedFuture(new IllegalStateException("member " + memberId + " is not registered here"));
            }
            if (change.apply()) {
                publish();
            }
        }
        return Future.succeededFuture();
    }

    private synchronized void autoHeartbeat(String memberId) {
        if (core.contains(memberId) && core.report(memberId, reported.get(memberId), reportedNote.get(memberId), clock.millis())) {
            publish();
        }
    }

    private synchronized void expire() {
        if (core.expire(clock.millis())) {
            publish();
        }
    }

    /** Caller holds the lock. */
    private void publish() {
        LiveState before = state;
        state = new LiveState(++version, core.members(), false, Optional.empty());
        StateChangeLog.log(log, before.members(), state.members());
        listeners.changed();
    }
}
