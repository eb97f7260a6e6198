package net.voxedge.backbone.tunnel;

/**
 * Fixed-capacity map from (session, stream) to a slot number 0..capacity-1, so per-stream state
 * lives in plain arrays indexed by slot. Open addressing with linear probing and backward-shift
 * deletion; no allocation after construction. When full, {@link #findOrAdd} refuses.
 */
public final class StreamTable {
    private final long[] sessions;
    private final int[] streams;
    private final boolean[] live;
    private final int[] freeSlots;
    private int freeCount;
    private final int[] index; // slot + 1, 0 = empty
    private final int mask;
    private int size;
    private boolean lastAdded;

    /** A table for at most {@code capacity} streams. */
    public StreamTable(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("stream table capacity must be positive: " + capacity);
        }
        sessions = new long[capacity];
        streams = new int[capacity];
        live = new boolean[capacity];
        freeSlots = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            freeSlots[i] = capacity - 1 - i;
        }
        freeCount = capacity;
        int n = Integer.highestOneBit(capacity * 2 - 1) << 1;
        index = new int[Math.max(4, n)];
        mask = index.length - 1;
    }

    private static int hash(long session, int stream) {
        long h = session * 0x9E3779B97F4A7C15L + stream;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }

    /** Slot of (session, stream), or -1. */
    public int find(long session, int stream) {
        int i = hash(session, stream) & mask;
        while (true) {
            int e = index[i];
            if (e == 0) {
                return -1;
            }
            int slot = e - 1;
            if (sessions[slot] == session && streams[slot] == stream) {
                return slot;
            }
            i = (i + 1) & mask;
        }
    }

    /** Slot of (session, stream), added when missing; -1 when the table is full. See {@link #lastAdded()}. */
    public int findOrAdd(long session, int stream) {
        lastAdded = false;
        int i = hash(session, stream) & mask;
        while (true) {
            int e = index[i];
            if (e == 0) {
                break;
            }
            int slot = e - 1;
            if (sessions[slot] == session && streams[slot] == stream) {
                return slot;
            }
            i = (i + 1) & mask;
        }
        if (freeCount == 0) {
            return -1;
        }
        int slot = freeSlots[--freeCount];
        sessions[slot] = session;
        streams[slot] = stream;
        live[slot] = true;
        index[i] = slot + 1;
        size++;
        lastAdded = true;
        return slot;
    }

    /** True when the last {@link #findOrAdd} created the entry. */
    public boolean lastAdded() {
        return lastAdded;
    }

    /** Frees a slot. */
    public void remove(int slot) {
        if (slot < 0 || slot >= live.length || !live[slot]) {
            return;
        }
        int i = hash(sessions[slot], streams[slot]) & mask;
        while (index[i] != slot + 1) {
            i = (i + 1) & mask;
        }
        // backward-shift: move later entries of the probe run into the hole so lookups never stop early
        int hole = i;
        int j = (i + 1) & mask;
        while (index[j] != 0) {
            int s = index[j] - 1;
            int home = hash(sessions[s], streams[s]) & mask;
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                index[hole] = index[j];
                hole = j;
            }
            j = (j + 1) & mask;
        }
        index[hole] = 0;
        live[slot] = false;
        freeSlots[freeCount++] = slot;
        size--;
    }

    /** Slots in use. */
    public int size() {
        return size;
    }

    /** Number of slots. */
    public int capacity() {
        return live.length;
    }

    /** True when slot holds a stream. */
    public boolean isLive(int slot) {
        return live[slot];
    }

    /** Session of a live slot. */
    public long session(int slot) {
        return sessions[slot];
    }

    /** Stream of a live slot. */
    public int stream(int slot) {
        return streams[slot];
    }
}
