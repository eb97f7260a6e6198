package net.voxedge.devnet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.voxedge.router.model.GreatCircle;

/**
 * Writes the dev network's topology file (topology/README.md format) once the edges and gateways
 * have bound their ports: the same file production reads, so the router and the front are set up
 * exactly as they are there. Pure text generation, no IO.
 */
public final class DevTopology {

    /** The environment variables the topology names for the front's two keys (served from memory). */
    public static final String CLIENT_AUTH_ENV = "VOXEDGE_DEV_CLIENT_AUTH_KEY";
    public static final String INTERNAL_ENV = "VOXEDGE_DEV_INTERNAL_SIGNALING_KEY";
    /** Fibre route factor and speed of light in fibre: the backbone links' expected one-way delay. */
    private static final double ROUTE_FACTOR = 1.4;
    private static final double FIBRE_KM_PER_MS = 200.0;

    private DevTopology() {
    }

    /** The clusters in the order a PoP's edge tries them: nearest first (its failover order). */
    public static List<DevSite> clustersByDistance(DevSite pop, List<DevSite> clusters) {
        List<DevSite> out = new ArrayList<>(clusters);
        out.sort(Comparator.comparingDouble(c -> GreatCircle.km(pop.lat(), pop.lon(), c.lat(), c.lon())));
        return out;
    }

    /** One-way backbone delay expected between two sites (never below 0.5 ms: same city, other building). */
    public static double oneWayMs(DevSite a, DevSite b) {
        double ms = GreatCircle.km(a.lat(), a.lon(), b.lat(), b.lon()) * ROUTE_FACTOR / FIBRE_KM_PER_MS;
        return Math.max(0.5, Math.round(ms * 10) / 10.0);
    }

    /**
     * @param media    PoP name → its edge's media address ({@code ip:port}) as bound
     * @param gateways cluster id → its gateway's tunnel address ({@code ip:port}) as bound
     */
    public static String hocon(List<DevSite> pops, List<DevSite> clusters, Map<String, String> media,
                               Map<String, String> gateways) {
        StringBuilder s = new StringBuilder(4096);
        s.append("# Written by the dev network (net.voxedge.devnet) for this run only.\n");
        s.append("regions = [\n");
        pops.stream().map(DevSite::region).distinct().forEach(r -> s.append("  { id = ").append(r)
                .append(", name = \"").append(r).append("\" }\n"));
        s.append("]\npops = [\n");
        for (DevSite p : pops) {
            String addr = media.get(p.name());
            s.append("  { id = ").append(p.id()).append(", name = ").append(p.name()).append(", region = ").append(p.region())
                    .append(", city = \"").append(p.city()).append("\", lat = ").append(fmt(p.lat())).append(", lon = ")
                    .append(fmt(p.lon())).append('\n')
                    .append("    media = [\"").append(addr).append("\"]\n")
                    // The front reaches the edges through front.edges overrides (plain HTTP on loopback); the
                    // topology insists on https, so the URL here names the PoP and is never dialled.
                    .append("    signaling-url = \"https://").append(p.name()).append(".dev.voxedge.invalid/v1/calls\"\n")
                    .append("    capacity = 100\n")
                    .append("    hosts = [ { id = 1, name = ").append(p.name()).append("-h1, bind = \"").append(addr).append("\" } ]\n")
                    .append("  }\n");
        }
        s.append("]\nclusters = [\n");
        for (DevSite c : clusters) {
            s.append("  { id = ").append(c.name()).append(", name = \"").append(c.name()).append("\", city = \"").append(c.city())
                    .append("\", lat = ").append(fmt(c.lat())).append(", lon = ").append(fmt(c.lon()))
                    .append(", gateways = [\"").append(gateways.get(c.name())).append("\"] }\n");
        }
        s.append("]\nlinks = [\n");
        for (DevSite p : pops) {
            for (DevSite c : clusters) {
                s.append("  { from = ").append(p.name()).append(", to = ").append(c.name()).append(", one-way-ms = ")
                        .append(fmt(oneWayMs(p, c))).append(" }\n");
            }
        }
        s.append("]\nkeys = [\n")
                .append("  { name = client-auth, env = ").append(CLIENT_AUTH_ENV).append(" }\n")
                .append("  { name = internal-signaling, env = ").append(INTERNAL_ENV).append(" }\n")
                .append("]\n");
        return s.toString();
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.4f", d);
    }
}
