package net.voxedge.edge.session;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.voxedge.edge.config.EdgeConfig;
import net.voxedge.edge.metrics.EdgeMetrics;
import net.voxedge.edge.testing.EdgeFixture;
import net.voxedge.edge.transport.DatagramSender;

/**
 * A real {@link SessionManager} and {@link MediaWorker} on a Netty {@link DefaultEventLoop}, with
 * a sender that records instead of sockets: the whole packet path of a session, in process and
 * deterministic. Datagrams go in through {@link #deliver} on the loop, as the IO layer hands them
 * over; {@link #drain} returns once everything delivered before it has been processed (the loop
 * runs its tasks in order).
 */
final class WorkerHarness implements AutoCloseable {
    static final InetSocketAddress EDGE = new InetSocketAddress("127.0.0.1", 3478);

    final DefaultEventLoop loop = new DefaultEventLoop();
    final EdgeMetrics metrics = new EdgeMetrics();
    final SessionManager manager;
    final RecordingSender sender = new RecordingSender(loop);
    final MediaWorker worker;
    private final byte[] scratch = new byte[2048];

    /** @param overrides setting {@code key, value} pairs over {@link EdgeFixture#config}'s */
    WorkerHarness(String... overrides) throws Exception {
        String[] all = Arrays.copyOf(overrides, overrides.length + 2);
        all[overrides.length] = "ice.probeIntervalSeconds";
        all[overrides.length + 1] = "0";
        manager = new SessionManager(EdgeConfig.load(EdgeFixture.config(all)), metrics);
        worker = onLoop(() -> manager.newWorker(sender));
        manager.mediaReady(List.of(EDGE));
    }

    /** Hands {@code datagram} to the worker on its loop, copied into a scratch array with room after it. */
    void deliver(byte[] datagram, InetSocketAddress from) {
        byte[] d = datagram.clone();
        loop.execute(() -> {
            System.arraycopy(d, 0, scratch, 0, d.length);
            worker.onDatagram(scratch, d.length, from, 0);
        });
    }

    /** Returns once every task queued on the loop before this call has run. */
    void drain() throws Exception {
        onLoop(() -> null);
    }

    /** The sum of the drop counters for {@code reasons}. */
    double drops(net.voxedge.edge.metrics.DropReason... reasons) {
        double sum = 0;
        for (var r : reasons) {
            sum += metrics.dropCount(r);
        }
        return sum;
    }

    <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        manager.close();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }

    /** Records every datagram the worker sends, by kind (RFC 7983 first byte), with its destination. */
    static final class RecordingSender implements DatagramSender {
        record Sent(byte[] bytes, InetSocketAddress to) {
        }

        private final EventLoop loop;
        final BlockingQueue<Sent> stun = new LinkedBlockingQueue<>();
        final BlockingQueue<Sent> dtls = new LinkedBlockingQueue<>();
        final BlockingQueue<Sent> media = new LinkedBlockingQueue<>();
        /** Every DTLS datagram ever sent, in order (the queue above is consumed by the client). */
        final List<byte[]> allDtls = java.util.Collections.synchronizedList(new ArrayList<>());

        RecordingSender(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public EventLoop loop() {
            return loop;
        }

        /** When false, sends are only counted (no copy): for measuring the worker's own allocation. */
        volatile boolean recording = true;
        long counted;

        @Override
        public void send(int socket, byte[] buf, int off, int len, InetSocketAddress to) {
            if (!recording) {
                counted++;
                return;
            }
            byte[] copy = Arrays.copyOfRange(buf, off, off + len);
            int first = len > 0 ? copy[0] & 0xFF : -1;
            if (first >= 0 && first <= 3) {
                stun.add(new Sent(copy, to));
            } else if (first >= 20 && first <= 63) {
                allDtls.add(copy);
                dtls.add(new Sent(copy, to));
            } else {
                media.add(new Sent(copy, to));
            }
        }

        @Override
        public int socketFor(InetSocketAddress to, int hint) {
            return Math.max(hint, 0);
        }
    }
}
