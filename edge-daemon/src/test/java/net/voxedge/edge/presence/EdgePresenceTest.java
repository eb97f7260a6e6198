package net.voxedge.edge.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import net.voxedge.topology.registry.BackboneRtt;
import net.voxedge.topology.registry.InProcessRegistry;
import net.voxedge.topology.registry.Member;
import net.voxedge.topology.registry.MemberKind;
import net.voxedge.topology.registry.MemberState;
import org.junit.jupiter.api.Test;

class EdgePresenceTest {

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void anEdgeRegistersPublishesLoadDrainAndRoundTripsAndLeavesOnClose() throws Exception {
        Vertx vertx = Vertx.vertx();
        InProcessRegistry registry = new InProcessRegistry(vertx, new SimpleMeterRegistry());
        try {
            Member me = Member.of("edge-fra1-0", MemberKind.EDGE, "fra1", "fra1-h0", "127.0.0.1", 8443);
            ClientRttAggregator rtts = new ClientRttAggregator("fra1", 100);
            int[] active = {3};
            BackboneRtt toCluster = new BackboneRtt("fra1", "eu-central", 4_200, 300, 0.0, Instant.now());
            EdgePresence presence = new EdgePresence(vertx, registry, me, () -> active[0], 50, rtts,
                    () -> List.of(toCluster), Duration.ofMillis(100), Duration.ofMillis(100));
            presence.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

            await("registered with its load", () -> registry.state().member(me.id())
                    .flatMap(MemberState::load).map(l -> l.activeSessions() == 3 && l.capacity() == 50).orElse(false));
            active[0] = 7;
            await("load follows", () -> registry.state().member(me.id())
                    .flatMap(MemberState::load).map(l -> l.activeSessions() == 7).orElse(false));

            rtts.record(InetAddress.getByName("203.0.113.9"), 23_000, System.currentTimeMillis());
            await("client and backbone round trips published", () -> registry.state().member(me.id())
                    .flatMap(MemberState::latency)
                    .map(b -> b.backbone().contains(toCluster) && b.clients().stream()
                            .anyMatch(c -> c.prefix().equals("203.0.113.0/24") && c.rttMicros() == 23_000))
                    .orElse(false));

            presence.setDraining(true).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            await("draining", () -> registry.state().member(me.id()).map(MemberState::draining).orElse(false));
            assertThat(registry.state().member(me.id()).orElseThrow().acceptsSessions()).isFalse();

            presence.close();
            await("gone after close", () -> registry.state().member(me.id()).isEmpty());
        } finally {
            registry.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
