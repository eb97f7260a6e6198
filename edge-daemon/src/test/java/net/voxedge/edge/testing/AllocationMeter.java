package net.voxedge.edge.testing;

import java.lang.management.ManagementFactory;

/**
 * Counts the bytes the current thread allocates while running a piece of code, through HotSpot's per-thread
 * allocation counter. Tests use it to pin "this hot path allocates nothing": averaged over many iterations, a
 * per-call allocation (at least 16 bytes) stands out from the counter's one-off noise.
 */
public final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationMeter() {
    }

    /** Runs {@code body} {@code iterations} times after as many warm-up runs; returns bytes allocated per run. */
    public static double bytesPerCall(int iterations, Runnable body) {
        for (int i = 0; i < iterations; i++) {
            body.run();
        }
        long thread = Thread.currentThread().threadId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        for (int i = 0; i < iterations; i++) {
            body.run();
        }
        long after = THREADS.getThreadAllocatedBytes(thread);
        return (after - before) / (double) iterations;
    }
}
