package net.voxedge.edge.rtp;

/**
 * Reception statistics for one remote SSRC, kept the way RFC 3550 appendix A prescribes:
 * extended highest sequence number with wrap-around and restart detection (A.1), cumulative and
 * fractional loss (A.3), interarrival jitter (A.8), and the LSR/DLSR pair that lets the sender
 * measure round-trip time. Sans-IO: arrival times are passed in as nanoseconds of any monotonic
 * clock. Allocation-free; not thread-safe.
 *
 * <p>Unlike A.1, a new source is not held on probation: in WebRTC the SSRC is signalled or
 * authenticated by SRTP before a packet reaches here, so the first packet is trusted.
 */
public final class ReceiveStatistics {

    /** A.1: a forward jump of fewer than this many sequence numbers is ordinary loss. */
    static final int MAX_DROPOUT = 3000;
    /** A.1: a backward step of at most this many is reordering, not a restart. */
    static final int MAX_MISORDER = 100;
    private static final int SEQ_MOD = 1 << 16;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long ssrc;
    private final int clockRate;

    private boolean started;
    private int maxSeq;
    private long cycles;
    private long baseSeq;
    private int badSeq;
    private long received;
    private long expectedPrior;
    private long receivedPrior;

    private long clockBaseNanos;
    private int lastTransit;
    private boolean haveTransit;
    /** Jitter in RTP units scaled by 16, the integer form of A.8. */
    private long jitterScaled;

    private long lastSenderReport;
    private long lastSenderReportArrivalNanos;
    private boolean haveSenderReport;

    /**
     * @param ssrc the remote source these statistics are for
     * @param clockRate its RTP clock rate in Hz (48000 for Opus)
     */
    public ReceiveStatistics(long ssrc, int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate must be positive: " + clockRate);
        }
        this.ssrc = ssrc & 0xFFFFFFFFL;
        this.clockRate = clockRate;
    }

    /**
     * Accounts for one received RTP packet.
     *
     * @param arrivalNanos when it arrived, on a monotonic clock
     * @return false when the packet was judged to belong to a different sequence (a very large
     *     jump, RFC 3550 A.1) and was not counted; two such packets in a row restart the statistics
     */
    public boolean onPacket(int sequenceNumber, long rtpTimestamp, long arrivalNanos) {
        int seq = sequenceNumber & 0xFFFF;
        if (!started) {
            start(seq);
            clockBaseNanos = arrivalNanos;
        } else {
            int udelta = (seq - maxSeq) & 0xFFFF;
            if (udelta < MAX_DROPOUT) {
                if (seq < maxSeq) {
                    cycles += SEQ_MOD;
                }
                maxSeq = seq;
            } else if (udelta <= SEQ_MOD - MAX_MISORDER) {
                if (seq == badSeq) {
                    // Two sequential packets after a huge jump: the sender restarted.
                    start(seq);
                    haveTransit = false;
                } else {
                    badSeq = (seq + 1) & 0xFFFF;
                    return false;
                }
            }
            // else: duplicate or reordered packet, counted but not moving maxSeq.
        }
        received++;
        updateJitter(rtpTimestamp, arrivalNanos);
        return true;
    }

    private void start(int seq) {
        started = true;
        baseSeq = seq;
        maxSeq = seq;
        badSeq = SEQ_MOD + 1; // matches no sequence number
        cycles = 0;
        received = 0;
        expectedPrior = 0;
        receivedPrior = 0;
    }

    private void updateJitter(long rtpTimestamp, long arrivalNanos) {
        int arrival = (int) toRtpUnits(arrivalNanos - clockBaseNanos);
        // Both clocks wrap modulo 2^32, so the int difference is the true transit difference.
        int transit = arrival - (int) rtpTimestamp;
        if (haveTransit) {
            long d = Math.abs((long) (transit - lastTransit));
            jitterScaled += d - ((jitterScaled + 8) >> 4);
        }
        lastTransit = transit;
        haveTransit = true;
    }

    private long toRtpUnits(long nanos) {
        long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
        long rest = Math.floorMod(nanos, NANOS_PER_SECOND);
        return seconds * clockRate + rest * clockRate / NANOS_PER_SECOND;
    }

    /**
     * Remembers an SR received from this source, for the LSR and DLSR of the next report block.
     *
     * @param ntpTimestamp the SR's 64-bit NTP timestamp
     * @param arrivalNanos when it arrived, on the clock passed to {@link #fillReportBlock}
     */
    public void onSenderReport(long ntpTimestamp, long arrivalNanos) {
        lastSenderReport = NtpTime.compact(ntpTimestamp);
        lastSenderReportArrivalNanos = arrivalNanos;
        haveSenderReport = true;
    }

    /**
     * Fills a report block about this source as of {@code nowNanos} and starts a new interval for
     * the fraction lost (A.3).
     *
     * @return false, leaving {@code out} untouched, when no packet has been received yet
     */
    public boolean fillReportBlock(ReportBlock out, long nowNanos) {
        if (!started) {
            return false;
        }
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0
                ? 0 : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
        long dlsr = haveSenderReport ? NtpTime.nanosToCompact(nowNanos - lastSenderReportArrivalNanos) : 0;
        out.set(ssrc, fraction, Math.clamp(cumulativeLost(), ReportBlock.MIN_CUMULATIVE_LOST,
                ReportBlock.MAX_CUMULATIVE_LOST), extendedHighestSequence(), jitter(),
                haveSenderReport ? lastSenderReport : 0, dlsr);
        return true;
    }

    private long expected() {
        return extendedHighestSequence() - baseSeq + 1;
    }

    /** The remote SSRC. */
    public long ssrc() {
        return ssrc;
    }

    /** Packets counted so far (duplicates included, as in RFC 3550). */
    public long packetsReceived() {
        return received;
    }

    /** Cycles of the 16-bit sequence number (in units of 2^16) plus the highest one seen; 0 before any packet. */
    public long extendedHighestSequence() {
        return started ? cycles + maxSeq : 0;
    }

    /** Packets expected minus packets received since the (last re)start; negative with duplicates. */
    public long cumulativeLost() {
        return started ? expected() - received : 0;
    }

    /** Interarrival jitter in RTP timestamp units. */
    public long jitter() {
        return jitterScaled >> 4;
    }
}
