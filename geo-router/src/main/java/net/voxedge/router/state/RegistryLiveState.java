package net.voxedge.router.state;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import net.voxedge.topology.Pop;
import net.voxedge.topology.Topology;
import net.voxedge.topology.registry.BackboneRtt;
import net.voxedge.topology.registry.ClientRtt;
import net.voxedge.topology.registry.Health;
import net.voxedge.topology.registry.LatencyBatch;
import net.voxedge.topology.registry.MemberKind;
import net.voxedge.topology.registry.MemberState;
import net.voxedge.topology.registry.Load;

/**
 * The router's {@link LiveState} fed by the topology module's live registry (Consul, or the
 * in-process one): subscribe it to {@code LiveRegistry.subscribe} and every snapshot is turned
 * into per-PoP and per-cluster answers that decisions read without locks or allocation.
 *
 * <p>With a registry, a PoP or cluster nobody registered for is not healthy: there is no edge
 * there to take the session. A PoP is healthy while at least one of its edges passes its checks,
 * draining when every live edge drains, and its load is its edges' sessions over their capacity.
 * A stale snapshot (the backend unreachable) is used as it is: the registry already keeps the last
 * state known, which is better than nothing.
 *
 * <p>Client RTT samples that edges publish are handed to {@code clientRttSink} once each (a
 * sample is new when its time is after the last one taken from that member).
 */
public final class RegistryLiveState implements LiveState, Consumer<net.voxedge.topology.registry.LiveState> {

    /** Receives each new client RTT sample an edge published. */
    @FunctionalInterface
    public interface ClientRttSink {
        void sample(ClientRtt rtt);
    }

    private static final PopState NOBODY = new PopState(false, false, 0.0);

    private final List<String> popNames;
    private final ClientRttSink clientRttSink;
    private final Map<String, Instant> lastClientSampleByMember = new HashMap<>();
    private volatile Snapshot snapshot;

    private record Snapshot(Map<String, PopState> pops, Map<String, Boolean> clusters,
            Map<String, Map<String, Double>> backbone, long version, boolean stale) {
    }

    public RegistryLiveState(Topology topology, ClientRttSink clientRttSink) {
        this.popNames = topology.pops().stream().map(Pop::name).toList();
        this.clientRttSink = clientRttSink;
        this.snapshot = new Snapshot(Map.of(), Map.of(), Map.of(), -1, false);
    }

    @Override
    public PopState pop(String popName) {
        return snapshot.pops.getOrDefault(popName, NOBODY);
    }

    @Override
    public boolean clusterHealthy(String clusterId) {
        return snapshot.clusters.getOrDefault(clusterId, Boolean.FALSE);
    }

    @Override
    public double backboneRttMs(String popName, String clusterId) {
        Map<String, Double> fromPop = snapshot.backbone.get(popName);
        Double d = fromPop == null ? null : fromPop.get(clusterId);
        return d == null ? Double.NaN : d;
    }

    /** The registry version the answers come from (-1 before the first snapshot). */
    public long version() {
        return snapshot.version;
    }

    /** True when the last snapshot was the registry's last-known state (backend unreachable). */
    public boolean stale() {
        return snapshot.stale;
    }

    /** Takes a registry snapshot (called by the registry's subscription, one at a time). */
    @Override
    public synchronized void accept(net.voxedge.topology.registry.LiveState state) {
        Map<String, int[]> sessionsByPop = new HashMap<>();
        Map<String, boolean[]> flagsByPop = new HashMap<>(); // [any live edge, any accepting edge]
        Map<String, Boolean> clusters = new HashMap<>();
        Map<String, Map<String, Double>> backbone = new HashMap<>();
        Map<String, Instant> backboneAt = new HashMap<>();
        for (MemberState m : state.members().values()) {
            String site = m.member().site();
            if (m.member().kind() == MemberKind.EDGE) {
                boolean live = m.health() != Health.CRITICAL;
                boolean[] flags = flagsByPop.computeIfAbsent(site, k -> new boolean[2]);
                flags[0] |= live;
                flags[1] |= live && !m.draining();
                if (live && m.load().isPresent()) {
                    Load load = m.load().get();
                    int[] totals = sessionsByPop.computeIfAbsent(site, k -> new int[2]);
                    totals[0] += load.activeSessions();
                    totals[1] += load.capacity();
                }
                m.latency().ifPresent(batch -> takeLatency(m, batch, backbone, backboneAt));
            } else if (m.member().kind() == MemberKind.GATEWAY) {
                clusters.merge(site, m.acceptsSessions(), Boolean::logicalOr);
            }
        }
        Map<String, PopState> pops = new HashMap<>();
        for (String name : popNames) {
            boolean[] flags = flagsByPop.get(name);
            if (flags == null || !flags[0]) {
                continue; // nobody there: NOBODY
            }
            int[] totals = sessionsByPop.get(name);
            double load = totals == null || totals[1] == 0 ? 0.0 : (double) totals[0] / totals[1];
            pops.put(name, new PopState(true, !flags[1], load));
        }
        snapshot = new Snapshot(Map.copyOf(pops), Map.copyOf(clusters), copyNested(backbone), state.version(),
                state.stale());
    }

    private void takeLatency(MemberState m, LatencyBatch batch, Map<String, Map<String, Double>> backbone,
            Map<String, Instant> backboneAt) {
        // Several edges of a PoP measure the same path: the newest figure wins.
        for (BackboneRtt b : batch.backbone()) {
            String key = b.pop() + '\n' + b.cluster();
            Instant seen = backboneAt.get(key);
            if (seen == null || b.at().isAfter(seen)) {
                backboneAt.put(key, b.at());
                backbone.computeIfAbsent(b.pop(), k -> new HashMap<>()).put(b.cluster(), b.rttMicros() / 1000.0);
            }
        }
        Instant last = lastClientSampleByMember.get(m.id());
        Instant newest = last;
        for (ClientRtt c : batch.clients()) {
            if (last == null || c.at().isAfter(last)) {
                clientRttSink.sample(c);
                if (newest == null || c.at().isAfter(newest)) {
                    newest = c.at();
                }
            }
        }
        if (newest != null) {
            lastClientSampleByMember.put(m.id(), newest);
        }
    }

    private static Map<String, Map<String, Double>> copyNested(Map<String, Map<String, Double>> m) {
        Map<String, Map<String, Double>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, Map.copyOf(v)));
        return Map.copyOf(out);
    }
}
