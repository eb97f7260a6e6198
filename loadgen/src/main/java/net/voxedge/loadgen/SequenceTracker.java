package net.voxedge.loadgen;

/**
 * What came back of one session's numbered packets: unique packets received, duplicates, and the
 * highest sequence seen, from which loss is counted. A sliding bit window remembers which of the
 * last {@link #WINDOW} sequence numbers arrived, so a duplicate is not counted twice and a late
 * packet still counts; anything older than the window is counted as {@link #tooLate()}.
 *
 * <p>Sans-IO, allocation-free after construction, single-threaded.
 */
public final class SequenceTracker {
    /** How far behind the highest sequence a packet may arrive and still count (2.56 s at 50 pps). */
    public static final int WINDOW = 128;

    private final long[] bits = new long[WINDOW / 64];
    private long highest = -1;
    private long received;
    private long duplicates;
    private long tooLate;

    /** Records sequence number {@code seq} (≥ 0, counted from 0 per session). */
    public void onReceived(int seq) {
        if (seq < 0) {
            tooLate++;
            return;
        }
        if (seq > highest) {
            long shift = seq - highest;
            for (long s = highest + 1; s <= seq && s - highest <= WINDOW; s++) {
                clear(s);
            }
            if (shift > WINDOW) {
                java.util.Arrays.fill(bits, 0L);
            }
            highest = seq;
            set(seq);
            received++;
            return;
        }
        if (highest - seq >= WINDOW) {
            tooLate++;
            return;
        }
        if (isSet(seq)) {
            duplicates++;
            return;
        }
        set(seq);
        received++;
    }

    private void set(long s) {
        int i = (int) (s % WINDOW);
        bits[i >>> 6] |= 1L << (i & 63);
    }

    private void clear(long s) {
        int i = (int) (s % WINDOW);
        bits[i >>> 6] &= ~(1L << (i & 63));
    }

    private boolean isSet(long s) {
        int i = (int) (s % WINDOW);
        return (bits[i >>> 6] & (1L << (i & 63))) != 0;
    }

    /** Unique packets received. */
    public long received() {
        return received;
    }

    /** Packets that arrived a second time (or more). */
    public long duplicates() {
        return duplicates;
    }

    /** Packets that arrived more than {@link #WINDOW} behind the highest: counted neither as received nor twice. */
    public long tooLate() {
        return tooLate;
    }

    /** The highest sequence number received, or -1. */
    public long highest() {
        return highest;
    }

    /** Gaps behind the highest sequence received: loss so far, not counting packets still in flight. */
    public long missingBehindHighest() {
        return Math.max(0, highest + 1 - received);
    }

    /** Loss once {@code sent} packets (sequences 0..sent-1) have had time to come back. */
    public long lost(long sent) {
        return Math.max(0, sent - received);
    }
}
