package net.voxedge.bench;

import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.voxedge.edge.config.ConfigSource;
import net.voxedge.edge.config.EdgeConfig;
import net.voxedge.edge.metrics.EdgeMetrics;
import net.voxedge.edge.session.MediaWorker;
import net.voxedge.edge.session.SessionManager;
import net.voxedge.edge.signaling.CallService.CallAnswer;
import net.voxedge.edge.signaling.OfferRejectedException;

/**
 * The daemon's session layer as it runs in production, minus the sockets: a real
 * {@link SessionManager} (dev configuration, fixed routing key) with one real {@link MediaWorker}
 * whose event loop is a Netty {@link DefaultEventLoop} and whose sockets are a
 * {@link CapturingSender}.
 *
 * <p>Threading. During setup the worker runs on its loop thread, as in the daemon: datagrams are
 * handed to it with {@link #deliver}, the DTLS handshake thread sends through the sender and
 * hands the SRTP keys back to the loop. {@link #park} then occupies the loop thread with a task
 * that waits for {@link #close}: from that point the loop runs nothing else (not the worker's
 * 250 ms tick, not the unclaimed-session sweep), and the benchmark thread may call
 * {@link MediaWorker#onDatagram} directly, as the only thread touching the worker. The park
 * task's start happens-after every earlier loop task, and the latch hands that on to the caller.
 */
final class BenchEdge implements AutoCloseable {
    /** The address the edge advertises (nothing is bound: the sender stands in for sockets). */
    static final InetSocketAddress EDGE_ADDRESS = new InetSocketAddress("127.0.0.1", 3478);
    /** Routing key 0: fixed, so a benchmark can verify tokens with its own codec. */
    static final byte[] ROUTING_SECRET = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    final EdgeMetrics metrics = new EdgeMetrics();
    final SessionManager manager;
    final CapturingSender sender;
    final MediaWorker worker;
    // A daemon thread: a setup that fails (JMH then skips the teardown) must not keep the fork alive.
    private final DefaultEventLoop loop = new DefaultEventLoop(new DefaultThreadFactory("bench-media", true));
    private final byte[] loopScratch = new byte[2048];
    private final CountDownLatch unpark = new CountDownLatch(1);

    BenchEdge() {
        this(java.util.Map.of());
    }

    /** With {@code extra} settings applied over the benchmark's own (e.g. {@code media.handler}). */
    BenchEdge(java.util.Map<String, String> extra) {
        ConfigSource source = ConfigSource.empty()
                .with("dev", "true", "bench")
                .with("media.bind", "127.0.0.1:3478", "bench")
                .with("media.workers", "1", "bench")
                .with("routing.keys", "0:" + HexFormat.of().formatHex(ROUTING_SECRET), "bench")
                // Nothing may time out under a benchmark: the loop is parked, but be explicit.
                .with("ice.connectTimeoutSeconds", "3600", "bench")
                .with("ice.consentTimeoutSeconds", "3600", "bench")
                .with("sessions.max", "100000", "bench");
        for (var e : extra.entrySet()) {
            source = source.with(e.getKey(), e.getValue(), "bench");
        }
        EdgeConfig config = EdgeConfig.load(source);
        manager = new SessionManager(config, metrics);
        sender = new CapturingSender(loop);
        worker = manager.newWorker(sender);
        manager.mediaReady(List.of(EDGE_ADDRESS));
    }

    /** Answers {@code offerSdp} the way signaling does (a POST /v1/calls). */
    EdgeCall call(String offerSdp) {
        try {
            CallAnswer a = manager.create(offerSdp, "bench");
            return EdgeCall.fromAnswer(a.callId(), a.answerSdp());
        } catch (OfferRejectedException e) {
            throw new IllegalStateException("the edge refused the offer: " + e.getMessage(), e);
        }
    }

    /**
     * Hands a datagram to the worker on its loop, as {@code MediaChannelHandler} does: copied into
     * the loop's scratch array, which has room after it for SRTP to work in place.
     */
    void deliver(byte[] datagram, InetSocketAddress from) {
        byte[] d = datagram.clone();
        loop.execute(() -> {
            System.arraycopy(d, 0, loopScratch, 0, d.length);
            worker.onDatagram(loopScratch, d.length, from, 0);
        });
    }

    /**
     * Stops the loop from running anything and makes the caller the worker's only thread (see the
     * class comment). The sender stops copying.
     */
    void park() {
        CountDownLatch parked = new CountDownLatch(1);
        loop.execute(() -> {
            parked.countDown();
            try {
                unpark.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            if (!parked.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the loop did not park");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        sender.stopRecording();
    }

    @Override
    public void close() {
        unpark.countDown();
        manager.close();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
