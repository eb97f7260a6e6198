package net.voxedge.edge.backbone;

/**
 * Extends a stream's 16-bit RTP sequence numbers to the 32-bit per-session sequence numbers the
 * tunnel's reliable stream carries (RFC 3550 A.1: a rollover counter). The tunnel wants each
 * stream's seqs strictly increasing, so a packet that arrives after a later one (reordered or
 * duplicated by the network) is refused here: it would be the one frame the receiver already gave
 * up waiting for. A backward jump larger than {@link #MAX_MISORDER} is taken as the sender having
 * restarted its sequence: it continues forward from the highest extended seq, so the stream stays
 * increasing whatever the client does. Sans-IO, no allocation; one per session, home loop only.
 */
public final class ExtendedSequence {
    /** Returned for a packet at or before the highest one already extended. */
    public static final long LATE = -1;
    /** Backward distances up to this are reordering; larger ones are a sequence restart. */
    public static final int MAX_MISORDER = 100;

    private boolean started;
    private long highest;

    /**
     * The extended seq (0..2^32-1, then wrapping like any u32) of a packet with RTP seq {@code seq16},
     * or {@link #LATE} when it is not after the highest one seen.
     */
    public long extend(int seq16) {
        int s = seq16 & 0xFFFF;
        if (!started) {
            started = true;
            highest = s;
            return highest;
        }
        int delta = (short) (s - (int) (highest & 0xFFFF));
        if (delta > 0) {
            highest += delta;
        } else if (delta >= -MAX_MISORDER) {
            return LATE;
        } else {
            highest += (s - (int) (highest & 0xFFFF)) & 0xFFFF; // a restart: jump forward to it
        }
        highest &= 0xFFFFFFFFL;
        return highest;
    }

    /** The highest extended seq so far, or -1 before the first packet. */
    public long highest() {
        return started ? highest : -1;
    }
}
