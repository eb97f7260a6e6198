package net.voxedge.router.model;

/**
 * Turns a great-circle distance into a round-trip-time estimate:
 * {@code rtt_ms = 2 × distance_km × inflation / fibreKmPerMs + fixedMs}.
 *
 * <p>Defaults (geo-router/README.md explains them): light in fibre covers ~200 km per ms
 * (refractive index ~1.47); real routes are longer than the great circle — 1.5× is a typical
 * median for terrestrial paths (the sample topology's backbone estimates use 1.4; access paths
 * wander more); 2 ms covers serialisation, switching and the last hop that distance does not.
 *
 * @param inflation    route length over great-circle length, ≥ 1
 * @param fibreKmPerMs one-way propagation speed, km per ms
 * @param fixedMs      added to every estimate, ≥ 0
 */
public record RttModel(double inflation, double fibreKmPerMs, double fixedMs) {

    public static final RttModel DEFAULT = new RttModel(1.5, 200.0, 2.0);

    public RttModel {
        if (!(inflation >= 1.0 && inflation <= 10.0)) {
            throw new IllegalArgumentException("inflation must be between 1 and 10 (got " + inflation + ")");
        }
        if (!(fibreKmPerMs >= 10.0 && fibreKmPerMs <= 300.0)) {
            throw new IllegalArgumentException("fibreKmPerMs must be between 10 and 300 (got " + fibreKmPerMs + ")");
        }
        if (!(fixedMs >= 0.0 && fixedMs <= 1000.0)) {
            throw new IllegalArgumentException("fixedMs must be between 0 and 1000 (got " + fixedMs + ")");
        }
    }

    /** Estimated round trip (ms) over a path of this great-circle length. */
    public double rttMs(double distanceKm) {
        return 2.0 * distanceKm * inflation / fibreKmPerMs + fixedMs;
    }
}
