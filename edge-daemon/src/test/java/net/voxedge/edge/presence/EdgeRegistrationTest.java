package net.voxedge.edge.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import net.voxedge.edge.EdgeDaemon;
import net.voxedge.edge.config.ConfigException;
import net.voxedge.edge.config.EdgeConfig;
import net.voxedge.edge.testing.EdgeFixture;
import net.voxedge.topology.consul.ConsulApiServer;
import net.voxedge.topology.consul.ConsulRegistry;
import net.voxedge.topology.consul.ConsulRegistryOptions;
import net.voxedge.topology.registry.LiveRegistry;
import net.voxedge.topology.registry.MemberKind;
import net.voxedge.topology.registry.MemberState;
import org.junit.jupiter.api.Test;

/** The daemon itself registers, publishes its load and drains, in Consul (the API stand-in). */
class EdgeRegistrationTest {

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(25);
        }
    }

    private static <T> T join(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void anEdgeWithRegistryConsulRegistersPublishesItsLoadAndDrains() throws Exception {
        Vertx vertx = Vertx.vertx();
        ConsulApiServer consul = join(new ConsulApiServer(vertx).start());
        LiveRegistry watcher = ConsulRegistry.create(vertx, ConsulRegistryOptions.defaults("127.0.0.1", consul.port())
                .withBlockingWait(Duration.ofSeconds(1)).withRetry(Duration.ofMillis(50), Duration.ofMillis(400))
                .withEmptyPrefixPoll(Duration.ofMillis(200)), new SimpleMeterRegistry());
        try (EdgeFixture fixture = EdgeFixture.start("pop.name", "fra1", "host.id", "3",
                "registry.consul", "127.0.0.1:" + consul.port(), "registry.loadEverySeconds", "1")) {
            EdgeDaemon edge = fixture.daemon();
            String id = "edge-fra1-h3";
            await("the edge registered", () -> watcher.state().member(id).isPresent());
            MemberState m = watcher.state().member(id).orElseThrow();
            assertThat(m.member().kind()).isEqualTo(MemberKind.EDGE);
            assertThat(m.member().site()).isEqualTo("fra1");
            assertThat(m.member().port()).isEqualTo(java.net.URI.create(edge.callsUrl()).getPort());
            assertThat(m.member().meta()).containsEntry("signaling", edge.callsUrl()).containsKey("media");
            await("its load with the configured capacity", () -> watcher.state().member(id).flatMap(MemberState::load)
                    .map(l -> l.capacity() == edge.config().maxSessions() && l.activeSessions() == 0).orElse(false));

            fixture.openCall();
            await("a session shows in the load", () -> watcher.state().member(id).flatMap(MemberState::load)
                    .map(l -> l.activeSessions() == 1).orElse(false));

            edge.drain();
            await("draining, so routers stop sending sessions", () -> watcher.state().member(id)
                    .map(s -> s.draining() && !s.acceptsSessions()).orElse(false));
        } finally {
            join(watcher.close());
            join(consul.close());
            join(vertx.close());
        }
    }

    @Test
    void aBadRegistryAddressNamesTheKey() {
        assertThatThrownBy(() -> EdgeConfig.load(EdgeFixture.config("registry.consul", "consul.local")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("registry.consul");
        assertThatThrownBy(() -> EdgeConfig.load(EdgeFixture.config("registry.memberId", "no spaces please")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("registry.memberId");
    }
}
