package net.voxedge.backbone.tunnel;

/**
 * Probe bookkeeping of one link: when to probe, which probes are pending, and the figures the
 * router wants: RTT (EWMA, gain 1/8), jitter (RFC 3550 estimator J += (|D| - J)/16 applied to
 * successive probe RTTs), loss over the last {@link #WINDOW} resolved probes, and UP/DOWN.
 * DOWN after {@code downAfterLost} consecutive lost probes or {@code idleTimeout} without any
 * authenticated datagram; UP on the next probe reply.
 */
public final class LinkQuality {
    /** Probes remembered for the loss ratio. */
    public static final int WINDOW = 64;
    private static final byte NONE = 0;
    private static final byte PENDING = 1;
    private static final byte ANSWERED = 2;
    private static final byte LOST = 3;

    private final long intervalNanos;
    private final long timeoutNanos;
    private final int downAfterLost;
    private final long idleTimeoutNanos;
    private final long[] sentAt = new long[WINDOW];
    private final int[] ids = new int[WINDOW];
    private final byte[] states = new byte[WINDOW];
    private int nextId;
    private long nextProbeAt;
    private boolean started;
    private long lastHeard;
    private boolean heard;
    private int consecutiveLost;
    private LinkState state = LinkState.DOWN;
    private long rtt;
    private long previousRtt;
    private long jitter;
    private boolean hasRtt;
    private long lostTotal;
    private long sentTotal;

    /** Tracker probing every {@code intervalNanos}; a probe unanswered for {@code timeoutNanos} is lost. */
    public LinkQuality(long intervalNanos, long timeoutNanos, int downAfterLost, long idleTimeoutNanos) {
        this.intervalNanos = intervalNanos;
        this.timeoutNanos = timeoutNanos;
        this.downAfterLost = downAfterLost;
        this.idleTimeoutNanos = idleTimeoutNanos;
    }

    /** True when a probe is due. */
    boolean probeDue(long now) {
        return !started || now - nextProbeAt >= 0;
    }

    /** Registers a probe about to be sent; returns its id. */
    int startProbe(long now) {
        int id = nextId++;
        int slot = id & (WINDOW - 1);
        if (states[slot] == PENDING) {
            markLost(slot); // still unanswered a whole window later
        }
        ids[slot] = id;
        sentAt[slot] = now;
        states[slot] = PENDING;
        started = true;
        nextProbeAt = now + intervalNanos;
        sentTotal++;
        return id;
    }

    /** {@link #onReply}: not a reply to a pending probe (late, duplicated or bogus); ignored. */
    static final int UNMATCHED = -1;
    /** {@link #onReply}: counted. */
    static final int MATCHED = 0;
    /** {@link #onReply}: counted, and the link just went UP. */
    static final int WENT_UP = 1;

    /** A reply arrived; returns {@link #UNMATCHED}, {@link #MATCHED} or {@link #WENT_UP}. */
    int onReply(int id, long originNanos, long now) {
        int slot = id & (WINDOW - 1);
        if (states[slot] != PENDING || ids[slot] != id || sentAt[slot] != originNanos) {
            return UNMATCHED;
        }
        states[slot] = ANSWERED;
        long sample = now - originNanos;
        if (sample < 0) {
            sample = 0;
        }
        if (!hasRtt) {
            rtt = sample;
            hasRtt = true;
        } else {
            long d = Math.abs(sample - previousRtt);
            jitter += (d - jitter) / 16;
            rtt += (sample - rtt) / 8;
        }
        previousRtt = sample;
        consecutiveLost = 0;
        if (state == LinkState.DOWN) {
            state = LinkState.UP;
            return WENT_UP;
        }
        return MATCHED;
    }

    /** Any authenticated datagram arrived. */
    void onHeard(long now) {
        lastHeard = now;
        heard = true;
    }

    /** Expires probes and checks idleness; returns true when the link just went DOWN. */
    boolean onTimeout(long now) {
        for (int i = 0; i < WINDOW; i++) {
            if (states[i] == PENDING && now - sentAt[i] >= timeoutNanos) {
                markLost(i);
            }
        }
        boolean idle = idleTimeoutNanos > 0 && heard && now - lastHeard >= idleTimeoutNanos;
        if (state == LinkState.UP && (consecutiveLost >= downAfterLost || idle)) {
            state = LinkState.DOWN;
            return true;
        }
        return false;
    }

    private void markLost(int slot) {
        states[slot] = LOST;
        consecutiveLost++;
        lostTotal++;
    }

    /** Earliest time something here needs {@link #onTimeout} or a probe. */
    long nextDeadline() {
        long d = started ? nextProbeAt : Long.MIN_VALUE;
        if (!started) {
            return d;
        }
        for (int i = 0; i < WINDOW; i++) {
            if (states[i] == PENDING) {
                d = Math.min(d, sentAt[i] + timeoutNanos);
            }
        }
        if (state == LinkState.UP && idleTimeoutNanos > 0 && heard) {
            d = Math.min(d, lastHeard + idleTimeoutNanos);
        }
        return d;
    }

    /** Link state. */
    public LinkState state() {
        return state;
    }

    /** Smoothed probe RTT in nanoseconds, or -1 before the first reply. */
    public long rttNanos() {
        return hasRtt ? rtt : -1;
    }

    /** Jitter of probe RTTs in nanoseconds. */
    public long jitterNanos() {
        return jitter;
    }

    /** Lost / resolved over the last {@link #WINDOW} probes (pending ones do not count); 0 with none resolved. */
    public double lossRatio() {
        int lost = 0;
        int resolved = 0;
        for (int i = 0; i < WINDOW; i++) {
            if (states[i] == LOST) {
                lost++;
                resolved++;
            } else if (states[i] == ANSWERED) {
                resolved++;
            }
        }
        return resolved == 0 ? 0.0 : (double) lost / resolved;
    }

    /** Probes sent since start. */
    public long probesSent() {
        return sentTotal;
    }

    /** Probes lost since start. */
    public long probesLost() {
        return lostTotal;
    }

    /** Consecutive lost probes right now. */
    public int consecutiveLost() {
        return consecutiveLost;
    }
}
