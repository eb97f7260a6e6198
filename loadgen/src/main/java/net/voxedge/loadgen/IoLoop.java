package net.voxedge.loadgen;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.HdrHistogram.SingleWriterRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One generator thread: a {@link Selector} over the UDP sockets of the sessions it owns, and a
 * timer wheel that gives each session one tick every 20 ms, the Opus packet cadence. The wheel has
 * {@link #SLOTS} one-millisecond slots; sessions are spread over them so the loop sends a steady
 * trickle rather than one burst every 20 ms. A tick that comes due late still runs (catch-up), and
 * how late it ran is recorded: if that lateness grows, the generator is the bottleneck, not the
 * server.
 *
 * <p>Everything a session does happens on its loop's thread; other threads hand work over with
 * {@link #execute}. The receive and send buffers are the loop's, reused for every packet.
 */
public final class IoLoop implements AutoCloseable {
    /** Wheel slots: one per millisecond of the 20 ms cadence. */
    public static final int SLOTS = 20;
    private static final long SLOT_NANOS = 1_000_000L;
    private static final Logger log = LoggerFactory.getLogger(IoLoop.class);

    /** What the loop drives: a UDP socket's owner. Callbacks run on the loop thread and must not throw. */
    public interface Endpoint {
        /** The endpoint's socket is readable: read until it is empty. */
        void onReadable(IoLoop loop, long nowNanos);

        /** The endpoint's tick, every 20 ms. @return false to leave the wheel */
        boolean onTick(IoLoop loop, long nowNanos);
    }

    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    @SuppressWarnings("unchecked")
    private final List<Endpoint>[] wheel = new List[SLOTS];
    private final Thread thread;
    private volatile boolean running = true;
    private int nextSlot;

    /** Receive scratch, reused for every datagram. */
    final byte[] rx = new byte[2048];
    final ByteBuffer rxBuffer = ByteBuffer.wrap(rx);
    /** Send scratch, reused for every datagram. */
    final byte[] tx = new byte[2048];
    final ByteBuffer txBuffer = ByteBuffer.wrap(tx);

    /** Echo round-trip times in microseconds (written by this loop only). */
    final SingleWriterRecorder rttMicros = new SingleWriterRecorder(3);
    /** How late wheel ticks ran, in microseconds. */
    final SingleWriterRecorder tickLateMicros = new SingleWriterRecorder(3);

    // Single writer (this loop); read by the progress line.
    volatile long packetsOut;
    volatile long packetsIn;
    volatile long errors;

    public IoLoop(String name) throws IOException {
        this.selector = Selector.open();
        for (int i = 0; i < SLOTS; i++) {
            wheel[i] = new ArrayList<>();
        }
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
        thread.start();
    }

    /** Runs {@code task} on the loop thread soon. */
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Whether the caller is this loop's thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Registers {@code channel} for reads and puts {@code endpoint} on the wheel. Loop thread only. */
    void register(DatagramChannel channel, Endpoint endpoint) throws IOException {
        channel.register(selector, SelectionKey.OP_READ, endpoint);
        wheel[nextSlot].add(endpoint);
        nextSlot = (nextSlot + 1) % SLOTS;
    }

    private void run() {
        long start = System.nanoTime();
        long tick = 0;
        while (running) {
            try {
                long now = System.nanoTime();
                long waitNanos = start + (tick + 1) * SLOT_NANOS - now;
                if (waitNanos > 0 && tasks.isEmpty()) {
                    selector.select(Math.max(1, waitNanos / 1_000_000));
                } else {
                    selector.selectNow();
                }
                now = System.nanoTime();
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (k.isValid() && k.isReadable()) {
                        ((Endpoint) k.attachment()).onReadable(this, now);
                    }
                }
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                now = System.nanoTime();
                while (now - (start + (tick + 1) * SLOT_NANOS) >= 0) {
                    tick++;
                    long due = start + tick * SLOT_NANOS;
                    tickLateMicros.recordValue(Math.max(0, (now - due) / 1000));
                    List<Endpoint> slot = wheel[(int) (tick % SLOTS)];
                    int kept = 0;
                    for (int i = 0; i < slot.size(); i++) {
                        Endpoint e = slot.get(i);
                        if (e.onTick(this, now)) {
                            slot.set(kept++, e);
                        }
                    }
                    while (slot.size() > kept) {
                        slot.remove(slot.size() - 1);
                    }
                }
            } catch (Throwable t) {
                // A bug in one session must not stop the others: count it, say it, go on.
                errors = errors + 1;
                log.warn("generator loop error", t);
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
