package net.voxedge.devnet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import net.voxedge.topology.registry.LatencyBatch;
import net.voxedge.topology.registry.LiveState;
import net.voxedge.topology.registry.MemberState;

/**
 * What the dev router sees of the registry: everything, except the backbone round trips the edges
 * measured. On loopback every PoP→cluster path measures about the same (a fraction of a
 * millisecond, or scheduling noise on a busy machine), so those figures would make the router pick
 * clusters by noise, while each edge sends its sessions to the cluster nearest by the topology
 * (its {@code backbone.clusters} order). Without them the router falls back to the topology's link
 * delays (great circle) and names the cluster the edge really uses. Client round trips, health,
 * load and drain pass unchanged. A pure function of the snapshot.
 */
public final class LoopbackBackbone {

    private LoopbackBackbone() {
    }

    /** {@code state} with every member's backbone measurements removed (the same object when there are none). */
    public static LiveState withoutBackboneRtts(LiveState state) {
        boolean any = state.members().values().stream()
                .anyMatch(m -> m.latency().isPresent() && !m.latency().get().backbone().isEmpty());
        if (!any) {
            return state;
        }
        Map<String, MemberState> members = new LinkedHashMap<>();
        for (Map.Entry<String, MemberState> e : state.members().entrySet()) {
            MemberState m = e.getValue();
            Optional<LatencyBatch> latency = m.latency().map(b -> new LatencyBatch(b.clients(), null));
            members.put(e.getKey(), new MemberState(m.member(), m.health(), m.healthNote(), m.draining(), m.load(),
                    latency, m.updatedAt()));
        }
        return new LiveState(state.version(), members, state.stale(), state.staleSince());
    }
}
