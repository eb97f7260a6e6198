package net.voxedge.router.scoring;

import java.util.Locale;
import net.voxedge.router.geo.GeoLocation;
import net.voxedge.router.net.PrefixKeys;
import net.voxedge.topology.Cluster;
import net.voxedge.topology.Pop;

/**
 * Where a new session goes and why. The reason text is built on demand ({@link #reason()}), so a
 * decision costs one object.
 *
 * @param pop           the primary PoP, null when {@link Basis#NO_CANDIDATE}
 * @param backup        the next best PoP (another city when there is one), or null
 * @param cluster       the inference cluster nearest the primary over the backbone, or null when
 *                      no cluster is healthy
 * @param clientRttMs   the estimated client↔primary round trip (measured or geographic, ms), NaN
 *                      when the location is unknown and nothing was measured
 * @param backupRttMs   the same for the backup, NaN when unknown
 * @param backboneRttMs the primary↔cluster round trip (ms), NaN without a cluster
 * @param basis         what the primary choice rests on
 * @param distanceKm    client↔primary great-circle distance when the location is known, else NaN
 * @param samples       samples behind a measured RTT (0 otherwise)
 * @param accessMs      what geographic estimates got added because measurements of this prefix
 *                      to other PoPs show a slower access path than distance explains (0 if none)
 * @param loadPenaltyMs the primary's load penalty (ms)
 * @param prefixKey     the client's prefix ({@link PrefixKeys})
 * @param location      the GeoIP answer
 * @param backboneBasis where {@code backboneRttMs} comes from
 */
public record RouteDecision(Pop pop, Pop backup, Cluster cluster,
                            double clientRttMs, double backupRttMs, double backboneRttMs,
                            Basis basis, double distanceKm, int samples, double accessMs, double loadPenaltyMs,
                            long prefixKey, GeoLocation location, BackboneBasis backboneBasis) {

    /** What the primary PoP choice rests on; {@link #label()} is the metrics tag. */
    public enum Basis {
        MEASURED("measured"),
        GEOGRAPHY("geography"),
        /** No usable location and no measurement: the documented fallback PoP. */
        ARRIVAL_POP("location_unknown"),
        LEAST_LOADED("location_unknown"),
        NO_CANDIDATE("no_candidate");

        private final String label;

        Basis(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Where a backbone round trip comes from, best first. */
    public enum BackboneBasis {
        MEASURED("measured"),
        TOPOLOGY("topology links"),
        GREAT_CIRCLE("great-circle estimate"),
        NONE("no healthy cluster");

        private final String text;

        BackboneBasis(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** Why the primary PoP, in words an engineer can check. */
    public String reason() {
        StringBuilder sb = new StringBuilder(96);
        switch (basis) {
            case MEASURED -> sb.append("measured ").append(ms(clientRttMs)).append(" from ")
                    .append(PrefixKeys.format(prefixKey)).append(" (").append(samples)
                    .append(samples == 1 ? " sample)" : " samples)");
            case GEOGRAPHY -> {
                sb.append("geography: ").append(Math.round(distanceKm)).append(" km, est ").append(ms(clientRttMs));
                if (accessMs > 0) {
                    sb.append(" (incl. ").append(ms(accessMs)).append(" access delay seen in measurements from ")
                            .append(PrefixKeys.format(prefixKey)).append(')');
                }
            }
            case ARRIVAL_POP -> sb.append("location unknown (").append(unknownText())
                    .append("): the PoP the request arrived at");
            case LEAST_LOADED -> sb.append("location unknown (").append(unknownText())
                    .append("): the least-loaded PoP");
            case NO_CANDIDATE -> sb.append("no PoP is healthy, not draining and below capacity");
        }
        if (loadPenaltyMs > 0) {
            sb.append("; load penalty ").append(ms(loadPenaltyMs));
        }
        return sb.toString();
    }

    /** Why the cluster. */
    public String clusterReason() {
        if (cluster == null) {
            return "no healthy inference cluster";
        }
        return "backbone " + ms(backboneRttMs) + " from " + (pop == null ? "?" : pop.name()) + " (" + backboneBasis.text() + ")";
    }

    private String unknownText() {
        String s = location.unknown().text();
        return location.radiusKm() > 0 && location.unknown() == GeoLocation.Unknown.RADIUS_TOO_LARGE
                ? s + ": " + location.radiusKm() + " km" : s;
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.1f ms", v);
    }
}
