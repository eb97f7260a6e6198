package net.voxedge.edge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AgentFrameInboxTest {

    /** An executor that only queues: the test runs the loop's tasks by hand. */
    private static final class ManualLoop implements java.util.concurrent.Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable r) {
            tasks.add(r);
        }

        int runAll() {
            int n = 0;
            for (Runnable r; (r = tasks.poll()) != null; n++) {
                r.run();
            }
            return n;
        }
    }

    private record Frame(byte[] bytes, long ts, int tag) {
    }

    @Test
    void framesArriveInOrderWithTheirBytesAndOneWakeUpPerBurst() {
        ManualLoop loop = new ManualLoop();
        List<Frame> got = new ArrayList<>();
        AgentFrameInbox inbox = new AgentFrameInbox(16, 100, loop,
                (s, b, off, len, ts, tag) -> got.add(new Frame(java.util.Arrays.copyOfRange(b, off, off + len), ts, tag)));
        byte[] reused = new byte[120];
        for (int i = 0; i < 10; i++) {
            java.util.Arrays.fill(reused, (byte) i);
            assertThat(inbox.offer(null, reused, 5, 20 + i, 960L * i, i % 3)).isTrue();
        }
        java.util.Arrays.fill(reused, (byte) 99); // the caller reuses its buffer at once
        assertThat(loop.tasks).hasSize(1);
        assertThat(inbox.size()).isEqualTo(10);
        assertThat(loop.runAll()).isEqualTo(1);
        assertThat(got).hasSize(10);
        for (int i = 0; i < 10; i++) {
            Frame f = got.get(i);
            assertThat(f.bytes()).hasSize(20 + i).containsOnly((byte) i);
            assertThat(f.ts()).isEqualTo(960L * i);
            assertThat(f.tag()).isEqualTo(i % 3);
        }
        assertThat(inbox.size()).isZero();
        assertThat(inbox.offer(null, reused, 0, 1, 0, 0)).isTrue();
        assertThat(loop.tasks).as("a new burst schedules a new drain").hasSize(1);
    }

    @Test
    void aFullRingAndAnOversizedFrameAreRefusedAndNothingIsLostOnceDrained() {
        ManualLoop loop = new ManualLoop();
        List<Integer> got = new ArrayList<>();
        AgentFrameInbox inbox = new AgentFrameInbox(4, 8, loop, (s, b, off, len, ts, tag) -> got.add((int) ts));
        byte[] buf = new byte[16];
        for (int i = 0; i < 4; i++) {
            assertThat(inbox.offer(null, buf, 0, 8, i, 0)).isTrue();
        }
        assertThat(inbox.offer(null, buf, 0, 8, 4, 0)).as("full").isFalse();
        assertThat(inbox.offer(null, buf, 0, 9, 5, 0)).as("larger than a slot").isFalse();
        assertThat(inbox.offer(null, buf, 0, -1, 5, 0)).isFalse();
        loop.runAll();
        assertThat(got).containsExactly(0, 1, 2, 3);
        assertThat(inbox.offer(null, buf, 0, 8, 6, 0)).isTrue();
        loop.runAll();
        assertThat(got).containsExactly(0, 1, 2, 3, 6);
    }

    @Test
    void badSizesAreRefusedAtConstruction() {
        assertThatThrownBy(() -> new AgentFrameInbox(3, 8, Runnable::run, (s, b, o, l, t, g) -> { }))
                .hasMessageContaining("power of two");
        assertThatThrownBy(() -> new AgentFrameInbox(4, 0, Runnable::run, (s, b, o, l, t, g) -> { }))
                .hasMessageContaining("maxFrame");
    }

    @Test
    void aProducerThreadAndTheLoopLoseNothingAndKeepOrder() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor();
        int n = 200_000;
        long[] seen = new long[1];
        long[] outOfOrder = new long[1];
        Thread[] consumerThread = new Thread[1];
        AgentFrameInbox inbox = new AgentFrameInbox(64, 8, loop, (s, b, off, len, ts, tag) -> {
            consumerThread[0] = Thread.currentThread();
            long v = ByteBuffer.wrap(b, off, len).getLong();
            if (v != seen[0] || ts != v) {
                outOfOrder[0]++;
            }
            seen[0] = v + 1;
        });
        byte[] buf = new byte[8];
        long refused = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (long i = 0; i < n && System.nanoTime() < deadline; ) {
            ByteBuffer.wrap(buf).putLong(i);
            if (inbox.offer(null, buf, 0, 8, i, 0)) {
                i++;
            } else {
                refused++;
                Thread.onSpinWait();
            }
        }
        loop.submit(() -> { }).get(10, TimeUnit.SECONDS);
        loop.shutdown();
        assertThat(loop.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        // the executor's termination orders the consumer's writes before these reads
        assertThat(seen[0]).as("frames delivered (%d offers refused while the ring was full)", refused).isEqualTo(n);
        assertThat(outOfOrder[0]).isZero();
        assertThat(consumerThread[0]).isNotSameAs(Thread.currentThread());
    }

    @Test
    void handingAFrameAllocatesNothingAfterWarmUp() {
        ManualLoop loop = new ManualLoop();
        long[] sum = new long[1];
        AgentFrameInbox inbox = new AgentFrameInbox(256, 160, loop, (s, b, off, len, ts, tag) -> sum[0] += len);
        byte[] buf = new byte[160];
        for (int i = 0; i < 20_000; i++) { // warm-up: JIT, the manual loop's deque growth
            inbox.offer(null, buf, 0, 120, i, 0);
            if ((i & 31) == 31) {
                loop.runAll();
            }
        }
        loop.runAll();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(tid);
        int frames = 10_000;
        for (int i = 0; i < frames; i++) {
            inbox.offer(null, buf, 0, 120, i, 0);
            if ((i & 31) == 31) {
                loop.runAll();
            }
        }
        loop.runAll();
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        // The old hand-off allocated a copy of the frame and a task per frame (>= 150 B each, so
        // >= 1.5 MB here); a few hundred bytes of measurement noise are allowed.
        assertThat(allocated).as("bytes allocated over %d frames", frames).isLessThan(4_096);
        assertThat(sum[0]).isEqualTo(120L * (20_000 + frames));
    }
}
