package net.voxedge.edge.srtp;

/**
 * Per-SSRC packet-index state for one direction and packet kind: the highest index accepted and a
 * replay window behind it (RFC 3711 §3.3.2). For SRTP the highest index also carries the
 * receiver's s_l and ROC (its low 16 bits and the rest), so no other field is needed.
 *
 * <p>Slots in flat arrays, searched linearly: sessions carry a handful of SSRCs, and a scan over a
 * few ints beats hashing. The arrays start with room for {@link #INITIAL_SLOTS} SSRCs and double
 * when a new SSRC needs room (an allocation per new stream, never per packet): at 16 slots from the
 * start, the four tables of a context held ~2 KB per context that an audio call never uses. When
 * all {@code capacity} slots are taken, new SSRCs are refused (never evicted):
 * evicting a live stream would forget its replay window, and an attacker could then replay its
 * old packets. Not thread-safe.
 */
final class SrtpStreamTable {

    static final int OK = 0;

    /** Slots before the first growth: one stream, and one more (e.g. a retransmission SSRC). */
    static final int INITIAL_SLOTS = 2;

    private final int capacity;
    private int[] ssrcs;
    private long[] highest;
    private long[] windows;
    private final int windowSize;
    private final int words;
    private int size;

    /**
     * @param capacity   maximum number of SSRCs
     * @param windowSize replay window in packets: a multiple of 64, at least 64 (RFC 3711 §3.3.2)
     */
    SrtpStreamTable(int capacity, int windowSize) {
        if (capacity < 1) {
            throw new IllegalArgumentException("SSRC capacity must be positive");
        }
        if (windowSize < 64 || windowSize % 64 != 0 || windowSize > 32768) {
            throw new IllegalArgumentException("replay window must be a multiple of 64 in [64, 32768]");
        }
        this.capacity = capacity;
        int slots = Math.min(capacity, INITIAL_SLOTS);
        this.ssrcs = new int[slots];
        this.highest = new long[slots];
        this.windowSize = windowSize;
        this.words = windowSize / 64;
        this.windows = new long[slots * words];
    }

    /** The slot holding {@code ssrc}, or -1. */
    int find(int ssrc) {
        for (int i = 0; i < size; i++) {
            if (ssrcs[i] == ssrc) {
                return i;
            }
        }
        return -1;
    }

    boolean isFull() {
        return size == capacity;
    }

    /** Slots allocated now (for tests: growth happens only when a new SSRC needs room). */
    int allocatedSlots() {
        return ssrcs.length;
    }

    int size() {
        return size;
    }

    /** Highest index accepted on {@code slot}. */
    long highest(int slot) {
        return highest[slot];
    }

    /** Starts tracking {@code ssrc} with {@code index} as its first accepted packet; -1 if full. */
    int add(int ssrc, long index) {
        if (isFull()) {
            return -1;
        }
        if (size == ssrcs.length) {
            int slots = Math.min(capacity, ssrcs.length * 2);
            ssrcs = java.util.Arrays.copyOf(ssrcs, slots);
            highest = java.util.Arrays.copyOf(highest, slots);
            windows = java.util.Arrays.copyOf(windows, slots * words);
        }
        int slot = size++;
        ssrcs[slot] = ssrc;
        highest[slot] = index;
        int base = slot * words;
        for (int w = 0; w < words; w++) {
            windows[base + w] = 0;
        }
        windows[base] = 1L;
        return slot;
    }

    /** {@link #OK}, or the negative code of REPLAYED / TOO_OLD, for {@code index} on {@code slot}. */
    int check(int slot, long index) {
        long top = highest[slot];
        if (index > top) {
            return OK;
        }
        long behind = top - index;
        if (behind >= windowSize) {
            return SrtpError.TOO_OLD.code();
        }
        int bit = (int) behind;
        long w = windows[slot * words + (bit >>> 6)];
        return (w & (1L << (bit & 63))) != 0 ? SrtpError.REPLAYED.code() : OK;
    }

    /** Records {@code index} as accepted; call only after {@link #check} said OK and the packet verified. */
    void accept(int slot, long index) {
        int base = slot * words;
        long top = highest[slot];
        if (index > top) {
            shift(base, index - top);
            windows[base] |= 1L;
            highest[slot] = index;
        } else {
            int bit = (int) (top - index);
            windows[base + (bit >>> 6)] |= 1L << (bit & 63);
        }
    }

    /** Stops tracking {@code ssrc}; its replay protection is lost. Returns whether it was present. */
    boolean remove(int ssrc) {
        int slot = find(ssrc);
        if (slot < 0) {
            return false;
        }
        int last = --size;
        if (slot != last) {
            ssrcs[slot] = ssrcs[last];
            highest[slot] = highest[last];
            System.arraycopy(windows, last * words, windows, slot * words, words);
        }
        return true;
    }

    /** Moves every window bit {@code distance} places towards "older" (bit k means index top - k). */
    private void shift(int base, long distance) {
        if (distance >= windowSize) {
            for (int w = 0; w < words; w++) {
                windows[base + w] = 0;
            }
            return;
        }
        int wordShift = (int) (distance >>> 6);
        int bitShift = (int) (distance & 63);
        for (int w = words - 1; w >= 0; w--) {
            int src = w - wordShift;
            long v = 0;
            if (src >= 0) {
                v = windows[base + src] << bitShift;
                if (bitShift != 0 && src > 0) {
                    v |= windows[base + src - 1] >>> (64 - bitShift);
                }
            }
            windows[base + w] = v;
        }
    }
}
