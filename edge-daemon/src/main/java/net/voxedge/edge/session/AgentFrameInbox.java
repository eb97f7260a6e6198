package net.voxedge.edge.session;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A media loop's inbox for agent audio frames that arrive on another thread (the backbone tunnel's):
 * a bounded ring of preallocated slots, so handing a frame to the session's home loop copies it once
 * into a slot and allocates nothing — no per-frame array, no per-frame task. The consumer, the home
 * loop, is woken by one reusable task per inbox, scheduled only when the ring goes from idle to
 * busy, so a burst of frames from one tunnel read costs one wake-up.
 *
 * <p>Producers are serialised by a lock (one tunnel thread in practice: uncontended); the single
 * consumer reads without one. A full ring refuses the frame ({@link #offer} returns false) and the
 * caller falls back to a copying hand-off, so nothing is lost.
 */
public final class AgentFrameInbox {

    /** What the consumer does with each frame, on its own loop; it must not throw. */
    @FunctionalInterface
    public interface Consumer {
        void onFrame(EdgeSession s, byte[] buf, int off, int len, long mediaTs, int responseTag);
    }

    private final int mask;
    private final int stride;
    private final byte[] data;
    private final int[] lengths;
    private final long[] mediaTs;
    private final int[] tags;
    private final EdgeSession[] sessions;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    private final java.util.concurrent.Executor loop;
    private final Consumer consumer;

    /** Written by producers under the lock, read by the consumer: slots below it are published. */
    private volatile long tail;
    /** Written by the consumer only: slots below it are free again. */
    private volatile long head;

    /**
     * @param capacity   slots, a power of two
     * @param maxFrame   the largest frame a slot holds; larger ones are refused
     * @param loop       the consumer's event loop (its {@code execute} runs the drain)
     * @param consumer   called on {@code loop} for every frame, in arrival order
     */
    public AgentFrameInbox(int capacity, int maxFrame, java.util.concurrent.Executor loop, Consumer consumer) {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        if (maxFrame <= 0) {
            throw new IllegalArgumentException("maxFrame must be positive, got " + maxFrame);
        }
        this.mask = capacity - 1;
        this.stride = maxFrame;
        this.data = new byte[capacity * maxFrame];
        this.lengths = new int[capacity];
        this.mediaTs = new long[capacity];
        this.tags = new int[capacity];
        this.sessions = new EdgeSession[capacity];
        this.loop = loop;
        this.consumer = consumer;
    }

    /**
     * Copies a frame into the ring and makes sure the consumer loop will drain it.
     *
     * @return false when the ring is full or the frame is larger than a slot: nothing was taken
     * @throws java.util.concurrent.RejectedExecutionException when the loop is shut down (the frame
     *     stays in the ring and is dropped with it)
     */
    public boolean offer(EdgeSession s, byte[] buf, int off, int len, long ts, int responseTag) {
        if (len < 0 || len > stride) {
            return false;
        }
        synchronized (this) {
            long t = tail;
            if (t - head > mask) {
                return false;
            }
            int i = (int) (t & mask);
            System.arraycopy(buf, off, data, i * stride, len);
            lengths[i] = len;
            mediaTs[i] = ts;
            tags[i] = responseTag;
            sessions[i] = s;
            tail = t + 1;
        }
        if (!scheduled.get() && !scheduled.getAndSet(true)) {
            loop.execute(drainTask);
        }
        return true;
    }

    /** Frames published and not yet drained (approximate while producers run). */
    public int size() {
        return (int) (tail - head);
    }

    private void drain() {
        // Cleared before reading the tail: a frame published after this point either is seen below
        // or finds the flag clear and schedules another drain.
        scheduled.set(false);
        long h = head;
        long t = tail;
        while (h != t) {
            int i = (int) (h & mask);
            EdgeSession s = sessions[i];
            sessions[i] = null;
            consumer.onFrame(s, data, i * stride, lengths[i], mediaTs[i], tags[i]);
            head = ++h;
            if (h == t) {
                t = tail;
            }
        }
    }
}
