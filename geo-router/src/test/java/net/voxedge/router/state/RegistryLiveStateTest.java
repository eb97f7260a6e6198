package net.voxedge.router.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.voxedge.router.Fixtures;
import net.voxedge.router.geo.GeoLocation;
import net.voxedge.router.measured.MeasuredRttTable;
import net.voxedge.router.model.RttModel;
import net.voxedge.router.scoring.PopScorer;
import net.voxedge.router.scoring.ScoringPolicy;
import net.voxedge.topology.Topology;
import net.voxedge.topology.consul.ConsulApiServer;
import net.voxedge.topology.consul.ConsulLayout;
import net.voxedge.topology.consul.ConsulRegistry;
import net.voxedge.topology.consul.ConsulRegistryOptions;
import net.voxedge.topology.registry.Await;
import net.voxedge.topology.registry.BackboneRtt;
import net.voxedge.topology.registry.ClientRtt;
import net.voxedge.topology.registry.Health;
import net.voxedge.topology.registry.LatencyBatch;
import net.voxedge.topology.registry.LiveRegistry;
import net.voxedge.topology.registry.Load;
import net.voxedge.topology.registry.Member;
import net.voxedge.topology.registry.MemberKind;
import net.voxedge.topology.registry.MemberState;
import org.junit.jupiter.api.Test;

class RegistryLiveStateTest {
    private static final Topology TOPOLOGY = Fixtures.sampleTopology();
    private static final GeoLocation FRANKFURT = GeoLocation.known(50.1109, 8.6821, 20, "DE", "EU");
    private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");

    private static Member member(String id, MemberKind kind, String site) {
        return Member.of(id, kind, site, id + "-host", "127.0.0.1", 8443);
    }

    private static MemberState state(Member m, Health h, boolean draining, Load load, LatencyBatch latency) {
        return new MemberState(m, h, "", draining, Optional.ofNullable(load), Optional.ofNullable(latency), T0);
    }

    private static net.voxedge.topology.registry.LiveState snapshot(long version, MemberState... members) {
        Map<String, MemberState> byId = new HashMap<>();
        for (MemberState m : members) {
            byId.put(m.id(), m);
        }
        return new net.voxedge.topology.registry.LiveState(version, byId, false, Optional.empty());
    }

    @Test
    void popsAndClustersNobodyRegisteredForTakeNoSessions() {
        RegistryLiveState live = new RegistryLiveState(TOPOLOGY, c -> { });
        assertThat(live.pop("fra1").healthy()).isFalse();
        assertThat(live.clusterHealthy("eu-central")).isFalse();
        assertThat(live.version()).isEqualTo(-1);
    }

    @Test
    void aPopIsHealthyWhileOneEdgePassesDrainingWhenAllDrainAndLoadedByItsEdgesTotals() {
        RegistryLiveState live = new RegistryLiveState(TOPOLOGY, c -> { });
        Member a = member("edge-fra1-0", MemberKind.EDGE, "fra1");
        Member b = member("edge-fra1-1", MemberKind.EDGE, "fra1");
        Member gw = member("gw-eu", MemberKind.GATEWAY, "eu-central");
        live.accept(snapshot(1, state(a, Health.PASSING, false, new Load(30, 100, 0.2), null),
                state(b, Health.WARNING, true, new Load(10, 100, 0.1), null),
                state(gw, Health.PASSING, false, null, null)));
        assertThat(live.pop("fra1")).isEqualTo(new PopState(true, false, 0.2));
        assertThat(live.clusterHealthy("eu-central")).isTrue();
        assertThat(live.clusterHealthy("us-east")).isFalse();

        live.accept(snapshot(2, state(a, Health.CRITICAL, false, new Load(30, 100, 0.2), null),
                state(b, Health.PASSING, true, new Load(10, 100, 0.1), null),
                state(gw, Health.CRITICAL, false, null, null)));
        assertThat(live.pop("fra1")).as("the critical edge's load no longer counts")
                .isEqualTo(new PopState(true, true, 0.1));
        assertThat(live.clusterHealthy("eu-central")).isFalse();

        live.accept(snapshot(3, state(a, Health.CRITICAL, false, null, null), state(b, Health.CRITICAL, false, null, null)));
        assertThat(live.pop("fra1").healthy()).isFalse();
        assertThat(live.version()).isEqualTo(3);
    }

    @Test
    void backboneFiguresAreTheNewestAndClientSamplesArePassedOnOnce() {
        List<ClientRtt> taken = new ArrayList<>();
        RegistryLiveState live = new RegistryLiveState(TOPOLOGY, taken::add);
        Member a = member("edge-fra1-0", MemberKind.EDGE, "fra1");
        Member b = member("edge-fra1-1", MemberKind.EDGE, "fra1");
        ClientRtt c1 = new ClientRtt("203.0.113.0/24", "fra1", 23_000, 4, T0);
        LatencyBatch first = new LatencyBatch(List.of(c1),
                List.of(new BackboneRtt("fra1", "eu-central", 4_000, 300, 0.0, T0)));
        LatencyBatch newer = new LatencyBatch(List.of(),
                List.of(new BackboneRtt("fra1", "eu-central", 6_500, 300, 0.0, T0.plusSeconds(5))));
        live.accept(snapshot(1, state(a, Health.PASSING, false, null, first), state(b, Health.PASSING, false, null, newer)));
        assertThat(live.backboneRttMs("fra1", "eu-central")).isEqualTo(6.5);
        assertThat(live.backboneRttMs("fra1", "us-east")).isNaN();
        assertThat(taken).containsExactly(c1);

        // The same batch again (another member changed): nothing new to take.
        live.accept(snapshot(2, state(a, Health.PASSING, false, null, first), state(b, Health.PASSING, false, null, newer)));
        assertThat(taken).containsExactly(c1);
        ClientRtt c2 = new ClientRtt("203.0.113.0/24", "fra1", 21_000, 2, T0.plusSeconds(10));
        live.accept(snapshot(3, state(a, Health.PASSING, false, null, new LatencyBatch(List.of(c1, c2), List.of()))));
        assertThat(taken).containsExactly(c1, c2);
    }

    /**
     * The whole path the issue asks for, against the Consul HTTP API stand-in: edges register and
     * publish through one ConsulRegistry, the router watches with another, and its decisions follow:
     * a failed health check or a drain takes a PoP out, and a Consul outage keeps the last-known state.
     */
    @Test
    void routingFollowsConsulThroughHealthFailureDrainAndOutage() {
        Vertx vertx = Vertx.vertx();
        ConsulApiServer server = Await.join(new ConsulApiServer(vertx).start());
        ConsulRegistryOptions options = ConsulRegistryOptions.defaults("127.0.0.1", server.port())
                .withBlockingWait(Duration.ofSeconds(2)).withRetry(Duration.ofMillis(50), Duration.ofMillis(400))
                .withRequestTimeout(Duration.ofSeconds(2)).withEmptyPrefixPoll(Duration.ofMillis(200));
        LiveRegistry edges = ConsulRegistry.create(vertx, options.withWatch(false), new SimpleMeterRegistry());
        LiveRegistry router = ConsulRegistry.create(vertx, options, new SimpleMeterRegistry());
        try {
            RegistryLiveState live = new RegistryLiveState(TOPOLOGY, c -> { });
            router.subscribe(live);
            PopScorer scorer = new PopScorer(TOPOLOGY, RttModel.DEFAULT, ScoringPolicy.DEFAULT, live,
                    new MeasuredRttTable(100, 60_000_000_000L, 600_000_000_000L));
            Member fra = member("edge-fra1-0", MemberKind.EDGE, "fra1");
            Member lhr = member("edge-lhr1-0", MemberKind.EDGE, "lhr1");
            Member gw = member("gw-eu-central-0", MemberKind.GATEWAY, "eu-central");
            for (Member m : List.of(fra, lhr, gw)) {
                Await.join(edges.register(m, Duration.ofSeconds(30), true));
            }
            Await.until("fra1 routed to fra1", () -> route(scorer).equals("fra1"));

            server.forceCheck(ConsulLayout.checkId(fra.id()), "critical", "edge health check failed");
            Await.until("a failed check sends Frankfurt to lhr1", () -> route(scorer).equals("lhr1"));

            Await.join(edges.heartbeat(fra.id()));
            Await.until("passing again: back to fra1", () -> route(scorer).equals("fra1"));

            Await.join(edges.setDraining(fra.id(), true));
            Await.until("a draining PoP takes no new sessions", () -> route(scorer).equals("lhr1"));

            Await.join(server.stop());
            Await.until("the outage is noticed", live::stale);
            assertThat(route(scorer)).as("last-known state still routes").isEqualTo("lhr1");
            assertThat(live.pop("lhr1").healthy()).isTrue();

            Await.join(server.start());
            Await.join(edges.setDraining(fra.id(), false));
            Await.until("recovered: fresh state, fra1 back", () -> !live.stale() && route(scorer).equals("fra1"));
        } finally {
            Await.join(edges.close());
            Await.join(router.close());
            Await.join(server.close());
            Await.join(vertx.close());
        }
    }

    private static String route(PopScorer scorer) {
        var d = scorer.route(FRANKFURT, 0L, -1, 0L);
        return d == null || d.pop() == null ? "none" : d.pop().name();
    }
}
