package net.voxedge.topology.registry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link LiveRegistry} must have, run against each implementation. A member
 * (an edge, a gateway) uses {@link #memberSide()}; a router watches through {@link #watcherSide()}:
 * the same instance in-process, two clients of one agent with Consul.
 */
public abstract class LiveRegistryScenarios {

    protected static final Duration TTL = Duration.ofSeconds(1);
    protected static final Duration LONG_TTL = Duration.ofSeconds(30);
    protected static final Instant T0 = Instant.ofEpochMilli(1_780_000_000_000L);

    protected abstract LiveRegistry memberSide();

    protected abstract LiveRegistry watcherSide();

    protected static Member edge(String id, String pop) {
        return new Member(id, MemberKind.EDGE, pop, pop + "-h0", "198.51.100.10", 8443,
                Map.of("media", "198.51.100.10:3478,[2001:db8:1::10]:3478", "version", "0.1.0"));
    }

    protected static Member gateway(String id, String cluster) {
        return Member.of(id, MemberKind.GATEWAY, cluster, cluster + "-gw0", "203.0.113.20", 7000);
    }

    protected static LatencyBatch sampleLatency() {
        return new LatencyBatch(
                List.of(new ClientRtt("203.0.113.0/24", "fra1", 12_345, 10, T0),
                        new ClientRtt("2001:db8:1::/48", "fra1", 48_000, 3, T0.plusMillis(5))),
                List.of(new BackboneRtt("fra1", "eu-central", 900, 120, 0.001, T0.plusMillis(7))));
    }

    protected Optional<MemberState> seen(String id) {
        return watcherSide().state().member(id);
    }

    @Test
    void registeredMembersAreVisibleToWatchersWithEverythingTheyRegistered() {
        Member e = edge("edge-fra1-0", "fra1");
        Member g = gateway("gw-eu-central-0", "eu-central");
        Await.join(memberSide().register(e, LONG_TTL, true));
        Await.join(memberSide().register(g, LONG_TTL, true));

        Await.until("both members visible", () -> seen(e.id()).isPresent() && seen(g.id()).isPresent());
        LiveState s = watcherSide().state();
        assertThat(s.member(e.id()).orElseThrow().member()).isEqualTo(e);
        assertThat(s.member(g.id()).orElseThrow().member()).isEqualTo(g);
        assertThat(s.member(e.id()).orElseThrow().health()).isEqualTo(Health.PASSING);
        assertThat(s.members(MemberKind.EDGE)).extracting(MemberState::id).containsExactly(e.id());
        assertThat(s.members(MemberKind.GATEWAY)).extracting(MemberState::id).containsExactly(g.id());
        assertThat(s.accepting(MemberKind.EDGE, "fra1")).extracting(MemberState::id).containsExactly(e.id());
        assertThat(s.accepting(MemberKind.EDGE, "lhr1")).isEmpty();
        assertThat(s.stale()).isFalse();
        assertThat(s.staleSince()).isEmpty();
        assertThat(s.member(e.id()).orElseThrow().load()).isEmpty();
    }

    @Test
    void loadDrainAndLatencyReachWatchers() {
        Member e = edge("edge-fra1-1", "fra1");
        Await.join(memberSide().register(e, LONG_TTL, true));
        Load load = new Load(120, 20_000, 0.25);
        Await.join(memberSide().publishLoad(e.id(), load));
        Await.join(memberSide().publishLatency(e.id(), sampleLatency()));

        Await.until("load and latency visible", () -> seen(e.id()).map(m -> m.load().isPresent() && m.latency().isPresent()).orElse(false));
        MemberState m = seen(e.id()).orElseThrow();
        assertThat(m.load()).contains(load);
        assertThat(m.latency()).contains(sampleLatency());
        assertThat(watcherSide().state().clientRtts()).containsExactlyElementsOf(sampleLatency().clients());
        assertThat(watcherSide().state().backboneRtts()).containsExactlyElementsOf(sampleLatency().backbone());

        Load busier = new Load(19_500, 20_000, 0.97);
        Await.join(memberSide().publishLoad(e.id(), busier));
        Await.until("new load visible", () -> seen(e.id()).flatMap(MemberState::load).equals(Optional.of(busier)));

        Await.join(memberSide().setDraining(e.id(), true));
        Await.until("draining visible", () -> seen(e.id()).map(MemberState::draining).orElse(false));
        assertThat(seen(e.id()).orElseThrow().acceptsSessions()).isFalse();
        assertThat(watcherSide().state().accepting(MemberKind.EDGE, "fra1")).isEmpty();
        assertThat(seen(e.id()).orElseThrow().health()).as("draining is not a health failure").isEqualTo(Health.PASSING);

        Await.join(memberSide().setDraining(e.id(), false));
        Await.until("drain ended", () -> seen(e.id()).map(MemberState::acceptsSessions).orElse(false));
        assertThat(seen(e.id()).orElseThrow().load()).as("load survives the drain").contains(busier);
    }

    @Test
    void missedHeartbeatsTurnTheMemberCriticalAndAHeartbeatBringsItBack() {
        Member e = edge("edge-fra1-2", "fra1");
        Await.join(memberSide().register(e, TTL, false));
        Await.until("registered", () -> seen(e.id()).isPresent());

        // Nobody heartbeats: the TTL lapses and the PoP must stop receiving sessions.
        Await.until("TTL lapsed", () -> seen(e.id()).map(m -> m.health() == Health.CRITICAL).orElse(false));
        MemberState m = seen(e.id()).orElseThrow();
        assertThat(m.healthNote()).isEqualTo("TTL expired");
        assertThat(m.acceptsSessions()).isFalse();
        assertThat(watcherSide().state().accepting(MemberKind.EDGE, "fra1")).isEmpty();

        Await.join(memberSide().heartbeat(e.id()));
        Await.until("passing again", () -> seen(e.id()).map(x -> x.health() == Health.PASSING).orElse(false));
        assertThat(seen(e.id()).orElseThrow().acceptsSessions()).isTrue();
    }

    @Test
    void automaticHeartbeatsKeepTheMemberPassingBeyondItsTtl() {
        Member e = edge("edge-fra1-3", "fra1");
        List<Health> seenHealth = new CopyOnWriteArrayList<>();
        Subscription s = watcherSide().subscribe(st -> st.member(e.id()).ifPresent(m -> seenHealth.add(m.health())));
        try {
            Await.join(memberSide().register(e, TTL, true));
            Await.until("registered", () -> seen(e.id()).isPresent());
            // Three TTLs go by; the registry's own heartbeats must keep the check passing throughout.
            long until = System.nanoTime() + TTL.multipliedBy(3).toNanos();
            Await.until("three TTLs passed", () -> System.nanoTime() - until > 0);
            assertThat(seen(e.id()).orElseThrow().health()).isEqualTo(Health.PASSING);
            assertThat(seenHealth).isNotEmpty().doesNotContain(Health.CRITICAL);
        } finally {
            s.close();
        }
    }

    @Test
    void reportedHealthAndItsNoteReachWatchers() {
        Member e = edge("edge-fra1-4", "fra1");
        Await.join(memberSide().register(e, LONG_TTL, true));
        Await.join(memberSide().reportHealth(e.id(), Health.WARNING, "packet loss 3%"));
        Await.until("warning visible", () -> seen(e.id()).map(m -> m.health() == Health.WARNING).orElse(false));
        assertThat(seen(e.id()).orElseThrow().healthNote()).isEqualTo("packet loss 3%");
        assertThat(seen(e.id()).orElseThrow().acceptsSessions()).as("a warning only lowers the rank").isTrue();

        Await.join(memberSide().reportHealth(e.id(), Health.CRITICAL, "media port unbound"));
        Await.until("critical visible", () -> seen(e.id()).map(m -> m.health() == Health.CRITICAL).orElse(false));
        assertThat(seen(e.id()).orElseThrow().healthNote()).isEqualTo("media port unbound");
        assertThat(seen(e.id()).orElseThrow().acceptsSessions()).isFalse();

        Await.join(memberSide().heartbeat(e.id()));
        Await.until("passing again", () -> seen(e.id()).map(m -> m.health() == Health.PASSING).orElse(false));
    }

    @Test
    void aDeregisteredMemberLeavesWithEverythingItPublished() {
        Member e = edge("edge-fra1-5", "fra1");
        Member other = edge("edge-fra1-6", "fra1");
        Await.join(memberSide().register(e, LONG_TTL, true));
        Await.join(memberSide().register(other, LONG_TTL, true));
        Await.join(memberSide().publishLoad(e.id(), new Load(5, 100, 0.1)));
        Await.join(memberSide().publishLatency(e.id(), sampleLatency()));
        Await.until("visible with load", () -> seen(e.id()).map(m -> m.load().isPresent() && m.latency().isPresent()).orElse(false));

        Await.join(memberSide().deregister(e.id()));
        Await.until("gone", () -> seen(e.id()).isEmpty());
        assertThat(seen(other.id())).as("the other member stays").isPresent();
        assertThat(watcherSide().state().clientRtts()).isEmpty();

        Await.join(memberSide().register(e, LONG_TTL, true));
        Await.until("back", () -> seen(e.id()).isPresent());
        assertThat(seen(e.id()).orElseThrow().load()).as("a new registration starts clean").isEmpty();
        assertThat(seen(e.id()).orElseThrow().latency()).isEmpty();
    }

    @Test
    void listenersGetNewerSnapshotsInVersionOrderUntilTheyUnsubscribe() {
        List<LiveState> got = new CopyOnWriteArrayList<>();
        Subscription sub = watcherSide().subscribe(got::add);
        Member e = edge("edge-fra1-7", "fra1");
        Await.join(memberSide().register(e, LONG_TTL, true));
        Await.until("listener saw the member", () -> got.stream().anyMatch(s -> s.member(e.id()).isPresent()));
        Await.join(memberSide().setDraining(e.id(), true));
        Await.until("listener saw the drain", () -> got.stream().anyMatch(s -> s.member(e.id()).map(MemberState::draining).orElse(false)));

        List<Long> versions = new ArrayList<>(got.stream().map(LiveState::version).toList());
        assertThat(versions).isSorted().doesNotHaveDuplicates();

        sub.close();
        int before = got.size();
        Await.join(memberSide().setDraining(e.id(), false));
        Await.until("watcher saw the drain end", () -> seen(e.id()).map(m -> !m.draining()).orElse(false));
        assertThat(got).as("no calls after close").hasSize(before);
    }

    @Test
    void callsForAMemberNotRegisteredHereFail() {
        assertThat(Await.failure(memberSide().publishLoad("nobody", new Load(1, 1, 0))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nobody");
        assertThat(Await.failure(memberSide().heartbeat("nobody"))).isInstanceOf(IllegalStateException.class);
        assertThat(Await.failure(memberSide().setDraining("nobody", true))).isInstanceOf(IllegalStateException.class);
    }
}
