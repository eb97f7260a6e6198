package net.voxedge.edge.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A virtual-thread-per-task executor, as the daemon uses, that remembers its threads. */
final class TrackingExecutor implements Executor, AutoCloseable {
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final ExecutorService delegate = Executors.newThreadPerTaskExecutor(task -> {
        Thread t = Thread.ofVirtual().name("dtls-endpoint-test").unstarted(task);
        threads.add(t);
        return t;
    });

    @Override
    public void execute(Runnable command) {
        delegate.execute(command);
    }

    /** Waits (bounded, only so a broken build cannot hang) for every thread, then checks none lives. */
    void assertNoThreadLeft() throws InterruptedException {
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(20));
            assertThat(t.isAlive()).as("thread %s still running", t).isFalse();
        }
    }

    @Override
    public void close() {
        delegate.shutdownNow();
    }
}
