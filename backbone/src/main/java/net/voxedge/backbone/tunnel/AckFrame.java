package net.voxedge.backbone.tunnel;

/**
 * Reusable ACK body, both as a parse flyweight and as a builder: up to {@link #MAX_ENTRIES}
 * entries, each acknowledging one (session, stream) cumulatively plus up to {@link #MAX_RANGES}
 * selectively received ranges above the cumulative point.
 *
 * <pre>
 *  0 ack delay u16 (10 µs units) | 2 entry count u8 (1..16)
 *  entry: session u64 | stream u8 | cumulative seq u32 | range count u8 (0..4) | ranges: start u32, end u32 (inclusive)
 * </pre>
 * Ranges ascend, start at least two past the cumulative seq (a gap precedes each), and do not touch.
 */
public final class AckFrame {
    /** Entries per ACK body. */
    public static final int MAX_ENTRIES = 16;
    /** SACK ranges per entry. */
    public static final int MAX_RANGES = 4;
    /** Ack delay unit. */
    public static final long ACK_DELAY_UNIT_NANOS = 10_000;
    static final int PREFIX = 3;
    static final int ENTRY_FIXED = 14;
    static final int RANGE = 8;
    /** Largest body: fits in {@link WireFormat#MAX_BODY}. */
    public static final int MAX_LENGTH = PREFIX + MAX_ENTRIES * (ENTRY_FIXED + MAX_RANGES * RANGE);

    private int ackDelayUnits;
    private int count;
    private final long[] sessions = new long[MAX_ENTRIES];
    private final int[] streams = new int[MAX_ENTRIES];
    private final int[] cumulative = new int[MAX_ENTRIES];
    private final int[] rangeCounts = new int[MAX_ENTRIES];
    private final int[] rangeStarts = new int[MAX_ENTRIES * MAX_RANGES];
    private final int[] rangeEnds = new int[MAX_ENTRIES * MAX_RANGES];

    /** Parses an ACK body; false (and an empty frame) when malformed. */
    public boolean parse(byte[] buf, int off, int len) {
        clear(0);
        if (buf == null || off < 0 || len < PREFIX || len > MAX_LENGTH || off > buf.length - len) {
            return false;
        }
        int n = WireFormat.u8(buf, off + 2);
        if (n == 0 || n > MAX_ENTRIES) {
            return false;
        }
        int p = off + PREFIX;
        int end = off + len;
        for (int i = 0; i < n; i++) {
            if (end - p < ENTRY_FIXED) {
                return fail();
            }
            long session = WireFormat.i64(buf, p);
            int stream = WireFormat.u8(buf, p + 8);
            int cum = WireFormat.i32(buf, p + 9);
            int ranges = WireFormat.u8(buf, p + 13);
            p += ENTRY_FIXED;
            if (ranges > MAX_RANGES || end - p < ranges * RANGE) {
                return fail();
            }
            int previousEnd = cum;
            for (int r = 0; r < ranges; r++) {
                int s = WireFormat.i32(buf, p);
                int e = WireFormat.i32(buf, p + 4);
                p += RANGE;
                // a gap of at least one before the range, start <= end, and not absurdly far from cum
                if (s - previousEnd < 2 || e - s < 0 || e - cum > DataFrame.MAX_FLOOR_DISTANCE) {
                    return fail();
                }
                rangeStarts[i * MAX_RANGES + r] = s;
                rangeEnds[i * MAX_RANGES + r] = e;
                previousEnd = e;
            }
            sessions[i] = session;
            streams[i] = stream;
            cumulative[i] = cum;
            rangeCounts[i] = ranges;
        }
        if (p != end) {
            return fail();
        }
        ackDelayUnits = WireFormat.u16(buf, off);
        count = n;
        return true;
    }

    private boolean fail() {
        clear(0);
        return false;
    }

    /** Empties the builder and sets the ack delay it will report. */
    public void clear(long ackDelayNanos) {
        count = 0;
        long units = ackDelayNanos / ACK_DELAY_UNIT_NANOS;
        ackDelayUnits = (int) Math.max(0, Math.min(0xFFFF, units));
    }

    /** Adds an entry; false when full. */
    public boolean addEntry(long session, int stream, int cumulativeSeq) {
        if (count == MAX_ENTRIES) {
            return false;
        }
        sessions[count] = session;
        streams[count] = stream;
        cumulative[count] = cumulativeSeq;
        rangeCounts[count] = 0;
        count++;
        return true;
    }

    /** Adds a range to the last entry; false when it has {@link #MAX_RANGES} already. */
    public boolean addRange(int start, int end) {
        int i = count - 1;
        if (i < 0 || rangeCounts[i] == MAX_RANGES) {
            return false;
        }
        rangeStarts[i * MAX_RANGES + rangeCounts[i]] = start;
        rangeEnds[i * MAX_RANGES + rangeCounts[i]] = end;
        rangeCounts[i]++;
        return true;
    }

    /** Writes the body; returns its length. */
    public int write(byte[] out, int off) {
        WireFormat.put16(out, off, ackDelayUnits);
        out[off + 2] = (byte) count;
        int p = off + PREFIX;
        for (int i = 0; i < count; i++) {
            WireFormat.put64(out, p, sessions[i]);
            out[p + 8] = (byte) streams[i];
            WireFormat.put32(out, p + 9, cumulative[i]);
            out[p + 13] = (byte) rangeCounts[i];
            p += ENTRY_FIXED;
            for (int r = 0; r < rangeCounts[i]; r++) {
                WireFormat.put32(out, p, rangeStarts[i * MAX_RANGES + r]);
                WireFormat.put32(out, p + 4, rangeEnds[i * MAX_RANGES + r]);
                p += RANGE;
            }
        }
        return p - off;
    }

    /** Reported ack delay in nanoseconds. */
    public long ackDelayNanos() {
        return ackDelayUnits * ACK_DELAY_UNIT_NANOS;
    }

    /** Number of entries. */
    public int count() {
        return count;
    }

    /** Session of entry i. */
    public long session(int i) {
        return sessions[i];
    }

    /** Stream of entry i. */
    public int stream(int i) {
        return streams[i];
    }

    /** Highest seq of entry i received with everything before it. */
    public int cumulative(int i) {
        return cumulative[i];
    }

    /** Number of ranges in entry i. */
    public int rangeCount(int i) {
        return rangeCounts[i];
    }

    /** First seq of range r of entry i. */
    public int rangeStart(int i, int r) {
        return rangeStarts[i * MAX_RANGES + r];
    }

    /** Last seq (inclusive) of range r of entry i. */
    public int rangeEnd(int i, int r) {
        return rangeEnds[i * MAX_RANGES + r];
    }
}
