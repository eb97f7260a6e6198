package net.voxedge.router.measured;

import net.voxedge.router.net.PrefixKeys;

/**
 * Measured round-trip times per (client prefix, PoP): the edges report STUN and RTCP RTT samples
 * and the router prefers them to geography while they are fresh.
 *
 * <p>Each entry is a time-decayed average: a sample's weight halves every {@code halfLife}, so
 * {@code rtt = Σ wᵢ·xᵢ / Σ wᵢ} with {@code wᵢ = 2^(-ageᵢ/halfLife)}, kept incrementally as the
 * average and the total weight at the last sample. The total weight decayed to now is the
 * entry's {@link #confidence}: about the number of recent samples, and it fades by itself when
 * the samples stop. Entries with no sample for longer than {@code horizon} are ignored and are
 * the first to be evicted.
 *
 * <p>Memory: open addressing with linear probing over parallel primitive arrays (no objects, no
 * boxing), 26 bytes a slot at a load factor of at most 0.75, so ~35 bytes per entry when full.
 * When full, a new entry evicts the oldest of {@value #EVICTION_SAMPLE} slots under a rotating
 * hand (an approximation of evicting the oldest entry, as Redis does for LRU), preferring
 * anything past the horizon.
 *
 * <p>Sans-IO and single-threaded: time comes in as {@code nowNanos} (a monotonic clock), and the
 * owner confines the table to one thread or locks around it. Slot numbers returned by
 * {@link #find} stay valid until the next {@link #record} or {@link #sweep}.
 */
public final class MeasuredRttTable {

    /** The most PoPs a table keys (13 bits next to the 50-bit prefix key). */
    public static final int MAX_POPS = (1 << 13) - 1;
    /** Slots inspected to choose an eviction victim. */
    public static final int EVICTION_SAMPLE = 32;
    /** Bytes per slot of the parallel arrays. */
    public static final int BYTES_PER_SLOT = 8 + 8 + 4 + 4 + 2;
    /** Samples above this are broken clocks or parked clients, not paths (ms). */
    public static final double MAX_SAMPLE_MS = 60_000;

    private final int capacity;
    private final long halfLifeNanos;
    private final long horizonNanos;
    private final double lnTwoOverHalfLife;

    private final long[] keys;       // (popIndex + 1) << 50 | prefixKey; 0 = empty
    private final long[] lastNanos;  // time of the newest sample
    private final float[] rttMs;     // decayed average at lastNanos
    private final float[] weight;    // total decayed weight at lastNanos
    private final char[] samples;    // sample count, saturating

    private int size;
    private int hand;
    private long evictions;

    /**
     * @param capacity      most entries kept
     * @param halfLifeNanos age at which a sample counts half
     * @param horizonNanos  entries without a sample for this long are ignored and evicted first
     */
    public MeasuredRttTable(int capacity, long halfLifeNanos, long horizonNanos) {
        if (capacity < 1 || capacity > (1 << 29)) {
            throw new IllegalArgumentException("capacity must be between 1 and 2^29 (got " + capacity + ")");
        }
        if (halfLifeNanos <= 0 || horizonNanos <= 0) {
            throw new IllegalArgumentException("half-life and horizon must be positive (got " + halfLifeNanos + ", " + horizonNanos + ")");
        }
        this.capacity = capacity;
        this.halfLifeNanos = halfLifeNanos;
        this.horizonNanos = horizonNanos;
        this.lnTwoOverHalfLife = Math.log(2) / halfLifeNanos;
        int slots = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L, (capacity * 4L + 2) / 3));
        keys = new long[slots];
        lastNanos = new long[slots];
        rttMs = new float[slots];
        weight = new float[slots];
        samples = new char[slots];
    }

    /**
     * Adds one RTT sample.
     *
     * @return false (and nothing changes) when the key, PoP index or sample is invalid: a
     *         prefix key not from {@link PrefixKeys#of}, an index outside 0..{@value #MAX_POPS}-1,
     *         or an RTT that is not a finite number in (0, {@value #MAX_SAMPLE_MS}] ms
     */
    public boolean record(long prefixKey, int popIndex, double sampleMs, long nowNanos) {
        if (!PrefixKeys.isValid(prefixKey) || popIndex < 0 || popIndex >= MAX_POPS
                || !(sampleMs > 0 && sampleMs <= MAX_SAMPLE_MS)) {
            return false;
        }
        long key = compose(prefixKey, popIndex);
        int slot = slotOf(key);
        if (slot >= 0) {
            long age = Math.max(0, nowNanos - lastNanos[slot]);
            double w = weight[slot] * decay(age) + 1.0;
            rttMs[slot] = (float) (rttMs[slot] + (sampleMs - rttMs[slot]) / w);
            weight[slot] = (float) w;
            lastNanos[slot] = Math.max(lastNanos[slot], nowNanos);
            if (samples[slot] != Character.MAX_VALUE) {
                samples[slot]++;
            }
            return true;
        }
        if (size == capacity) {
            evictOne(nowNanos);
        }
        int i = home(key);
        while (keys[i] != 0) {
            i = next(i);
        }
        keys[i] = key;
        lastNanos[i] = nowNanos;
        rttMs[i] = (float) sampleMs;
        weight[i] = 1.0f;
        samples[i] = 1;
        size++;
        return true;
    }

    /** The slot of a fresh entry (last sample within the horizon), or -1. */
    public int find(long prefixKey, int popIndex, long nowNanos) {
        if (popIndex < 0 || popIndex >= MAX_POPS || !PrefixKeys.isValid(prefixKey)) {
            return -1;
        }
        int slot = slotOf(compose(prefixKey, popIndex));
        if (slot < 0 || nowNanos - lastNanos[slot] > horizonNanos) {
            return -1;
        }
        return slot;
    }

    /** The entry's decayed average RTT (ms). */
    public double rttMs(int slot) {
        return rttMs[slot];
    }

    /** How many samples the entry has seen (saturates at 65535). */
    public int samples(int slot) {
        return samples[slot];
    }

    /** The entry's total sample weight decayed to {@code nowNanos}: ~ the number of recent samples. */
    public double confidence(int slot, long nowNanos) {
        return weight[slot] * decay(Math.max(0, nowNanos - lastNanos[slot]));
    }

    /** Age of the entry's newest sample (ns). */
    public long ageNanos(int slot, long nowNanos) {
        return nowNanos - lastNanos[slot];
    }

    /** Evicts every entry whose newest sample is older than the horizon; returns how many. */
    public int sweep(long nowNanos) {
        int removed = 0;
        // Backward-shift deletion pulls later entries into the freed slot, so slot i is looked at
        // again. An entry pulled back across the array's end comes from a slot the loop already
        // passed, where it was checked.
        for (int i = 0; i < keys.length; ) {
            if (keys[i] != 0 && nowNanos - lastNanos[i] > horizonNanos) {
                removeAt(i);
                removed++;
            } else {
                i++;
            }
        }
        return removed;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /** Entries evicted to make room (not counting {@link #sweep}). */
    public long evictions() {
        return evictions;
    }

    /** Bytes held by the arrays. */
    public long footprintBytes() {
        return (long) keys.length * BYTES_PER_SLOT;
    }

    public long halfLifeNanos() {
        return halfLifeNanos;
    }

    public long horizonNanos() {
        return horizonNanos;
    }

    private double decay(long ageNanos) {
        return Math.exp(-ageNanos * lnTwoOverHalfLife);
    }

    private void evictOne(long nowNanos) {
        int victim = -1;
        long oldest = Long.MAX_VALUE;
        for (int n = 0; n < EVICTION_SAMPLE || victim < 0; n++) {
            int i = hand;
            hand = next(hand);
            if (keys[i] == 0) {
                continue;
            }
            if (nowNanos - lastNanos[i] > horizonNanos) {
                victim = i;
                break;
            }
            if (lastNanos[i] < oldest) {
                oldest = lastNanos[i];
                victim = i;
            }
        }
        removeAt(victim);
        evictions++;
    }

    /** Linear-probing deletion without tombstones: pull later entries of the cluster back. */
    private void removeAt(int hole) {
        int j = hole;
        while (true) {
            j = next(j);
            long k = keys[j];
            if (k == 0) {
                break;
            }
            int h = home(k);
            // Leave k where it is if its home lies cyclically in (hole, j]: it is still reachable.
            boolean stays = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j);
            if (stays) {
                continue;
            }
            keys[hole] = k;
            lastNanos[hole] = lastNanos[j];
            rttMs[hole] = rttMs[j];
            weight[hole] = weight[j];
            samples[hole] = samples[j];
            hole = j;
        }
        keys[hole] = 0;
        size--;
    }

    private int slotOf(long key) {
        int i = home(key);
        while (true) {
            long k = keys[i];
            if (k == key) {
                return i;
            }
            if (k == 0) {
                return -1;
            }
            i = next(i);
        }
    }

    private static long compose(long prefixKey, int popIndex) {
        return ((long) (popIndex + 1) << PrefixKeys.BITS) | prefixKey;
    }

    private int home(long key) {
        // Stafford's mix 13 spreads /24 neighbours; the multiply-shift maps onto any table length.
        long z = key;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        z ^= z >>> 31;
        return (int) (((z >>> 32) * keys.length) >>> 32);
    }

    private int next(int i) {
        return i + 1 == keys.length ? 0 : i + 1;
    }
}
