package net.voxedge.topology.registry;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The network's live state, shared between processes: members register and publish (the member
 * side), routers and daemons watch (the watcher side). Two implementations behave alike:
 * {@link InProcessRegistry} for the single-machine default (no Consul) and
 * {@code net.voxedge.topology.consul.ConsulRegistry} across machines.
 *
 * <p>Member-side calls name a member this registry instance registered. A failed future means the
 * value has not reached the backend yet; the registry keeps the latest value of everything a member
 * published and sends it again when the backend is back (re-registering the member if the backend
 * forgot it), so callers need not retry.
 *
 * <p>Listeners run on the registry's Vert.x context, one at a time, never concurrently.
 */
public interface LiveRegistry {

    /**
     * Registers (or re-registers, replacing the definition) a member with a TTL health check that
     * starts passing. With {@code autoHeartbeat} the registry passes the check every {@code ttl/3}
     * (re-asserting whatever {@link #reportHealth} said last); without it the caller must
     * {@link #heartbeat} within every {@code ttl}, or the member turns {@link Health#CRITICAL}.
     *
     * @param ttl 1 s .. 1 h
     */
    Future<Void> register(Member member, Duration ttl, boolean autoHeartbeat);

    /** Passes the member's TTL check now (and resets its health to passing). */
    Future<Void> heartbeat(String memberId);

    /** Sets the member's own view of its health (also resets the TTL), with a note for people. */
    Future<Void> reportHealth(String memberId, Health health, String note);

    /** Publishes the member's load. */
    Future<Void> publishLoad(String memberId, Load load);

    /** Starts or ends draining: a draining member takes no new sessions. */
    Future<Void> setDraining(String memberId, boolean draining);

    /** Replaces the member's published latency samples. */
    Future<Void> publishLatency(String memberId, LatencyBatch batch);

    /** Removes the member and everything it published. */
    Future<Void> deregister(String memberId);

    /** The newest snapshot (never null; {@link LiveState#empty()} before the first one). */
    LiveState state();

    /**
     * Calls {@code listener} with the current snapshot and then with each newer one, until the
     * subscription is closed. Versions only grow; a burst of changes may arrive as its newest
     * snapshot alone. A listener that throws is logged and counted, and stays subscribed.
     */
    Subscription subscribe(Consumer<LiveState> listener);

    /** Stops timers and watches. Members stay registered: deregister them first on a clean shutdown. */
    Future<Void> close();

    /** The longest and shortest TTL a member may register with. */
    Duration MIN_TTL = Duration.ofSeconds(1);
    Duration MAX_TTL = Duration.ofHours(1);

    /** Checks a TTL argument (shared so both implementations reject the same values). */
    static Duration checkTtl(Duration ttl) {
        if (ttl == null || ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be between " + MIN_TTL.toSeconds() + " s and " + MAX_TTL.toSeconds() + " s (got " + ttl + ")");
        }
        return ttl;
    }
}
