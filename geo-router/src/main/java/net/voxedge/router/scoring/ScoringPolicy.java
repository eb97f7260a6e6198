package net.voxedge.router.scoring;

/**
 * The knobs of {@link PopScorer} (geo-router/README.md explains the defaults).
 *
 * @param loadKnee      share of capacity above which a PoP pays a load penalty (0.8)
 * @param loadPenaltyMs the penalty just below full load (50 ms); it grows with the square of
 *                      how far the load is between the knee and 1.0, so 90% costs a quarter of
 *                      it and 95% more than half. At 1.0 a PoP is excluded.
 * @param minConfidence how much decayed sample weight a measured RTT needs to count (0.5: one
 *                      sample for one half-life; more samples stay trusted longer)
 */
public record ScoringPolicy(double loadKnee, double loadPenaltyMs, double minConfidence) {

    public static final ScoringPolicy DEFAULT = new ScoringPolicy(0.8, 50.0, 0.5);

    public ScoringPolicy {
        if (!(loadKnee >= 0 && loadKnee < 1)) {
            throw new IllegalArgumentException("loadKnee must be in [0, 1) (got " + loadKnee + ")");
        }
        if (!(loadPenaltyMs >= 0 && loadPenaltyMs <= 10_000)) {
            throw new IllegalArgumentException("loadPenaltyMs must be between 0 and 10000 (got " + loadPenaltyMs + ")");
        }
        if (!(minConfidence > 0 && minConfidence <= 1000)) {
            throw new IllegalArgumentException("minConfidence must be in (0, 1000] (got " + minConfidence + ")");
        }
    }

    /** The penalty (ms) for a PoP at this load, or +∞ when it is full. */
    public double loadPenaltyMs(double load) {
        if (load >= 1.0) {
            return Double.POSITIVE_INFINITY;
        }
        if (load <= loadKnee) {
            return 0.0;
        }
        double x = (load - loadKnee) / (1.0 - loadKnee);
        return loadPenaltyMs * x * x;
    }
}
