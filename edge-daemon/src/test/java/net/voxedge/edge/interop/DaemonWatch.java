package net.voxedge.edge.interop;

import java.util.function.Supplier;

/**
 * Samples a daemon's {@link DaemonState} every few milliseconds on a background thread while a peer runs (the
 * peers report only when they are done), keeping the largest value of each field seen. Close it to stop.
 */
public final class DaemonWatch implements AutoCloseable {
    private static final long PERIOD_MILLIS = 20;
    private final Supplier<DaemonState> source;
    private final Thread thread;
    private volatile boolean running = true;
    private int maxActive;
    private int maxRegistered;
    private int maxBound;

    private DaemonWatch(Supplier<DaemonState> source) {
        this.source = source;
        this.thread = Thread.ofPlatform().daemon().name("daemon-watch").start(this::loop);
    }

    static DaemonWatch start(Supplier<DaemonState> source) {
        return new DaemonWatch(source);
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample() {
        DaemonState s = source.get();
        maxActive = Math.max(maxActive, s.sessionsActive());
        maxRegistered = Math.max(maxRegistered, s.registered());
        maxBound = Math.max(maxBound, s.boundAddresses());
    }

    /** The peaks seen so far (each field's own maximum; they need not have occurred at the same moment). */
    public synchronized DaemonState peak() {
        return new DaemonState(maxActive, maxRegistered, maxBound);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(1000);
        sample();
    }
}
