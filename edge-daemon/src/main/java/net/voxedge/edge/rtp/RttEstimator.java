package net.voxedge.edge.rtp;

/**
 * Round-trip time from the report blocks the peer sends about our stream (RFC 3550 section
 * 6.4.1): RTT = A - LSR - DLSR, where A is when the report arrived, LSR echoes the compact NTP
 * time of an SR we sent, and DLSR is how long the peer held it. Sans-IO: all times are passed in
 * as NTP timestamps of the clock used for our SRs.
 *
 * <p>Only LSR values that match one of the last {@value #REMEMBERED} SRs we sent are believed, so
 * a stale, corrupted or forged report cannot inject an arbitrary RTT. Allocation-free.
 */
public final class RttEstimator {

    /** How many sent SRs are remembered. */
    public static final int REMEMBERED = 16;

    private final long[] sent = new long[REMEMBERED];
    private int sentCount;
    private int sentNext;
    private long lastRttMicros = -1;
    private long smoothedRttMicros = -1;
    private long samples;

    /** Remembers the NTP timestamp of an SR we are sending. */
    public void onSenderReportSent(long ntpTimestamp) {
        sent[sentNext] = NtpTime.compact(ntpTimestamp);
        sentNext = (sentNext + 1) % REMEMBERED;
        sentCount = Math.min(sentCount + 1, REMEMBERED);
    }

    /**
     * Computes the RTT from a report block about our stream.
     *
     * @param lastSenderReport the block's LSR
     * @param delaySinceLastSenderReport the block's DLSR, 1/65536 s
     * @param arrivalNtpTimestamp when the report arrived, as a 64-bit NTP timestamp
     * @return the RTT in microseconds, or -1 when LSR is 0 (no SR received yet), not one we sent,
     *     or the result would be negative
     */
    public long onReportBlock(long lastSenderReport, long delaySinceLastSenderReport, long arrivalNtpTimestamp) {
        long lsr = lastSenderReport & 0xFFFFFFFFL;
        if (lsr == 0 || !wasSent(lsr)) {
            return -1;
        }
        long arrival = NtpTime.compact(arrivalNtpTimestamp);
        long sinceSent = (arrival - lsr) & 0xFFFFFFFFL;
        long dlsr = delaySinceLastSenderReport & 0xFFFFFFFFL;
        // A report cannot arrive before its SR was sent nor have been held longer than that.
        if (sinceSent >= 0x8000_0000L || dlsr > sinceSent) {
            return -1;
        }
        long rtt = NtpTime.compactToMicros(sinceSent - dlsr);
        lastRttMicros = rtt;
        // RFC 6298-style smoothing (gain 1/8) so one queueing spike does not swing decisions.
        smoothedRttMicros = samples == 0 ? rtt : smoothedRttMicros + (rtt - smoothedRttMicros) / 8;
        samples++;
        return rtt;
    }

    private boolean wasSent(long lsr) {
        for (int i = 0; i < sentCount; i++) {
            if (sent[i] == lsr) {
                return true;
            }
        }
        return false;
    }

    /** The last RTT measured, in microseconds, or -1. */
    public long lastRttMicros() {
        return lastRttMicros;
    }

    /** Exponentially smoothed RTT in microseconds, or -1 before the first sample. */
    public long smoothedRttMicros() {
        return smoothedRttMicros;
    }

    /** Number of RTT samples taken. */
    public long samples() {
        return samples;
    }
}
