package net.voxedge.backbone.gateway;

/**
 * One session's agent frames waiting for their send time, oldest first: a ring of reusable slots,
 * each holding a ready tunnel payload ({@code AgentAudioPayload}: tag + Opus) with its frame index
 * in the response, due time and arrival time. The ring grows by doubling up to {@code maxFrames};
 * once grown, pushing and popping allocate nothing. Not thread-safe.
 */
final class AgentFrameQueue {
    private static final int INITIAL = 64;
    private static final int INITIAL_SLOT_BYTES = 256;

    private final int maxFrames;
    private byte[][] payloads;
    private int[] lengths;
    private int[] tags;
    private int[] frameIndexes;
    private long[] dues;
    private long[] arrivals;
    private int head;
    private int size;

    AgentFrameQueue(int maxFrames) {
        if (maxFrames < 1) {
            throw new IllegalArgumentException("maxFrames must be positive");
        }
        this.maxFrames = maxFrames;
        allocate(Math.min(INITIAL, maxFrames));
    }

    private void allocate(int capacity) {
        payloads = new byte[capacity][];
        lengths = new int[capacity];
        tags = new int[capacity];
        frameIndexes = new int[capacity];
        dues = new long[capacity];
        arrivals = new long[capacity];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    boolean isFull() {
        return size == maxFrames;
    }

    /**
     * Reserves the slot after the newest frame and returns its buffer, at least {@code bytes} long,
     * for the caller to fill; {@link #commit} makes it a queued frame. Returns null when full.
     */
    byte[] reserve(int bytes) {
        if (size == maxFrames) {
            return null;
        }
        if (size == payloads.length) {
            grow();
        }
        int i = index(size);
        if (payloads[i] == null || payloads[i].length < bytes) {
            payloads[i] = new byte[Math.max(bytes, INITIAL_SLOT_BYTES)];
        }
        return payloads[i];
    }

    /** Queues the slot {@link #reserve} returned. */
    void commit(int length, int tag, int frameIndex, long dueNanos, long arrivalNanos) {
        int i = index(size);
        lengths[i] = length;
        tags[i] = tag;
        frameIndexes[i] = frameIndex;
        dues[i] = dueNanos;
        arrivals[i] = arrivalNanos;
        size++;
    }

    private void grow() {
        int n = payloads.length;
        byte[][] p = payloads;
        int[] l = lengths;
        int[] t = tags;
        int[] f = frameIndexes;
        long[] d = dues;
        long[] a = arrivals;
        allocate(Math.min(maxFrames, n * 2));
        for (int k = 0; k < size; k++) {
            int from = (head + k) % n;
            payloads[k] = p[from];
            lengths[k] = l[from];
            tags[k] = t[from];
            frameIndexes[k] = f[from];
            dues[k] = d[from];
            arrivals[k] = a[from];
        }
        head = 0;
    }

    private int index(int k) {
        int i = head + k;
        return i >= payloads.length ? i - payloads.length : i;
    }

    /** Removes the oldest frame. */
    void pop() {
        if (size == 0) {
            return;
        }
        head = index(1);
        size--;
    }

    byte[] headPayload() {
        return payloads[head];
    }

    int headLength() {
        return lengths[head];
    }

    int headTag() {
        return tags[head];
    }

    int headFrameIndex() {
        return frameIndexes[head];
    }

    long headDue() {
        return dues[head];
    }

    long headArrival() {
        return arrivals[head];
    }

    /** Removes every frame of response {@code tag}, keeping the order of the rest; returns how many. */
    int removeTag(int tag) {
        int kept = 0;
        int removed = 0;
        for (int k = 0; k < size; k++) {
            int from = index(k);
            if (tags[from] == tag) {
                removed++;
                continue;
            }
            int to = index(kept);
            if (to != from) {
                // swap buffers so that no slot loses its array
                byte[] b = payloads[to];
                payloads[to] = payloads[from];
                payloads[from] = b;
                lengths[to] = lengths[from];
                tags[to] = tags[from];
                frameIndexes[to] = frameIndexes[from];
                dues[to] = dues[from];
                arrivals[to] = arrivals[from];
            }
            kept++;
        }
        size = kept;
        return removed;
    }

    /** Drops everything; returns how many frames were queued. */
    int clear() {
        int n = size;
        size = 0;
        head = 0;
        return n;
    }
}
