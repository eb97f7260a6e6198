package net.voxedge.router.state;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link LiveState} held in maps, set by whoever knows (tests, the single-process network, an
 * adapter until the topology registry arrives). Thread-safe; unknown PoPs read as idle and
 * healthy, unknown clusters as healthy, unmeasured backbone paths as NaN.
 */
public final class InMemoryLiveState implements LiveState {

    private final Map<String, PopState> pops = new ConcurrentHashMap<>();
    private final Map<String, Boolean> unhealthyClusters = new ConcurrentHashMap<>();
    // PoP name → cluster id → RTT: two plain lookups, no key object built per read.
    private final Map<String, Map<String, Double>> backbone = new ConcurrentHashMap<>();

    @Override
    public PopState pop(String popName) {
        return pops.getOrDefault(popName, PopState.IDLE);
    }

    @Override
    public boolean clusterHealthy(String clusterId) {
        return !unhealthyClusters.containsKey(clusterId);
    }

    @Override
    public double backboneRttMs(String popName, String clusterId) {
        Map<String, Double> fromPop = backbone.get(popName);
        Double d = fromPop == null ? null : fromPop.get(clusterId);
        return d == null ? Double.NaN : d;
    }

    public InMemoryLiveState setPop(String popName, PopState state) {
        pops.put(popName, state);
        return this;
    }

    public InMemoryLiveState setClusterHealthy(String clusterId, boolean healthy) {
        if (healthy) {
            unhealthyClusters.remove(clusterId);
        } else {
            unhealthyClusters.put(clusterId, Boolean.TRUE);
        }
        return this;
    }

    /** Records a measured PoP→cluster round trip; NaN forgets it. */
    public InMemoryLiveState setBackboneRtt(String popName, String clusterId, double rttMs) {
        if (Double.isNaN(rttMs)) {
            Map<String, Double> fromPop = backbone.get(popName);
            if (fromPop != null) {
                fromPop.remove(clusterId);
            }
        } else {
            backbone.computeIfAbsent(popName, k -> new ConcurrentHashMap<>()).put(clusterId, rttMs);
        }
        return this;
    }
}
