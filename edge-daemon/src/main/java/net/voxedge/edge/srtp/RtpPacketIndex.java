package net.voxedge.edge.srtp;

/**
 * SRTP packet index estimation (RFC 3711 §3.3.1, Appendix A): the 48-bit index
 * {@code ROC * 2^16 + SEQ} of a packet, guessed from its 16-bit sequence number and the highest
 * index seen so far, assuming the packet is within half the sequence space of it.
 */
final class RtpPacketIndex {

    /** Indexes are 48 bits: a 32-bit rollover counter and the 16-bit sequence number. */
    static final long MAX = (1L << 48) - 1;

    private RtpPacketIndex() {
    }

    /**
     * The index of a packet with sequence number {@code seq}, given the highest index accepted
     * (whose low 16 bits are the RFC's s_l and the rest its ROC). Negative when the packet would
     * belong before ROC 0, i.e. before the stream began; above {@link #MAX} when the ROC would
     * overflow.
     */
    static long estimate(long highestIndex, int seq) {
        long roc = highestIndex >>> 16;
        int sl = (int) (highestIndex & 0xFFFF);
        long v;
        if (sl < 32768) {
            v = seq - sl > 32768 ? roc - 1 : roc;
        } else {
            v = sl - 32768 > seq ? roc + 1 : roc;
        }
        return v * 65536 + seq;
    }
}
