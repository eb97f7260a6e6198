package net.voxedge.edge.rtp;

/**
 * One RTCP reception report block (RFC 3550 section 6.4.1), as a mutable holder so that reading
 * and writing reports allocates nothing: callers keep one instance per use and refill it.
 * 32-bit fields are held unsigned in {@code long}s.
 */
public final class ReportBlock {

    /** Encoded size of a report block. */
    public static final int LENGTH = 24;
    /** Largest cumulative loss the signed 24-bit field can carry. */
    public static final int MAX_CUMULATIVE_LOST = 0x7FFFFF;
    /** Smallest (most negative: duplicates) cumulative loss the field can carry. */
    public static final int MIN_CUMULATIVE_LOST = -0x800000;

    private long ssrc;
    private int fractionLost;
    private int cumulativeLost;
    private long extendedHighestSequence;
    private long jitter;
    private long lastSenderReport;
    private long delaySinceLastSenderReport;

    /**
     * Sets every field; values are masked or clamped to their wire widths.
     *
     * @param cumulativeLost clamped to [-2^23, 2^23 - 1]
     * @param fractionLost clamped to 0..255
     */
    public ReportBlock set(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSequence,
            long jitter, long lastSenderReport, long delaySinceLastSenderReport) {
        this.ssrc = ssrc & 0xFFFFFFFFL;
        this.fractionLost = Math.clamp(fractionLost, 0, 255);
        this.cumulativeLost = Math.clamp(cumulativeLost, MIN_CUMULATIVE_LOST, MAX_CUMULATIVE_LOST);
        this.extendedHighestSequence = extendedHighestSequence & 0xFFFFFFFFL;
        this.jitter = jitter & 0xFFFFFFFFL;
        this.lastSenderReport = lastSenderReport & 0xFFFFFFFFL;
        this.delaySinceLastSenderReport = delaySinceLastSenderReport & 0xFFFFFFFFL;
        return this;
    }

    /** SSRC of the source this block reports on. */
    public long ssrc() {
        return ssrc;
    }

    /** Fraction of packets lost since the previous report, in 1/256 units. */
    public int fractionLost() {
        return fractionLost;
    }

    /** Packets lost since reception began; negative when duplicates outnumber losses. */
    public int cumulativeLost() {
        return cumulativeLost;
    }

    /** Cycle count (high 16 bits) and highest sequence number received (low 16 bits). */
    public long extendedHighestSequence() {
        return extendedHighestSequence;
    }

    /** Interarrival jitter in RTP timestamp units. */
    public long jitter() {
        return jitter;
    }

    /** LSR: middle 32 bits of the NTP timestamp of the last SR received from the source, or 0. */
    public long lastSenderReport() {
        return lastSenderReport;
    }

    /** DLSR: delay since that SR was received, in 1/65536 seconds, or 0. */
    public long delaySinceLastSenderReport() {
        return delaySinceLastSenderReport;
    }

    void write(byte[] b, int p) {
        RtpPacket.putU32(b, p, ssrc);
        b[p + 4] = (byte) fractionLost;
        int lost = cumulativeLost & 0xFFFFFF;
        b[p + 5] = (byte) (lost >>> 16);
        b[p + 6] = (byte) (lost >>> 8);
        b[p + 7] = (byte) lost;
        RtpPacket.putU32(b, p + 8, extendedHighestSequence);
        RtpPacket.putU32(b, p + 12, jitter);
        RtpPacket.putU32(b, p + 16, lastSenderReport);
        RtpPacket.putU32(b, p + 20, delaySinceLastSenderReport);
    }

    @Override
    public String toString() {
        return "ReportBlock[ssrc=" + ssrc + ", fractionLost=" + fractionLost + ", cumulativeLost=" + cumulativeLost
                + ", extendedHighestSequence=" + extendedHighestSequence + ", jitter=" + jitter
                + ", lsr=" + lastSenderReport + ", dlsr=" + delaySinceLastSenderReport + "]";
    }
}
