package net.voxedge.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.voxedge.topology.registry.BackboneRtt;
import net.voxedge.topology.registry.ClientRtt;
import net.voxedge.topology.registry.Health;
import net.voxedge.topology.registry.LatencyBatch;
import net.voxedge.topology.registry.LiveState;
import net.voxedge.topology.registry.Load;
import net.voxedge.topology.registry.Member;
import net.voxedge.topology.registry.MemberKind;
import net.voxedge.topology.registry.MemberState;
import org.junit.jupiter.api.Test;

class LoopbackBackboneTest {
    private static final Instant T = Instant.parse("2026-11-22T00:00:00Z");

    @Test
    void backboneFiguresGoEverythingElseStays() {
        ClientRtt client = new ClientRtt("127.0.0.0/24", "fra1", 150, 3, T);
        MemberState edge = new MemberState(Member.of("edge-fra1-h1", MemberKind.EDGE, "fra1", "fra1-h1", "127.0.0.2", 80),
                Health.PASSING, "ok", true, Optional.of(new Load(3, 100, 0.1)),
                Optional.of(new LatencyBatch(List.of(client), List.of(new BackboneRtt("fra1", "us-east", 90, 10, 0.0, T)))), T);
        MemberState gw = new MemberState(Member.of("gateway-us-east", MemberKind.GATEWAY, "us-east", "us-east-gw", "127.0.0.6", 7),
                Health.PASSING, "", false, Optional.empty(), Optional.empty(), T);
        LiveState in = new LiveState(7, Map.of(edge.id(), edge, gw.id(), gw), true, Optional.of(T));

        LiveState out = LoopbackBackbone.withoutBackboneRtts(in);

        assertThat(out.version()).isEqualTo(7);
        assertThat(out.stale()).isTrue();
        assertThat(out.staleSince()).contains(T);
        MemberState e = out.members().get("edge-fra1-h1");
        assertThat(e.latency().orElseThrow().backbone()).isEmpty();
        assertThat(e.latency().orElseThrow().clients()).containsExactly(client);
        assertThat(e.draining()).isTrue();
        assertThat(e.load()).isEqualTo(edge.load());
        assertThat(e.healthNote()).isEqualTo("ok");
        assertThat(out.members().get("gateway-us-east")).isEqualTo(gw);
    }

    @Test
    void aSnapshotWithoutBackboneFiguresIsPassedAsItIs() {
        LiveState in = new LiveState(1, Map.of(), false, Optional.empty());
        assertThat(LoopbackBackbone.withoutBackboneRtts(in)).isSameAs(in);
    }
}
