package net.voxedge.backbone.tunnel;

import static net.voxedge.backbone.tunnel.WireFormat.seqBefore;

/**
 * Receiving side of all streams of a link. Reliable streams (user audio, control) are delivered in
 * seq order exactly once: duplicates are dropped, frames ahead of a gap are held (bounded per link
 * and per stream) and acknowledged selectively, and the sender's floor tells which gaps will never
 * be filled. Best-effort streams (agent audio) deliver each frame newer than the last delivered one.
 * ACKs are due after {@code ackEveryFrames} frames, after {@code ackDelay}, or at once on a gap (the
 * peer should learn of it fast). A duplicate means the peer lacks an ack; it makes one due within
 * {@code ackDelay} but never at once, so a burst of duplicates (a retransmission storm) costs one ACK
 * per stream per delay instead of one per duplicate, which would feed the congestion that caused it.
 */
final class StreamReceiver {
    private static final int CLOSED_RING = 1024;
    private static final int CLOSED_ACKS = AckFrame.MAX_ENTRIES;

    private final StreamTable streams;
    private final boolean[] reliable;
    private final int[] nextExpected;
    private final int[] lastDelivered;
    private final boolean[] delivered;
    private final int[] heldHead;
    private final int[] heldCount;
    private final boolean[] ackPending;
    private final int[] pendingList;
    private int pendingCount;
    // held frame pool: fixed slots of MAX_BODY bytes
    private final byte[] pool;
    private final int[] heldSeq;
    private final int[] heldLen;
    private final int[] heldNext;
    private final int[] freeHeld;
    private int freeHeldCount;
    private final int maxHeldPerStream;
    private final int reorderWindow;
    private final int ackEveryFrames;
    private final long ackDelayNanos;
    private int framesSinceAck;
    private long firstPendingAt;
    private boolean ackNow;
    private boolean duplicatePending;
    private final long[] closedSessions = new long[CLOSED_RING];
    private int closedCount;
    private int closedNext;
    private final long[] closedAckSession = new long[CLOSED_ACKS];
    private final int[] closedAckStream = new int[CLOSED_ACKS];
    private final int[] closedAckSeq = new int[CLOSED_ACKS];
    private int closedAckCount;
    private final DataFrame heldFrame = new DataFrame();
    long delivered_;
    long skipped;

    StreamReceiver(TunnelLinkConfig config) {
        int n = config.maxStreams();
        streams = new StreamTable(n);
        reliable = new boolean[n];
        nextExpected = new int[n];
        lastDelivered = new int[n];
        delivered = new boolean[n];
        heldHead = new int[n];
        heldCount = new int[n];
        ackPending = new boolean[n];
        pendingList = new int[n];
        int h = config.maxHeldFrames();
        pool = new byte[h * WireFormat.MAX_BODY];
        heldSeq = new int[h];
        heldLen = new int[h];
        heldNext = new int[h];
        freeHeld = new int[h];
        for (int i = 0; i < h; i++) {
            freeHeld[i] = h - 1 - i;
        }
        freeHeldCount = h;
        maxHeldPerStream = config.maxHeldPerStream();
        reorderWindow = config.reorderWindow();
        ackEveryFrames = config.ackEveryFrames();
        ackDelayNanos = config.ackDelayNanos();
    }

    /** Handles one parsed MEDIA or CONTROL body found in {@code buf}; returns why it was dropped, or null. */
    DropReason onData(DataFrame f, byte[] buf, int bodyOff, int bodyLen, long now, TunnelListener listener) {
        long session = f.session();
        int stream = f.stream();
        int slot = streams.find(session, stream);
        if (slot < 0) {
            if (isClosed(session)) {
                if (f.reliable()) {
                    queueClosedAck(session, stream, f.seq());
                }
                return DropReason.CLOSED_SESSION;
            }
            slot = streams.findOrAdd(session, stream);
            if (slot < 0) {
                return DropReason.TOO_MANY_STREAMS;
            }
            reliable[slot] = f.reliable();
            nextExpected[slot] = f.floor();
            delivered[slot] = false;
            heldHead[slot] = -1;
            heldCount[slot] = 0;
            ackPending[slot] = false;
        }
        if (reliable[slot] != f.reliable()) {
            return DropReason.MALFORMED_BODY; // a stream is reliable or not for its whole life
        }
        if (!reliable[slot]) {
            if (delivered[slot] && !seqBefore(lastDelivered[slot], f.seq())) {
                return DropReason.STALE_MEDIA;
            }
            lastDelivered[slot] = f.seq();
            delivered[slot] = true;
            deliver(f, buf, listener);
            return null;
        }
        if (seqBefore(nextExpected[slot], f.floor())) {
            skipTo(slot, f.floor(), listener);
        }
        int seq = f.seq();
        int expected = nextExpected[slot];
        if (seqBefore(seq, expected)) {
            markDuplicate(slot, now);
            return DropReason.DUPLICATE;
        }
        if (seq == expected) {
            nextExpected[slot] = seq + 1;
            deliver(f, buf, listener);
            drainHeld(slot, listener);
            markPending(slot, now, false);
            return null;
        }
        if (seq - expected > reorderWindow) {
            return DropReason.OUT_OF_WINDOW;
        }
        // ahead of a gap: hold it, sorted by seq
        int prev = -1;
        int h = heldHead[slot];
        while (h >= 0 && seqBefore(heldSeq[h], seq)) {
            prev = h;
            h = heldNext[h];
        }
        if (h >= 0 && heldSeq[h] == seq) {
            markDuplicate(slot, now);
            return DropReason.DUPLICATE;
        }
        if (heldCount[slot] >= maxHeldPerStream || freeHeldCount == 0) {
            return DropReason.HOLD_FULL;
        }
        int n = freeHeld[--freeHeldCount];
        System.arraycopy(buf, bodyOff, pool, n * WireFormat.MAX_BODY, bodyLen);
        heldSeq[n] = seq;
        heldLen[n] = bodyLen;
        heldNext[n] = h;
        if (prev < 0) {
            heldHead[slot] = n;
        } else {
            heldNext[prev] = n;
        }
        heldCount[slot]++;
        markPending(slot, now, true);
        return null;
    }

    /** The sender will never send anything below {@code floor}: deliver what is held below it and move on. */
    private void skipTo(int slot, int floor, TunnelListener listener) {
        int h = heldHead[slot];
        while (h >= 0 && seqBefore(heldSeq[h], floor)) {
            skipped += heldSeq[h] - nextExpected[slot];
            nextExpected[slot] = heldSeq[h] + 1;
            int next = heldNext[h];
            heldHead[slot] = next;
            deliverHeld(slot, h, listener);
            h = next;
        }
        skipped += floor - nextExpected[slot];
        nextExpected[slot] = floor;
        drainHeld(slot, listener);
    }

    private void drainHeld(int slot, TunnelListener listener) {
        int h = heldHead[slot];
        while (h >= 0 && heldSeq[h] == nextExpected[slot]) {
            nextExpected[slot]++;
            int next = heldNext[h];
            heldHead[slot] = next;
            deliverHeld(slot, h, listener);
            h = next;
        }
    }

    private void deliverHeld(int slot, int h, TunnelListener listener) {
        heldCount[slot]--;
        freeHeld[freeHeldCount++] = h;
        // the slot is free again only after the listener returns: nothing else runs in between
        FrameType type = streams.stream(slot) == WireFormat.CONTROL_STREAM ? FrameType.CONTROL : FrameType.MEDIA;
        if (heldFrame.parse(type, pool, h * WireFormat.MAX_BODY, heldLen[h])) {
            deliver(heldFrame, pool, listener);
        }
    }

    private void deliver(DataFrame f, byte[] buf, TunnelListener listener) {
        delivered_++;
        if (f.isControl()) {
            listener.onControl(f.session(), f.controlType(), buf, f.payloadOffset(), f.payloadLength());
        } else {
            listener.onMedia(f.session(), f.stream(), f.seq(), f.mediaTimestamp(), f.flags(), buf, f.payloadOffset(),
                    f.payloadLength());
        }
    }

    private void markPending(int slot, long now, boolean immediate) {
        addPending(slot);
        if (framesSinceAck == 0 && !duplicatePending) {
            firstPendingAt = now;
        }
        framesSinceAck++;
        if (immediate || framesSinceAck >= ackEveryFrames) {
            ackNow = true;
        }
    }

    /** A duplicate: the ack is due within the ack delay, counted from the first thing pending. */
    private void markDuplicate(int slot, long now) {
        addPending(slot);
        if (framesSinceAck == 0 && !duplicatePending) {
            firstPendingAt = now;
        }
        duplicatePending = true;
    }

    private void addPending(int slot) {
        if (!ackPending[slot]) {
            ackPending[slot] = true;
            pendingList[pendingCount++] = slot;
        }
    }

    private void queueClosedAck(long session, int stream, int seq) {
        if (closedAckCount < CLOSED_ACKS) {
            closedAckSession[closedAckCount] = session;
            closedAckStream[closedAckCount] = stream;
            closedAckSeq[closedAckCount] = seq;
            closedAckCount++;
            ackNow = true;
        }
    }

    /** True when an ACK should go out now. */
    boolean ackDue(long now) {
        return (pendingCount > 0 || closedAckCount > 0)
                && (ackNow || now - firstPendingAt >= ackDelayNanos);
    }

    /** When the delayed ACK is due, or Long.MAX_VALUE. */
    long ackDeadline() {
        if (pendingCount == 0 && closedAckCount == 0) {
            return Long.MAX_VALUE;
        }
        return ackNow ? Long.MIN_VALUE : firstPendingAt + ackDelayNanos;
    }

    /** True while entries wait to be written. */
    boolean hasPendingAcks() {
        return pendingCount > 0 || closedAckCount > 0;
    }

    /**
     * Moves up to {@link AckFrame#MAX_ENTRIES} pending entries into {@code ack} (cleared with the
     * given delay); call again while {@link #hasPendingAcks()}.
     */
    void fillAck(AckFrame ack, long now) {
        ack.clear(framesSinceAck == 0 && !duplicatePending ? 0 : now - firstPendingAt);
        while (closedAckCount > 0 && ack.count() < AckFrame.MAX_ENTRIES) {
            closedAckCount--;
            ack.addEntry(closedAckSession[closedAckCount], closedAckStream[closedAckCount], closedAckSeq[closedAckCount]);
        }
        while (pendingCount > 0 && ack.count() < AckFrame.MAX_ENTRIES) {
            int slot = pendingList[--pendingCount];
            ackPending[slot] = false;
            ack.addEntry(streams.session(slot), streams.stream(slot), nextExpected[slot] - 1);
            int h = heldHead[slot];
            int ranges = 0;
            while (h >= 0 && ranges < AckFrame.MAX_RANGES) {
                int start = heldSeq[h];
                int end = start;
                h = heldNext[h];
                while (h >= 0 && heldSeq[h] == end + 1) {
                    end++;
                    h = heldNext[h];
                }
                ack.addRange(start, end);
                ranges++;
            }
        }
        if (pendingCount == 0 && closedAckCount == 0) {
            framesSinceAck = 0;
            ackNow = false;
            duplicatePending = false;
        }
    }

    /**
     * The peer restarted (an authentic datagram of a newer epoch): forgets the receive state the new
     * incarnation cannot continue. Control and best-effort streams are numbered afresh by the new
     * sender, so they are forgotten and restart at the floor (or first frame) it sends. Reliable media
     * streams keep their next expected seq: the new sender replays them from its journal with the
     * original seqs, so the mark still deduplicates. Held frames of every stream are freed (they are
     * above the cumulative ack, so the journal replays them; a held control can never be completed)
     * and pending ACKs are dropped (they describe the old incarnation's frames). Closed sessions stay
     * closed: that was this side's decision.
     */
    void onPeerRestart() {
        for (int slot = 0; slot < streams.capacity(); slot++) {
            if (!streams.isLive(slot)) {
                continue;
            }
            releaseHeld(slot);
            ackPending[slot] = false;
            if (!reliable[slot] || streams.stream(slot) == WireFormat.CONTROL_STREAM) {
                streams.remove(slot);
            }
        }
        pendingCount = 0;
        closedAckCount = 0;
        framesSinceAck = 0;
        ackNow = false;
        duplicatePending = false;
    }

    private void releaseHeld(int slot) {
        int h = heldHead[slot];
        while (h >= 0) {
            freeHeld[freeHeldCount++] = h;
            h = heldNext[h];
        }
        heldHead[slot] = -1;
        heldCount[slot] = 0;
    }

    /** Forgets the session's streams; frames for it arriving later are dropped as {@link DropReason#CLOSED_SESSION}. */
    void closeSession(long session) {
        for (int slot = 0; slot < streams.capacity(); slot++) {
            if (streams.isLive(slot) && streams.session(slot) == session) {
                releaseHeld(slot);
                if (ackPending[slot]) {
                    ackPending[slot] = false;
                    for (int i = 0; i < pendingCount; i++) {
                        if (pendingList[i] == slot) {
                            pendingList[i] = pendingList[--pendingCount];
                            break;
                        }
                    }
                }
                streams.remove(slot);
            }
        }
        if (!isClosed(session)) {
            closedSessions[closedNext] = session;
            closedNext = (closedNext + 1) % CLOSED_RING;
            closedCount = Math.min(CLOSED_RING, closedCount + 1);
        }
    }

    private boolean isClosed(long session) {
        for (int i = 0; i < closedCount; i++) {
            if (closedSessions[i] == session) {
                return true;
            }
        }
        return false;
    }

    /** Out-of-order frames held right now. */
    int heldFrames() {
        return pool.length / WireFormat.MAX_BODY - freeHeldCount;
    }

    int streamCount() {
        return streams.size();
    }
}
