package net.voxedge.backbone.tunnel;

/**
 * Bounded store of reliable frames not yet acknowledged: their plaintext bodies in one byte arena
 * used as a ring (allocation order), plus a descriptor per frame linked twice: into its stream's
 * list (ascending seq, since a stream sends in seq order) and into one time list (ascending last
 * transmission, so the head is the next retransmission timeout). Frames leave in any order; arena
 * space comes back when the oldest frame leaves, so one stuck frame can hold space until it is
 * acknowledged or abandoned (bounded by the retransmission limit). No allocation after construction.
 */
public final class RetransmitBuffer {
    private final byte[] arena;
    private int arenaHead;
    private int arenaTail;
    // descriptors, allocated in ring order
    private final int[] offset;
    private final int[] length;
    private final int[] streamSlot;
    private final int[] seq;
    private final long[] firstSent;
    private final long[] lastSent;
    private final int[] transmissions;
    private final boolean[] live;
    private final int[] prevInStream;
    private final int[] nextInStream;
    private final int[] prevInTime;
    private final int[] nextInTime;
    private int descHead;
    private int descTail;
    private int descCount;
    private final int[] streamHead;
    private final int[] streamTail;
    private int timeHead = -1;
    private int timeTail = -1;
    private long liveBytes;
    private int liveFrames;

    /** A buffer of {@code budgetBytes} for at most {@code maxFrames} frames over {@code streams} stream slots. */
    public RetransmitBuffer(int budgetBytes, int maxFrames, int streams) {
        if (budgetBytes < WireFormat.MAX_BODY || maxFrames < 1) {
            throw new IllegalArgumentException("retransmit budget must hold at least one full frame ("
                    + WireFormat.MAX_BODY + " bytes) and one descriptor");
        }
        arena = new byte[budgetBytes];
        offset = new int[maxFrames];
        length = new int[maxFrames];
        streamSlot = new int[maxFrames];
        seq = new int[maxFrames];
        firstSent = new long[maxFrames];
        lastSent = new long[maxFrames];
        transmissions = new int[maxFrames];
        live = new boolean[maxFrames];
        prevInStream = new int[maxFrames];
        nextInStream = new int[maxFrames];
        prevInTime = new int[maxFrames];
        nextInTime = new int[maxFrames];
        streamHead = new int[streams];
        streamTail = new int[streams];
        java.util.Arrays.fill(streamHead, -1);
        java.util.Arrays.fill(streamTail, -1);
    }

    /**
     * Reserves {@code len} arena bytes for a frame sent now (transmission count 1) at the tail of its
     * stream and of the time list; returns the descriptor, or -1 when the budget is full.
     */
    public int add(int slot, int frameSeq, int len, long now) {
        if (descCount == offset.length) {
            return -1;
        }
        if (descCount == 0) {
            arenaHead = 0;
            arenaTail = 0;
        }
        int at;
        if (descCount == 0 || arenaHead > arenaTail) {
            if (arena.length - arenaHead >= len) {
                at = arenaHead;
            } else if (arenaTail >= len) {
                at = 0; // wrap; the end of the arena stays unused until the tail passes it
            } else {
                return -1;
            }
        } else if (arenaTail - arenaHead >= len) {
            at = arenaHead;
        } else {
            return -1;
        }
        arenaHead = at + len;
        int d = descHead;
        descHead = (descHead + 1) % offset.length;
        descCount++;
        offset[d] = at;
        length[d] = len;
        streamSlot[d] = slot;
        seq[d] = frameSeq;
        firstSent[d] = now;
        lastSent[d] = now;
        transmissions[d] = 1;
        live[d] = true;
        prevInStream[d] = streamTail[slot];
        nextInStream[d] = -1;
        if (streamTail[slot] >= 0) {
            nextInStream[streamTail[slot]] = d;
        } else {
            streamHead[slot] = d;
        }
        streamTail[slot] = d;
        appendTime(d);
        liveBytes += len;
        liveFrames++;
        return d;
    }

    /** Removes a frame (acknowledged or abandoned) and gives back what space it can. */
    public void remove(int d) {
        if (!live[d]) {
            return;
        }
        live[d] = false;
        int slot = streamSlot[d];
        if (prevInStream[d] >= 0) {
            nextInStream[prevInStream[d]] = nextInStream[d];
        } else {
            streamHead[slot] = nextInStream[d];
        }
        if (nextInStream[d] >= 0) {
            prevInStream[nextInStream[d]] = prevInStream[d];
        } else {
            streamTail[slot] = prevInStream[d];
        }
        unlinkTime(d);
        liveBytes -= length[d];
        liveFrames--;
        while (descCount > 0 && !live[descTail]) {
            descTail = (descTail + 1) % offset.length;
            descCount--;
        }
        if (descCount > 0) {
            arenaTail = offset[descTail];
        }
    }

    /** Records a retransmission now: counts it and moves the frame to the end of the time list. */
    public void retransmitted(int d, long now) {
        transmissions[d]++;
        lastSent[d] = now;
        unlinkTime(d);
        appendTime(d);
    }

    private void appendTime(int d) {
        prevInTime[d] = timeTail;
        nextInTime[d] = -1;
        if (timeTail >= 0) {
            nextInTime[timeTail] = d;
        } else {
            timeHead = d;
        }
        timeTail = d;
    }

    private void unlinkTime(int d) {
        if (prevInTime[d] >= 0) {
            nextInTime[prevInTime[d]] = nextInTime[d];
        } else {
            timeHead = nextInTime[d];
        }
        if (nextInTime[d] >= 0) {
            prevInTime[nextInTime[d]] = prevInTime[d];
        } else {
            timeTail = prevInTime[d];
        }
    }

    /** The arena holding frame bodies. */
    public byte[] arena() {
        return arena;
    }

    /** First frame of a stream slot (lowest seq), or -1. */
    public int streamHead(int slot) {
        return streamHead[slot];
    }

    /** Next frame of the same stream, or -1. */
    public int nextInStream(int d) {
        return nextInStream[d];
    }

    /** Frame transmitted after this one (next in the time list), or -1. */
    public int nextInTime(int d) {
        return nextInTime[d];
    }

    /** Frame transmitted longest ago, or -1. */
    public int timeHead() {
        return timeHead;
    }

    /** Arena offset of a frame body. */
    public int offset(int d) {
        return offset[d];
    }

    /** Body length. */
    public int length(int d) {
        return length[d];
    }

    /** Stream slot. */
    public int streamSlot(int d) {
        return streamSlot[d];
    }

    /** Sequence number. */
    public int seq(int d) {
        return seq[d];
    }

    /** First transmission time. */
    public long firstSent(int d) {
        return firstSent[d];
    }

    /** Latest transmission time. */
    public long lastSent(int d) {
        return lastSent[d];
    }

    /** Transmissions so far (1 = never retransmitted). */
    public int transmissions(int d) {
        return transmissions[d];
    }

    /** Bytes of frames still waiting for an ack. */
    public long liveBytes() {
        return liveBytes;
    }

    /** Frames still waiting for an ack. */
    public int liveFrames() {
        return liveFrames;
    }

    /** Arena size (the configured budget). */
    public int budgetBytes() {
        return arena.length;
    }
}
