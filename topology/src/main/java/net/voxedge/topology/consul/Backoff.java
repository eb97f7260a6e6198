package net.voxedge.topology.consul;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Retry delays that double from a floor to a ceiling, with up to 20 % random spread so clients don't retry in step. */
final class Backoff {

    private final long minMs;
    private final long maxMs;
    private long nextMs;

    Backoff(Duration min, Duration max) {
        this.minMs = Math.max(1, min.toMillis());
        this.maxMs = Math.max(minMs, max.toMillis());
        this.nextMs = minMs;
    }

    /** The delay before the next retry; each call doubles the one after. */
    long nextDelayMs() {
        long base = nextMs;
        nextMs = Math.min(maxMs, nextMs * 2);
        long spread = base / 5;
        return base + (spread > 0 ? ThreadLocalRandom.current().nextLong(spread + 1) : 0);
    }

    void reset() {
        nextMs = minMs;
    }
}
