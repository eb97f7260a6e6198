package net.voxedge.backbone.tunnel;

/**
 * Smoothed round-trip time and retransmission timeout after RFC 6298: first sample R gives
 * SRTT = R, RTTVAR = R/2; later ones RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R|, SRTT = 7/8 SRTT + 1/8 R;
 * RTO = SRTT + max(G, 4 RTTVAR), clamped to [min, max]. Fed by probe replies and by acks of frames
 * sent once (Karn's rule: a retransmitted frame's ack is ambiguous).
 */
public final class RttEstimator {
    private final long minRtoNanos;
    private final long maxRtoNanos;
    private final long initialRtoNanos;
    private final long granularityNanos;
    private long srtt;
    private long rttvar;
    private long latest;
    private boolean hasSample;

    /** Estimator with the given RTO bounds; {@code granularityNanos} is the timer tick G. */
    public RttEstimator(long initialRtoNanos, long minRtoNanos, long maxRtoNanos, long granularityNanos) {
        this.initialRtoNanos = initialRtoNanos;
        this.minRtoNanos = minRtoNanos;
        this.maxRtoNanos = maxRtoNanos;
        this.granularityNanos = granularityNanos;
    }

    /** Adds a round-trip sample; non-positive samples (clock skew, bogus echo) are ignored. */
    public void sample(long rttNanos) {
        if (rttNanos <= 0) {
            return;
        }
        latest = rttNanos;
        if (!hasSample) {
            srtt = rttNanos;
            rttvar = rttNanos / 2;
            hasSample = true;
            return;
        }
        rttvar = (3 * rttvar + Math.abs(srtt - rttNanos)) / 4;
        srtt = (7 * srtt + rttNanos) / 8;
    }

    /** Current retransmission timeout. */
    public long rtoNanos() {
        if (!hasSample) {
            return initialRtoNanos;
        }
        long rto = srtt + Math.max(granularityNanos, 4 * rttvar);
        return Math.max(minRtoNanos, Math.min(maxRtoNanos, rto));
    }

    /** True once a sample arrived. */
    public boolean hasSample() {
        return hasSample;
    }

    /** Smoothed RTT (0 before the first sample). */
    public long srttNanos() {
        return srtt;
    }

    /** RTT variation. */
    public long rttvarNanos() {
        return rttvar;
    }

    /** Most recent sample. */
    public long latestNanos() {
        return latest;
    }
}
