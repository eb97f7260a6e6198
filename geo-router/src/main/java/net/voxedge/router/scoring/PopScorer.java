package net.voxedge.router.scoring;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.voxedge.router.geo.GeoLocation;
import net.voxedge.router.measured.MeasuredRttTable;
import net.voxedge.router.model.GreatCircle;
import net.voxedge.router.model.RttModel;
import net.voxedge.router.state.LiveState;
import net.voxedge.router.state.PopState;
import net.voxedge.topology.BackboneLink;
import net.voxedge.topology.Cluster;
import net.voxedge.topology.Pop;
import net.voxedge.topology.Topology;

/**
 * Chooses a primary PoP, a backup PoP and an inference cluster for one client.
 *
 * <ol>
 * <li>Candidates: PoPs that are healthy, not draining and below capacity.</li>
 * <li>Client RTT per candidate: the measured average for the client's prefix when it is within
 *     the horizon and has at least {@code minConfidence} decayed weight; otherwise the
 *     geographic estimate ({@link RttModel} over the great-circle distance), plus the access
 *     delay the prefix's measurements to other PoPs show beyond their geography (so a measured
 *     PoP does not lose to an unmeasured one only because estimates leave the last mile out).</li>
 * <li>Cost = client RTT + the {@link ScoringPolicy#loadPenaltyMs load penalty}; the cheapest is the
 *     primary, the cheapest in another city the backup (any other PoP if all share a city).</li>
 * <li>Location unknown and nothing measured: the PoP the request arrived at (anycast put it
 *     there, so BGP thinks it near) if it is a candidate, else the least-loaded candidate.</li>
 * <li>Cluster: among healthy clusters, the least backbone RTT from the primary — measured
 *     ({@link LiveState#backboneRttMs}), else the topology's links (shortest path, 2 × one-way),
 *     else a great-circle estimate.</li>
 * </ol>
 *
 * Sans-IO: time comes in; the measured table is read, never written. Thread-safe if the live
 * state is and the table is not written concurrently (the caller's lock). One decision
 * allocates the {@link RouteDecision}.
 */
public final class PopScorer {

    private final Topology topology;
    private final RttModel model;
    private final ScoringPolicy policy;
    private final LiveState live;
    private final MeasuredRttTable measured;

    private final Pop[] pops;
    private final Cluster[] clusters;
    private final double[] popLat;
    private final double[] popLon;
    private final double[] popCosLat;
    /** Shortest backbone path over the topology's links, pop × cluster, round trip ms; NaN if none. */
    private final double[][] topologyRtt;
    /** Great-circle RTT estimate, pop × cluster. */
    private final double[][] greatCircleRtt;
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final Map<Integer, Integer> indexById = new HashMap<>();
    private final ThreadLocal<Scratch> scratch;

    public PopScorer(Topology topology, RttModel model, ScoringPolicy policy, LiveState live, MeasuredRttTable measured) {
        this.topology = topology;
        this.model = model;
        this.policy = policy;
        this.live = live;
        this.measured = measured;
        this.pops = topology.pops().toArray(new Pop[0]);
        this.clusters = topology.clusters().toArray(new Cluster[0]);
        if (pops.length > MeasuredRttTable.MAX_POPS) {
            throw new IllegalArgumentException("at most " + MeasuredRttTable.MAX_POPS + " PoPs (got " + pops.length + ")");
        }
        popLat = new double[pops.length];
        popLon = new double[pops.length];
        popCosLat = new double[pops.length];
        for (int i = 0; i < pops.length; i++) {
            popLat[i] = Math.toRadians(pops[i].lat());
            popLon[i] = Math.toRadians(pops[i].lon());
            popCosLat[i] = Math.cos(popLat[i]);
            indexByName.put(pops[i].name(), i);
            indexById.put(pops[i].id(), i);
        }
        topologyRtt = shortestPaths(topology, pops, clusters);
        greatCircleRtt = new double[pops.length][clusters.length];
        for (int i = 0; i < pops.length; i++) {
            for (int c = 0; c < clusters.length; c++) {
                greatCircleRtt[i][c] = model.rttMs(GreatCircle.km(pops[i].lat(), pops[i].lon(), clusters[c].lat(), clusters[c].lon()));
            }
        }
        int n = pops.length;
        scratch = ThreadLocal.withInitial(() -> new Scratch(n));
    }

    /**
     * Routes one client.
     *
     * @param location   GeoIP's answer for the client address
     * @param prefixKey  the client's prefix ({@code PrefixKeys.of}), for measured RTTs
     * @param arrivalPop index of the PoP the request arrived at, or -1 (used when the location
     *                   is unknown)
     * @param nowNanos   the same monotonic clock the measured table is fed with
     */
    public RouteDecision route(GeoLocation location, long prefixKey, int arrivalPop, long nowNanos) {
        Scratch s = scratch.get();
        int n = pops.length;
        boolean known = location.isKnown();
        double cLat = 0;
        double cLon = 0;
        double cCos = 0;
        if (known) {
            cLat = Math.toRadians(location.lat());
            cLon = Math.toRadians(location.lon());
            cCos = Math.cos(cLat);
        }
        // Pass 1: candidates, measured and geographic RTTs, and the access delay beyond geography.
        double access = Double.POSITIVE_INFINITY;
        boolean anyCandidate = false;
        for (int i = 0; i < n; i++) {
            PopState st = live.pop(pops[i].name());
            s.load[i] = st.load();
            s.penalty[i] = policy.loadPenaltyMs(st.load());
            s.candidate[i] = st.healthy() && !st.draining() && s.penalty[i] != Double.POSITIVE_INFINITY;
            if (!s.candidate[i]) {
                continue;
            }
            anyCandidate = true;
            s.km[i] = known ? GreatCircle.kmRadians(cLat, cLon, cCos, popLat[i], popLon[i], popCosLat[i]) : Double.NaN;
            double geo = known ? model.rttMs(s.km[i]) : Double.NaN;
            int slot = measured.find(prefixKey, i, nowNanos);
            if (slot >= 0 && measured.confidence(slot, nowNanos) >= policy.minConfidence()) {
                s.rtt[i] = measured.rttMs(slot);
                s.samples[i] = measured.samples(slot);
                if (known) {
                    access = Math.min(access, s.rtt[i] - geo);
                }
            } else {
                s.rtt[i] = geo;
                s.samples[i] = 0;
            }
        }
        if (!anyCandidate) {
            return new RouteDecision(null, null, null, Double.NaN, Double.NaN, Double.NaN, RouteDecision.Basis.NO_CANDIDATE,
                    Double.NaN, 0, 0, 0, prefixKey, location, RouteDecision.BackboneBasis.NONE);
        }
        double accessMs = access == Double.POSITIVE_INFINITY ? 0.0 : Math.max(0.0, access);
        // Pass 2: costs and the primary.
        int best = -1;
        for (int i = 0; i < n; i++) {
            if (!s.candidate[i]) {
                continue;
            }
            if (s.samples[i] == 0 && known) {
                s.rtt[i] += accessMs;
            }
            s.cost[i] = s.rtt[i] + s.penalty[i];
            if (!Double.isNaN(s.cost[i]) && (best < 0 || s.cost[i] < s.cost[best])) {
                best = i;
            }
        }
        RouteDecision.Basis basis;
        if (best >= 0) {
            basis = s.samples[best] > 0 ? RouteDecision.Basis.MEASURED : RouteDecision.Basis.GEOGRAPHY;
        } else if (arrivalPop >= 0 && arrivalPop < n && s.candidate[arrivalPop]) {
            best = arrivalPop;
            basis = RouteDecision.Basis.ARRIVAL_POP;
        } else {
            best = leastLoaded(s, -1, null);
            basis = RouteDecision.Basis.LEAST_LOADED;
        }
        boolean scored = basis == RouteDecision.Basis.MEASURED || basis == RouteDecision.Basis.GEOGRAPHY;
        int backup = scored ? cheapestOther(s, best) : -1;
        if (backup < 0) {
            // Nothing else has an RTT estimate (location unknown, one PoP measured): spread by load.
            backup = leastLoaded(s, best, pops[best].city());
        }
        if (backup < 0) {
            backup = leastLoaded(s, best, null);
        }
        // Cluster: least backbone RTT from the primary.
        int cluster = -1;
        double backbone = Double.NaN;
        RouteDecision.BackboneBasis backboneBasis = RouteDecision.BackboneBasis.NONE;
        for (int c = 0; c < clusters.length; c++) {
            if (!live.clusterHealthy(clusters[c].id())) {
                continue;
            }
            double rtt = live.backboneRttMs(pops[best].name(), clusters[c].id());
            RouteDecision.BackboneBasis b = RouteDecision.BackboneBasis.MEASURED;
            if (!(rtt >= 0)) {
                rtt = topologyRtt[best][c];
                b = RouteDecision.BackboneBasis.TOPOLOGY;
            }
            if (Double.isNaN(rtt)) {
                rtt = greatCircleRtt[best][c];
                b = RouteDecision.BackboneBasis.GREAT_CIRCLE;
            }
            if (cluster < 0 || rtt < backbone) {
                cluster = c;
                backbone = rtt;
                backboneBasis = b;
            }
        }
        return new RouteDecision(pops[best], backup < 0 ? null : pops[backup], cluster < 0 ? null : clusters[cluster],
                s.rtt[best], backup < 0 ? Double.NaN : s.rtt[backup], backbone, basis,
                s.km[best], s.samples[best], s.samples[best] == 0 ? accessMs : 0.0, s.penalty[best],
                prefixKey, location, backboneBasis);
    }

    /** Cheapest candidate other than {@code primary}, another city first; -1 if none. */
    private int cheapestOther(Scratch s, int primary) {
        int sameCity = -1;
        int otherCity = -1;
        String city = pops[primary].city();
        for (int i = 0; i < pops.length; i++) {
            if (i == primary || !s.candidate[i] || Double.isNaN(s.cost[i])) {
                continue;
            }
            if (pops[i].city().equals(city)) {
                if (sameCity < 0 || s.cost[i] < s.cost[sameCity]) {
                    sameCity = i;
                }
            } else if (otherCity < 0 || s.cost[i] < s.cost[otherCity]) {
                otherCity = i;
            }
        }
        return otherCity >= 0 ? otherCity : sameCity;
    }

    /** Least-loaded candidate other than {@code except}, not in {@code avoidCity}; -1 if none. */
    private int leastLoaded(Scratch s, int except, String avoidCity) {
        int best = -1;
        for (int i = 0; i < pops.length; i++) {
            if (i == except || !s.candidate[i] || (avoidCity != null && pops[i].city().equals(avoidCity))) {
                continue;
            }
            if (best < 0 || s.load[i] < s.load[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Index of the PoP with this name, or -1. */
    public int popIndex(String name) {
        Integer i = indexByName.get(name);
        return i == null ? -1 : i;
    }

    /** Index of the PoP with this routing-token id, or -1. */
    public int popIndexById(int id) {
        Integer i = indexById.get(id);
        return i == null ? -1 : i;
    }

    /** The PoPs in index order. */
    public List<Pop> pops() {
        return List.of(pops);
    }

    public Topology topology() {
        return topology;
    }

    public LiveState live() {
        return live;
    }

    public MeasuredRttTable measured() {
        return measured;
    }

    /** The topology's backbone RTT (shortest path over links, ms) from a PoP to a cluster; NaN if unlinked. */
    public double topologyBackboneRttMs(int popIndex, int clusterIndex) {
        return topologyRtt[popIndex][clusterIndex];
    }

    /** Floyd–Warshall over the link graph: a PoP with no direct link to a cluster reaches it via others. */
    private static double[][] shortestPaths(Topology t, Pop[] pops, Cluster[] clusters) {
        Map<String, Integer> node = new HashMap<>();
        for (Pop p : pops) {
            node.put(p.name(), node.size());
        }
        for (Cluster c : clusters) {
            node.put(c.id(), node.size());
        }
        int m = node.size();
        double[][] d = new double[m][m];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(d[i], Double.POSITIVE_INFINITY);
            d[i][i] = 0;
        }
        for (BackboneLink l : t.links()) {
            Integer a = node.get(l.from());
            Integer b = node.get(l.to());
            if (a == null || b == null) {
                continue;
            }
            double rtt = 2 * l.expectedOneWayMs();
            d[a][b] = Math.min(d[a][b], rtt);
            d[b][a] = Math.min(d[b][a], rtt);
        }
        for (int k = 0; k < m; k++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    if (d[i][k] + d[k][j] < d[i][j]) {
                        d[i][j] = d[i][k] + d[k][j];
                    }
                }
            }
        }
        double[][] out = new double[pops.length][clusters.length];
        for (int i = 0; i < pops.length; i++) {
            for (int c = 0; c < clusters.length; c++) {
                double v = d[i][pops.length + c];
                out[i][c] = v == Double.POSITIVE_INFINITY ? Double.NaN : v;
            }
        }
        return out;
    }

    /** Per-thread working arrays, so a decision allocates nothing but its result. */
    private static final class Scratch {
        final boolean[] candidate;
        final double[] load;
        final double[] penalty;
        final double[] km;
        final double[] rtt;
        final double[] cost;
        final int[] samples;

        Scratch(int n) {
            candidate = new boolean[n];
            load = new double[n];
            penalty = new double[n];
            km = new double[n];
            rtt = new double[n];
            cost = new double[n];
            samples = new int[n];
        }
    }
}
