package net.voxedge.backbone.adapter;

/**
 * A model that says back what it hears, at once and unchanged: every live user Opus packet comes
 * back as one agent frame of a single endless response. No model server, no transcoding, so a
 * client that times its echoes measures the edge, the backbone and the gateway and nothing else
 * (the geography lab, {@code lab/README.md}). Not for production: it answers every session.
 *
 * <p><b>Only live audio is echoed.</b> Agent audio is played out in real time, one 20 ms frame
 * after the other (the edge's pacer), and an echo comes in exactly as fast as it plays, so a
 * backlog never drains: an echoed burst — the frames held while the session opened, or those
 * released after a stall — would delay every later frame for the rest of the call, a permanent
 * delay that says nothing about the path. The adapter therefore keeps the playout's schedule
 * (each echoed frame plays 20 ms after the previous one, or at once if that time has passed) and
 * does not echo a packet that would wait more than {@code maxBacklogNanos} behind it; such
 * packets count in {@link #framesSkipped()}.
 *
 * <p>Called on the gateway's loop; the listener is called from inside {@link #sendUserAudio}.
 */
public final class EchoModelAdapter implements ModelAdapter {
    /** The one response (and output item) every echoed frame belongs to. */
    public static final String RESPONSE_ID = "echo";

    /** The playout backlog an echoed frame may join, by default: one frame. */
    public static final long DEFAULT_MAX_BACKLOG_NANOS = 20_000_000L;
    private static final long FRAME_NANOS = 20_000_000L;

    private final ModelAdapterListener listener;
    private final java.util.function.LongSupplier clock;
    private final long maxBacklogNanos;
    private long lastSeq = Long.MIN_VALUE;
    private long frames;
    private long skipped;
    private long nextPlayNanos;
    private boolean closed;

    /**
     * @param clock           nanoseconds, monotonic (System::nanoTime; tests drive it by hand)
     * @param maxBacklogNanos a packet that would play later than this after its arrival is not echoed
     */
    public EchoModelAdapter(ModelAdapterListener listener, java.util.function.LongSupplier clock, long maxBacklogNanos) {
        this.listener = listener;
        this.clock = clock;
        this.maxBacklogNanos = maxBacklogNanos;
    }

    @Override
    public void sendUserAudio(byte[] opus, int off, int len, long seq, long mediaTs48k) {
        // The adapter contract: packets not above the last one are dropped; a bad slice is ignored.
        if (closed || seq <= lastSeq || opus == null || off < 0 || len <= 0 || len > opus.length - off) {
            return;
        }
        lastSeq = seq;
        long now = clock.getAsLong();
        long playAt = frames == 0 || nextPlayNanos - now < 0 ? now : nextPlayNanos;
        if (playAt - now > maxBacklogNanos) {
            skipped++;
            return;
        }
        nextPlayNanos = playAt + FRAME_NANOS;
        if (frames == 0) {
            listener.onResponseStarted(RESPONSE_ID);
        }
        long k = frames++;
        listener.onAgentAudio(RESPONSE_ID, RESPONSE_ID, k * 20, k * 960, opus, off, len);
    }

    /** A barge-in has nothing to stop: the next user packet is echoed as before. */
    @Override
    public void cancel(String itemId, long playedMs) {
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            listener.onClosed("closed");
        }
    }

    /** User packets not echoed because the playout was already that far behind. */
    public long framesSkipped() {
        return skipped;
    }

    /** Frames echoed so far. */
    public long framesEchoed() {
        return frames;
    }
}
