package net.voxedge.topology.consul;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.voxedge.topology.registry.Await;
import net.voxedge.topology.registry.Health;
import net.voxedge.topology.registry.LiveRegistry;
import net.voxedge.topology.registry.LiveRegistryScenarios;
import net.voxedge.topology.registry.LiveState;
import net.voxedge.topology.registry.Load;
import net.voxedge.topology.registry.Member;
import net.voxedge.topology.registry.MemberState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared scenarios against ConsulRegistry over the Consul API stand-in (a member registry and a
 * separate watcher registry, as an edge and a router would have), plus outages and an agent that
 * loses its state.
 */
class ConsulRegistryTest extends LiveRegistryScenarios {

    private Vertx vertx;
    private ConsulApiServer server;
    private SimpleMeterRegistry memberMeters;
    private SimpleMeterRegistry watcherMeters;
    private ConsulRegistry member;
    private ConsulRegistry watcher;

    static ConsulRegistryOptions testOptions(int port) {
        return ConsulRegistryOptions.defaults("127.0.0.1", port)
                .withBlockingWait(Duration.ofSeconds(2))
                .withRetry(Duration.ofMillis(50), Duration.ofMillis(400))
                .withRequestTimeout(Duration.ofSeconds(2))
                .withEmptyPrefixPoll(Duration.ofMillis(200));
    }

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = Await.join(new ConsulApiServer(vertx).start());
        memberMeters = new SimpleMeterRegistry();
        watcherMeters = new SimpleMeterRegistry();
        member = ConsulRegistry.create(vertx, testOptions(server.port()).withWatch(false), memberMeters);
        watcher = ConsulRegistry.create(vertx, testOptions(server.port()), watcherMeters);
    }

    @AfterEach
    void stop() {
        Await.join(member.close());
        Await.join(watcher.close());
        Await.join(server.close());
        Await.join(vertx.close());
    }

    @Override
    protected LiveRegistry memberSide() {
        return member;
    }

    @Override
    protected LiveRegistry watcherSide() {
        return watcher;
    }

    @Test
    void membersAreStoredInTheDocumentedLayout() {
        Member e = edge("edge-fra1-9", "fra1");
        Await.join(member.register(e, LONG_TTL, true));
        Await.join(member.publishLoad(e.id(), new Load(7, 100, 0.5)));
        Await.join(member.setDraining(e.id(), true));
        Await.join(member.publishLatency(e.id(), sampleLatency()));

        ConsulHttp c = new ConsulHttp(server.baseUrl());
        assertThat(ConsulHttp.strings(new JsonObject(c.get("/v1/catalog/services").body()).getJsonArray("voxedge")))
                .containsExactlyInAnyOrder("edge", "site-fra1");
        JsonObject entry = new JsonArray(c.get("/v1/health/service/voxedge").body()).getJsonObject(0);
        JsonObject svc = entry.getJsonObject("Service");
        assertThat(svc.getString("ID")).isEqualTo("edge-fra1-9");
        assertThat(svc.getString("Address")).isEqualTo("198.51.100.10");
        assertThat(svc.getInteger("Port")).isEqualTo(8443);
        assertThat(svc.getJsonObject("Meta").getMap()).containsEntry("kind", "edge").containsEntry("site", "fra1")
                .containsEntry("host", "fra1-h0").containsEntry("version", "0.1.0");
        assertThat(ConsulApiConformance.statusOf(entry, "service:edge-fra1-9")).isEqualTo("passing");

        JsonObject load = new JsonObject(c.get("/v1/kv/voxedge/members/edge-fra1-9/load?raw").body());
        assertThat(load.fieldNames()).containsExactlyInAnyOrder("sessions", "capacity", "cpu", "atMs");
        assertThat(load.getInteger("sessions")).isEqualTo(7);
        assertThat(new JsonObject(c.get("/v1/kv/voxedge/members/edge-fra1-9/drain?raw").body()).getBoolean("draining")).isTrue();
        JsonObject lat = new JsonObject(c.get("/v1/kv/voxedge/latency/fra1/edge-fra1-9?raw").body());
        assertThat(lat.getJsonArray("clients").getJsonObject(0).fieldNames()).containsExactlyInAnyOrder("prefix", "pop", "rttUs", "n", "atMs");
        assertThat(lat.getJsonArray("backbone").getJsonObject(0).fieldNames())
                .containsExactlyInAnyOrder("pop", "cluster", "rttUs", "jitterUs", "loss", "atMs");
    }

    @Test
    void duringAnOutageWatchersKeepTheLastKnownStateFlaggedStaleAndRecoverAfter() {
        Member e = edge("edge-fra1-10", "fra1");
        Await.join(member.register(e, Duration.ofSeconds(2), true));
        Await.join(member.publishLoad(e.id(), new Load(10, 100, 0.1)));
        Await.until("visible", () -> seen(e.id()).flatMap(MemberState::load).isPresent());
        LiveState before = watcher.state();
        List<LiveState> snapshots = new CopyOnWriteArrayList<>();
        watcher.subscribe(snapshots::add);

        Await.join(server.stop());
        Await.until("stale", () -> watcher.state().stale());
        LiveState stale = watcher.state();
        assertThat(stale.members()).as("the last-known members are kept").isEqualTo(before.members());
        assertThat(stale.staleSince()).isPresent();
        assertThat(stale.staleSince().get()).isBeforeOrEqualTo(Instant.now());
        assertThat(gauge(watcherMeters, "voxedge_registry_backend_up")).isZero();
        assertThat(errors(watcherMeters)).isPositive();
        Await.until("state age grows", () -> gauge(watcherMeters, "voxedge_registry_state_age_seconds") > 0);

        // The member keeps trying; what it publishes now must arrive once Consul is back.
        Load during = new Load(55, 100, 0.6);
        assertThat(Await.failure(member.publishLoad(e.id(), during))).isNotNull();
        assertThat(errors(memberMeters)).isPositive();

        Await.join(server.start());
        Await.until("fresh again with the load published during the outage",
                () -> !watcher.state().stale() && seen(e.id()).flatMap(MemberState::load).equals(Optional.of(during)));
        assertThat(watcher.state().staleSince()).isEmpty();
        assertThat(seen(e.id()).orElseThrow().health()).isEqualTo(Health.PASSING);
        assertThat(gauge(watcherMeters, "voxedge_registry_backend_up")).isEqualTo(1.0);
        assertThat(gauge(watcherMeters, "voxedge_registry_state_age_seconds")).isZero();
        assertThat(snapshots).as("listeners heard about the outage").anyMatch(LiveState::stale);
    }

    @Test
    void aMemberRegistersAgainWhenTheAgentForgotItAndResendsWhatItPublished() {
        Member e = edge("edge-fra1-11", "fra1");
        Await.join(member.register(e, TTL, true));
        Load load = new Load(3, 50, 0.2);
        Await.join(member.publishLoad(e.id(), load));
        Await.join(member.setDraining(e.id(), true));
        Await.until("visible", () -> seen(e.id()).map(m -> m.draining() && m.load().isPresent()).orElse(false));

        server.forgetEverything();
        assertThat(server.hasService(e.id())).isFalse();
        Await.until("re-registered with its load and drain state", () -> server.hasService(e.id())
                && seen(e.id()).map(m -> m.health() == Health.PASSING && m.draining() && m.load().equals(Optional.of(load))).orElse(false));
    }

    @Test
    void aWatcherStartedWhileConsulIsDownSaysItKnowsNothingYetAndCatchesUp() {
        Await.join(server.stop());
        ConsulRegistry late = ConsulRegistry.create(vertx, testOptions(server.port()), new SimpleMeterRegistry());
        try {
            Await.until("stale from the start", () -> late.state().stale());
            assertThat(late.state().members()).isEmpty();
            Await.join(server.start());
            Member e = edge("edge-fra1-12", "fra1");
            Await.join(member.register(e, LONG_TTL, true));
            Await.until("caught up", () -> !late.state().stale() && late.state().member(e.id()).isPresent());
        } finally {
            Await.join(late.close());
        }
    }

    @Test
    void aHealthFailureSeenByConsulTakesThePopOutOfRotation() {
        Member e = edge("edge-fra1-13", "fra1");
        Await.join(member.register(e, LONG_TTL, false));
        Await.until("in rotation", () -> seen(e.id()).map(MemberState::acceptsSessions).orElse(false));
        server.forceCheck(ConsulLayout.checkId(e.id()), "critical", "probe failed");
        Await.until("out of rotation", () -> seen(e.id()).map(m -> !m.acceptsSessions()).orElse(false));
        assertThat(seen(e.id()).orElseThrow().healthNote()).isEqualTo("probe failed");
        assertThat(watcher.state().accepting(net.voxedge.topology.registry.MemberKind.EDGE, "fra1")).isEmpty();
    }

    @Test
    void anUnreadableValueIsIgnoredAndCounted() {
        Member e = edge("edge-fra1-14", "fra1");
        Await.join(member.register(e, LONG_TTL, true));
        new ConsulHttp(server.baseUrl()).put("/v1/kv/voxedge/members/edge-fra1-14/load", "{\"sessions\":\"many\"}");
        Await.until("counted", () -> watcherMeters.find("voxedge_registry_errors_total").tag("op", "decode").counter() != null);
        assertThat(seen(e.id())).isPresent();
        assertThat(seen(e.id()).orElseThrow().load()).isEmpty();
    }

    @Test
    void anIdleWatcherWaitsInBlockingQueriesInsteadOfPolling() {
        Member e = edge("edge-fra1-15", "fra1");
        Await.join(member.register(e, LONG_TTL, false));
        Await.join(member.publishLoad(e.id(), new Load(1, 10, 0)));
        Await.until("visible", () -> seen(e.id()).flatMap(MemberState::load).isPresent());
        long health = server.requests("GET /v1/health/service");
        long kv = server.requests("GET /v1/kv/voxedge");
        // Three blocking waits (2 s each) go by with nothing changing: a handful of requests, not a loop.
        long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        Await.until("three waits passed", () -> System.nanoTime() - until > 0);
        assertThat(server.requests("GET /v1/health/service") - health).isBetween(1L, 8L);
        assertThat(server.requests("GET /v1/kv/voxedge") - kv).isBetween(1L, 8L);
    }

    private static double gauge(SimpleMeterRegistry meters, String name) {
        return meters.get(name).tag("backend", "consul").gauge().value();
    }

    private static double errors(SimpleMeterRegistry meters) {
        return meters.find("voxedge_registry_errors_total").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
