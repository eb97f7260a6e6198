package net.voxedge.edge.interop;

import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures how late the daemon's media event loops run a task handed to them, while a test runs: every
 * {@value #PERIOD_MILLIS} ms a no-op is submitted to each loop and the delay until it runs is kept (the maximum).
 * A loop that is busy or starved of CPU delays every packet it owns by as much, so this tells the daemon's own
 * queueing apart from the browser's when round-trip times grow.
 */
public final class LoopLatencyProbe implements AutoCloseable {
    private static final long PERIOD_MILLIS = 20;
    private final List<EventLoop> loops;
    private final AtomicLong maxNanos = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private LoopLatencyProbe(List<EventLoop> loops) {
        this.loops = loops;
        this.thread = Thread.ofPlatform().daemon().name("loop-latency-probe").start(this::loop);
    }

    /** Starts probing {@code loops}. */
    public static LoopLatencyProbe start(List<EventLoop> loops) {
        return new LoopLatencyProbe(List.copyOf(loops));
    }

    private void loop() {
        while (running) {
            for (EventLoop l : loops) {
                long submitted = System.nanoTime();
                try {
                    l.execute(() -> {
                        long late = System.nanoTime() - submitted;
                        maxNanos.accumulateAndGet(late, Math::max);
                        samples.incrementAndGet();
                    });
                } catch (RejectedExecutionException e) {
                    return;
                }
            }
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The longest a probe task waited for its loop, in milliseconds. */
    public double maxMillis() {
        return maxNanos.get() / 1e6;
    }

    /** How many probe tasks ran. */
    public long samples() {
        return samples.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(1000);
    }
}
