package net.voxedge.edge.turn;

/**
 * Holds the agent's audio (20 ms Opus frames from the cluster) and releases it one frame per
 * frame time, so the client hears real time however fast the model generates.
 *
 * <p>Models produce audio faster than real time, and the backbone delivers it in bursts; the
 * surplus waits here, in a byte ring that doubles as needed up to bounds set at construction (a
 * few times a session, never per frame), so a
 * barge-in can throw it away at once ({@link #flush}) instead of asking the cluster and waiting a
 * backbone round trip. The cluster keeps its lead small, so the ring stays small; when it is full
 * at its bounds anyway the newest frame is refused ({@link Offer#FULL}) and counted.
 *
 * <p>The playout clock pauses when the ring runs dry: a late frame is played late (a gap), not
 * skipped, because every word of the reply matters. What is skipped as stale: a frame of a response
 * that was cancelled or superseded by a newer one, and a frame whose media time is not after the
 * last one played of its response (a duplicate or an overtaken retransmission).
 *
 * <p>Responses are told apart by a tag the cluster gives each one, increasing per session.
 * Not thread-safe: one session's home event loop owns it.
 */
public final class AgentAudioPacer {

    /** What happened to an offered frame. */
    public enum Offer {
        /** Queued for playout. */
        QUEUED,
        /** Dropped: the ring has no room (the cluster ran too far ahead). */
        FULL,
        /** Dropped: larger than the whole ring or empty. */
        BAD_SIZE,
        /** Dropped: not after the last frame played of its response. */
        STALE,
        /** Dropped: its response was cancelled by a barge-in or superseded by a newer one. */
        CANCELLED
    }

    /** The first ring: 1 KiB and 16 frames (0.32 s) cover a short reply at voice bitrates. */
    private static final int INITIAL_BYTES = 1024;
    private static final int INITIAL_FRAMES = 16;

    private final long frameNanos;
    private final long prebufferNanos;
    private final int maxFrames;
    private final int byteCapacity;
    // Allocated when the first frame is queued and doubled while frames wait that do not fit, up to
    // maxFrames / byteCapacity (never per frame): a session whose agent has not spoken holds nothing,
    // one whose agent speaks at voice bitrates ~1-9 KB instead of the full ~17 KB.
    private byte[] ring;
    private int[] frameStart;
    private int[] frameLength;
    private long[] frameMediaTs;
    private int[] frameTag;

    private int head;
    private int count;
    private int writePos;

    private long nextReleaseNanos;
    private boolean clockRunning;
    private boolean prebuffering;
    private long lastReleaseNanos = Long.MIN_VALUE;

    private boolean anyTag;
    private int newestTag;
    private boolean anyCancelled;
    private int cancelledUpToTag;

    private boolean playedAny;
    private int playingTag;
    private long lastPlayedTs;
    private int playedFramesOfTag;

    private int releasedMediaTag;
    private long releasedMediaTs;

    /**
     * @param maxFrames how many frames may wait (e.g. 64 = 1.28 s of 20 ms frames)
     * @param byteCapacity bytes of frame payload that may wait (Opus voice at 32 kb/s is ~80 B a frame)
     * @param frameNanos the duration of one frame (20 ms for the Opus WebRTC default)
     * @param prebufferNanos how long the first frame of a talk spurt waits, so that the next frames
     *     arriving with backbone jitter find the clock not yet past them; cut short as soon as the frames
     *     waiting behind the first cover it (a faster-than-real-time burst)
     */
    public AgentAudioPacer(int maxFrames, int byteCapacity, long frameNanos, long prebufferNanos) {
        if (maxFrames < 1) {
            throw new IllegalArgumentException("maxFrames must be at least 1 (got " + maxFrames + ")");
        }
        if (byteCapacity < 2) {
            throw new IllegalArgumentException("byteCapacity must be at least 2 (got " + byteCapacity + ")");
        }
        if (frameNanos <= 0 || prebufferNanos < 0) {
            throw new IllegalArgumentException("frameNanos must be > 0 and prebufferNanos >= 0");
        }
        this.frameNanos = frameNanos;
        this.prebufferNanos = prebufferNanos;
        this.maxFrames = maxFrames;
        this.byteCapacity = byteCapacity;
    }

    /** Bytes the ring holds now (0 before the first frame): it grows, by doubling, only as frames need. */
    public int ringBytes() {
        return ring == null ? 0 : ring.length;
    }

    /** Whether the ring exists yet (it is allocated with the first queued frame). */
    public boolean allocated() {
        return ring != null;
    }

    /** 64 frames (1.28 s), 16 KiB, 20 ms frames, 40 ms prebuffer. */
    public static AgentAudioPacer withDefaults() {
        return new AgentAudioPacer(64, 16 * 1024, 20_000_000L, 40_000_000L);
    }

    /**
     * Offers one agent frame.
     *
     * @param mediaTs the frame's media timestamp from the cluster (48 kHz clock, per response)
     * @param responseTag the response the frame belongs to
     */
    public Offer offer(byte[] b, int off, int len, long mediaTs, int responseTag, long nowNanos) {
        if (anyCancelled && responseTag - cancelledUpToTag <= 0) {
            return Offer.CANCELLED;
        }
        if (anyTag && responseTag - newestTag < 0) {
            return Offer.CANCELLED;
        }
        if (len <= 0 || len > byteCapacity - 1) {
            return Offer.BAD_SIZE;
        }
        if (playedAny && responseTag == playingTag && mediaTs - lastPlayedTs <= 0) {
            return Offer.STALE;
        }
        if (count == maxFrames) {
            return Offer.FULL;
        }
        if (ring == null) {
            relayout(Math.min(byteCapacity, Math.max(INITIAL_BYTES, len + 1)), Math.min(maxFrames, INITIAL_FRAMES));
        } else if (count == frameStart.length) {
            relayout(ring.length, Math.min(maxFrames, frameStart.length * 2));
        }
        int start = placeFor(len);
        while (start < 0 && ring.length < byteCapacity) {
            relayout((int) Math.min(byteCapacity, ring.length * 2L), frameStart.length);
            start = placeFor(len);
        }
        if (start < 0) {
            return Offer.FULL;
        }
        System.arraycopy(b, off, ring, start, len);
        int slot = (head + count) % frameStart.length;
        frameStart[slot] = start;
        frameLength[slot] = len;
        frameMediaTs[slot] = mediaTs;
        frameTag[slot] = responseTag;
        count++;
        writePos = start + len;
        anyTag = true;
        newestTag = responseTag;
        if (!clockRunning) {
            clockRunning = true;
            prebuffering = true;
            nextReleaseNanos = nowNanos + prebufferNanos;
        }
        // A model ahead of real time delivers a burst: once what waits behind the first frame covers the
        // prebuffer, jitter is already absorbed and waiting longer only delays the agent's first word.
        if (prebuffering && (long) (count - 1) * frameNanos >= prebufferNanos && nextReleaseNanos > nowNanos) {
            nextReleaseNanos = nowNanos;
        }
        return Offer.QUEUED;
    }

    /**
     * Moves the waiting frames, in order, to the start of new arrays of the given sizes (at least as
     * large as the old ones): a talk spurt's few growth steps, never a per-frame cost.
     */
    private void relayout(int bytes, int frames) {
        byte[] r = new byte[bytes];
        int[] starts = new int[frames];
        int[] lengths = new int[frames];
        long[] ts = new long[frames];
        int[] tags = new int[frames];
        int pos = 0;
        for (int i = 0; i < count; i++) {
            int slot = (head + i) % frameStart.length;
            System.arraycopy(ring, frameStart[slot], r, pos, frameLength[slot]);
            starts[i] = pos;
            lengths[i] = frameLength[slot];
            ts[i] = frameMediaTs[slot];
            tags[i] = frameTag[slot];
            pos += frameLength[slot];
        }
        ring = r;
        frameStart = starts;
        frameLength = lengths;
        frameMediaTs = ts;
        frameTag = tags;
        head = 0;
        writePos = pos;
    }

    // Where a frame of len bytes goes in the ring, or -1 when it does not fit. The head frame's
    // start is the read position; frames are contiguous, wrapping to 0 when the tail has no room.
    private int placeFor(int len) {
        if (count == 0) {
            return 0;
        }
        int readPos = frameStart[head];
        if (writePos > readPos) {
            if (ring.length - writePos >= len) {
                return writePos;
            }
            return len < readPos ? 0 : -1;
        }
        // Wrapped: free space is [writePos, readPos); keep one byte so full and empty differ.
        return readPos - writePos > len ? writePos : -1;
    }

    /**
     * Releases the next frame if it is due.
     *
     * @return the frame's length copied to {@code out[outOff..]}, or -1 when nothing is due
     */
    public int poll(long nowNanos, byte[] out, int outOff) {
        if (count == 0 || nowNanos < nextReleaseNanos) {
            return -1;
        }
        int len = frameLength[head];
        System.arraycopy(ring, frameStart[head], out, outOff, len);
        releasedMediaTs = frameMediaTs[head];
        releasedMediaTag = frameTag[head];
        if (!playedAny || releasedMediaTag != playingTag) {
            playingTag = releasedMediaTag;
            playedFramesOfTag = 0;
            playedAny = true;
        }
        playedFramesOfTag++;
        lastPlayedTs = releasedMediaTs;
        head = (head + 1) % frameStart.length;
        count--;
        lastReleaseNanos = nowNanos;
        prebuffering = false;
        // Keep the cadence across a late timer, but never burst more than one frame to catch up.
        nextReleaseNanos = Math.max(nextReleaseNanos + frameNanos, nowNanos + frameNanos / 2);
        if (count == 0) {
            clockRunning = false;
        }
        return len;
    }

    /** When the next frame is due, or {@link Long#MAX_VALUE} when nothing waits. */
    public long nextDueNanos() {
        return count == 0 ? Long.MAX_VALUE : nextReleaseNanos;
    }

    /**
     * Drops every waiting frame and refuses any later frame of responses up to {@code cancelTag}
     * (they may still be in flight on the backbone).
     *
     * @return how many frames were dropped
     */
    public int flush(int cancelTag) {
        int dropped = count;
        head = 0;
        count = 0;
        writePos = 0;
        clockRunning = false;
        prebuffering = false;
        if (!anyCancelled || cancelTag - cancelledUpToTag > 0) {
            cancelledUpToTag = cancelTag;
            anyCancelled = true;
        }
        return dropped;
    }

    /** True while frames wait or the last released frame is still playing at the client. */
    public boolean speaking(long nowNanos) {
        return count > 0 || (lastReleaseNanos != Long.MIN_VALUE && nowNanos - lastReleaseNanos < frameNanos);
    }

    /** Frames waiting. */
    public int queuedFrames() {
        return count;
    }

    /** The newest response tag seen, or the one being played; meaningful once a frame arrived. */
    public int currentTag() {
        return newestTag;
    }


    /** Milliseconds of {@code responseTag} released so far (what the user heard of it). */
    public long playedMillis(int responseTag) {
        return playedAny && responseTag == playingTag ? playedFramesOfTag * (frameNanos / 1_000_000L) : 0;
    }

    /** The media timestamp of the frame {@link #poll} last returned. */
    public long releasedMediaTs() {
        return releasedMediaTs;
    }

    /** The response tag of the frame {@link #poll} last returned. */
    public int releasedTag() {
        return releasedMediaTag;
    }
}
