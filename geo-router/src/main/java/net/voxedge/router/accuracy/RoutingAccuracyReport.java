package net.voxedge.router.accuracy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import net.voxedge.router.RouterService;
import net.voxedge.router.geo.GeoIpLocator;
import net.voxedge.router.measured.MeasuredRttTable;
import net.voxedge.router.model.GreatCircle;
import net.voxedge.router.model.RttModel;
import net.voxedge.router.net.IpLiteral;
import net.voxedge.router.scoring.PopScorer;
import net.voxedge.router.scoring.RouteDecision;
import net.voxedge.router.scoring.ScoringPolicy;
import net.voxedge.router.state.InMemoryLiveState;
import net.voxedge.topology.Pop;
import net.voxedge.topology.Topology;
import net.voxedge.topology.TopologyLoader;

/**
 * Routing quality against ground truth: every address of {@code geo-groundtruth.csv}
 * ({@code ip,provider,region,lat,lon}, the true location) goes through the real router (GeoIP,
 * scorer, default policy, every PoP healthy and idle, nothing measured, no arrival PoP), and the
 * chosen PoP is compared with the PoP nearest the true location. Prints a Markdown table: per
 * group the share routed to the nearest PoP, the share GeoIP left UNKNOWN, and the mean extra
 * great-circle distance when the choice was not the nearest.
 *
 * <p>Run with {@code scripts/route-accuracy}; arguments {@code --topology=}, {@code --geoip=},
 * {@code --groundtruth=}.
 */
public final class RoutingAccuracyReport {

    private RoutingAccuracyReport() {
    }

    /** Tallies for one group of addresses. */
    static final class Tally {
        int n;
        int nearest;
        int unknown;
        int knownNearest;
        int wrong;
        double extraKm;
        int knownWrong;
        double knownExtraKm;

        void add(boolean isNearest, boolean isUnknown, double extra) {
            n++;
            if (isUnknown) {
                unknown++;
            }
            if (isNearest) {
                nearest++;
                if (!isUnknown) {
                    knownNearest++;
                }
            } else {
                wrong++;
                extraKm += extra;
                if (!isUnknown) {
                    knownWrong++;
                    knownExtraKm += extra;
                }
            }
        }

        String row(String name) {
            int known = n - unknown;
            return String.format(Locale.ROOT, "| %s | %d | %.1f %% | %s | %.1f %% | %s | %s |", name, n, pct(nearest, n),
                    known == 0 ? "–" : String.format(Locale.ROOT, "%.1f %%", pct(knownNearest, known)),
                    pct(unknown, n), km(extraKm, wrong), km(knownExtraKm, knownWrong));
        }

        private static String km(double sum, int count) {
            return count == 0 ? "–" : String.format(Locale.ROOT, "%.0f km", sum / count);
        }

        private static double pct(int a, int b) {
            return b == 0 ? 0 : 100.0 * a / b;
        }
    }

    public static void main(String[] args) throws Exception {
        Path topologyPath = Path.of("topology/src/main/resources/sample/topology.conf");
        Path geoipPath = Path.of("data/geoip/GeoLite2-City.mmdb");
        // The evaluation data sits beside the repository (../shared), as on the dev and CI machines.
        Path truthPath = Path.of("../shared/data/geo-groundtruth.csv");
        for (String a : args) {
            if (a.startsWith("--topology=")) {
                topologyPath = Path.of(a.substring(11));
            } else if (a.startsWith("--geoip=")) {
                geoipPath = Path.of(a.substring(8));
            } else if (a.startsWith("--groundtruth=")) {
                truthPath = Path.of(a.substring(14));
            } else {
                System.err.println("usage: RoutingAccuracyReport [--topology=FILE] [--geoip=FILE.mmdb] [--groundtruth=FILE.csv]");
                System.exit(2);
            }
        }
        Topology topology = TopologyLoader.load(topologyPath);
        try (GeoIpLocator geo = GeoIpLocator.open(geoipPath, GeoIpLocator.DEFAULT_UNKNOWN_RADIUS_KM)) {
            PopScorer scorer = new PopScorer(topology, RttModel.DEFAULT, ScoringPolicy.DEFAULT, new InMemoryLiveState(),
                    new MeasuredRttTable(1, 1, 1));
            RouterService router = new RouterService(geo, scorer, () -> 0L);
            Map<String, Tally> groups = run(router, topology, Files.readAllLines(truthPath));
            System.out.println("GeoIP: " + geo.describe());
            System.out.println("Topology: " + topologyPath + " (" + topology.pops().size() + " PoPs)");
            System.out.println("Ground truth: " + truthPath);
            System.out.println();
            System.out.println("| addresses | n | chosen = nearest PoP | … of GeoIP-known | GeoIP UNKNOWN | mean extra km when not nearest | … of GeoIP-known |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (Map.Entry<String, Tally> e : groups.entrySet()) {
                System.out.println(e.getValue().row(e.getKey().substring(2)));
            }
        }
    }

    /** Tallies keyed with a sort prefix: overall, IPv4, IPv6, then providers by name. */
    static Map<String, Tally> run(RouterService router, Topology topology, List<String> lines) {
        Map<String, Tally> groups = new TreeMap<>();
        List<Pop> pops = new ArrayList<>(topology.pops());
        byte[] addr = new byte[16];
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            if (lineNo == 1 && line.startsWith("ip,")) {
                continue;
            }
            String[] f = line.split(",");
            if (f.length != 5) {
                throw new IllegalArgumentException("ground truth line " + lineNo + ": expected ip,provider,region,lat,lon (got \"" + line + "\")");
            }
            int len = IpLiteral.parse(f[0], addr);
            if (len < 0) {
                throw new IllegalArgumentException("ground truth line " + lineNo + ": ip '" + f[0] + "' " + IpLiteral.Error.of(len).text());
            }
            double lat = Double.parseDouble(f[3]);
            double lon = Double.parseDouble(f[4]);
            RouteDecision d = router.route(addr, len, -1);
            Pop nearest = null;
            double nearestKm = Double.POSITIVE_INFINITY;
            for (Pop p : pops) {
                double km = GreatCircle.km(lat, lon, p.lat(), p.lon());
                if (km < nearestKm) {
                    nearestKm = km;
                    nearest = p;
                }
            }
            boolean isNearest = d.pop() == nearest;
            boolean unknown = !d.location().isKnown();
            double extra = GreatCircle.km(lat, lon, d.pop().lat(), d.pop().lon()) - nearestKm;
            groups.computeIfAbsent("0 all", k -> new Tally()).add(isNearest, unknown, extra);
            groups.computeIfAbsent(len == 4 ? "1 IPv4" : "2 IPv6", k -> new Tally()).add(isNearest, unknown, extra);
            groups.computeIfAbsent("3 " + f[1], k -> new Tally()).add(isNearest, unknown, extra);
        }
        return groups;
    }
}
