package net.voxedge.topology.registry;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared scenarios against the in-process registry, plus what only it promises. */
class InProcessRegistryTest extends LiveRegistryScenarios {

    private Vertx vertx;
    private SimpleMeterRegistry meters;
    private InProcessRegistry registry;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        meters = new SimpleMeterRegistry();
        registry = new InProcessRegistry(vertx, Clock.systemUTC(), meters, Duration.ofMillis(50));
    }

    @AfterEach
    void stop() {
        Await.join(registry.close());
        Await.join(vertx.close());
    }

    @Override
    protected LiveRegistry memberSide() {
        return registry;
    }

    @Override
    protected LiveRegistry watcherSide() {
        return registry;
    }

    @Test
    void neverStaleAndTheBackendIsAlwaysUp() {
        Await.join(registry.register(edge("edge-x", "fra1"), LONG_TTL, true));
        assertThat(registry.state().stale()).isFalse();
        assertThat(meters.get("voxedge_registry_backend_up").tag("backend", "inprocess").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("voxedge_registry_state_age_seconds").gauge().value()).isZero();
    }

    @Test
    void ttlOutsideTheAllowedRangeIsRefused() {
        assertThatThrownBy(() -> registry.register(edge("edge-x", "fra1"), Duration.ofMillis(500), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
        assertThatThrownBy(() -> registry.register(edge("edge-x", "fra1"), Duration.ofHours(2), true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aListenerThatThrowsIsCountedAndStaysSubscribed() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        registry.subscribe(s -> {
            calls.incrementAndGet();
            throw new IllegalStateException("listener bug");
        });
        Await.until("first call", () -> calls.get() >= 1);
        Await.join(registry.register(edge("edge-x", "fra1"), LONG_TTL, true));
        Await.until("listener called again after throwing", () -> calls.get() >= 2);
        assertThat(meters.get("voxedge_registry_errors_total").tag("op", "listener").counter().count()).isGreaterThanOrEqualTo(1.0);
    }
}
