package net.voxedge.topology.registry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry's meters, the same for every backend (tag {@code backend}):
 * {@code voxedge_registry_backend_up} (1 when the backend answers, 0 while serving last-known
 * state), {@code voxedge_registry_state_age_seconds} (0 while the backend answers; while it does not,
 * seconds since the state was last confirmed) and {@code voxedge_registry_errors_total} by
 * {@code op} (the operation that failed).
 */
public final class RegistryMetrics {

    private final MeterRegistry meters;
    private final String backend;
    private final Clock clock;
    private final ConcurrentHashMap<String, Counter> errors = new ConcurrentHashMap<>();
    private volatile boolean up = true;
    private volatile Instant staleSince;

    public RegistryMetrics(MeterRegistry meters, String backend, Clock clock) {
        this.meters = meters;
        this.backend = backend;
        this.clock = clock;
        Gauge.builder("voxedge_registry_backend_up", this, m -> m.up ? 1 : 0)
                .description("1 when the registry backend answers, 0 while serving last-known state")
                .tag("backend", backend).strongReference(true).register(meters);
        Gauge.builder("voxedge_registry_state_age_seconds", this, RegistryMetrics::stateAgeSeconds)
                .description("0 while the backend answers; else seconds since the live state was last confirmed")
                .tag("backend", backend).baseUnit("seconds").strongReference(true).register(meters);
    }

    /** Counts one failed operation. */
    public void error(String op) {
        errors.computeIfAbsent(op, o -> Counter.builder("voxedge_registry_errors_total")
                .description("registry operations that failed, by operation")
                .tag("backend", backend).tag("op", o).register(meters)).increment();
    }

    /** The backend answers again. */
    public void up() {
        up = true;
        staleSince = null;
    }

    /** The backend stopped answering; the state was last confirmed at {@code lastConfirmed}. */
    public void down(Instant lastConfirmed) {
        up = false;
        staleSince = lastConfirmed;
    }

    public boolean isUp() {
        return up;
    }

    double stateAgeSeconds() {
        Instant since = staleSince;
        if (up || since == null) {
            return 0;
        }
        return Math.max(0, clock.millis() - since.toEpochMilli()) / 1000.0;
    }
}
