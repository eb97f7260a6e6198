package net.voxedge.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import net.voxedge.backbone.tunnel.SendStatus;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What the backbone tunnel ({@code net.voxedge.backbone.tunnel.TunnelLink}, sans-IO) costs per
 * frame on one core, in frames per second: a 160-byte Opus-sized frame, 50 sessions round robin,
 * default link settings, AES-128-GCM through JCA. Sockets are not included (see
 * {@code TunnelHopLatency} for a real UDP hop); the wire is a {@link DatagramQueue} that copies each
 * datagram, as the endpoint copies it into Netty's buffer.
 *
 * <ul>
 *   <li>{@code edgeSend}: the edge's {@code sendMedia} of a reliable user frame: retransmit-buffer
 *       append, frame encoding, header, AES-GCM seal, copy into the sink.</li>
 *   <li>{@code clusterReceive}: the cluster's {@code receive} of such a datagram: header checks,
 *       replay window, AES-GCM open, in-order delivery to a listener that counts, and the cluster's
 *       ACK every 4th frame (encoded and sealed: it is part of what receiving costs).</li>
 *   <li>{@code reliableRoundTrip}: both, and the ACKs back into the edge (which frees the retransmit
 *       buffer), with each link's timer run when due (probes every 500 ms of the hand-moved clock):
 *       the tunnel's whole per-frame work for user audio, both ends on one core.</li>
 *   <li>{@code agentFrame}: a best-effort agent frame cluster → edge: send (no buffer, no ACK) and
 *       receive, both ends.</li>
 * </ul>
 *
 * <p>Keeping the steady state: every frame must be fresh (the replay window rejects a repeat) and
 * every reliable frame must be acknowledged (else the 8192-frame in-flight budget fills and the send
 * returns {@code BACKPRESSURE}). {@code edgeSend} and {@code clusterReceive} therefore time batches of
 * {@value #BATCH} frames ({@code @OperationsPerInvocation}) and do the other side's work in a
 * {@code Level.Invocation} setup, outside the timed region: for {@code edgeSend} the cluster receives
 * the batch and the edge processes its ACKs; for {@code clusterReceive} the edge processes the
 * previous batch's ACKs and sends the next batch. {@code -prof gc} counts the whole iteration, that
 * setup included, so those two report {@code ownBytesPerFrame}: this thread's allocation around the
 * timed batch only. Every iteration ends with {@link LinkPair#requireSteady}: no drops, no
 * retransmissions, no backpressure, every frame delivered.
 *
 *     bin/bench Tunnel -f 1 -wi 3 -i 3 -w 1s -r 1s -prof gc
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class TunnelBenchmark {

    /** Frames per invocation of {@code edgeSend} and {@code clusterReceive}. */
    static final int BATCH = 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** The edge sends a timed batch; the setup lets the cluster receive and acknowledge it. */
    @State(Scope.Thread)
    public static class EdgeSendState {
        LinkPair pair;

        @Setup(Level.Trial)
        public void setUp() {
            pair = new LinkPair(2 * BATCH);
        }

        @Setup(Level.Invocation)
        public void acknowledgePreviousBatch() {
            pair.settle();
        }

        @TearDown(Level.Iteration)
        public void check() {
            pair.settle();
            // after settling, at most the last ackEveryFrames - 1 frames wait for the delayed ACK
            pair.requireSteady(4, 0);
        }
    }

    /** The edge sends the next batch in the setup; the cluster receives it timed. */
    @State(Scope.Thread)
    public static class ClusterReceiveState {
        LinkPair pair;

        @Setup(Level.Trial)
        public void setUp() {
            pair = new LinkPair(2 * BATCH);
        }

        @Setup(Level.Invocation)
        public void nextBatch() {
            pair.toEdge.deliverAll(pair.edge, pair.now); // the previous batch's ACKs free the edge's buffer
            for (int i = 0; i < BATCH; i++) {
                requireSent(pair.sendUser());
            }
        }

        @TearDown(Level.Iteration)
        public void check() {
            pair.toEdge.deliverAll(pair.edge, pair.now);
            pair.requireSteady(BATCH, pair.toCluster.size());
        }
    }

    /** Both links, driven frame by frame. */
    @State(Scope.Thread)
    public static class RoundTripState {
        LinkPair pair;

        @Setup(Level.Trial)
        public void setUp() {
            pair = new LinkPair(64);
        }

        @TearDown(Level.Iteration)
        public void check() {
            pair.requireSteady(4, 0);
        }
    }

    /**
     * This thread's allocated bytes per frame in the timed batches only (the setup's work for the
     * other side excluded). JMH sums the per-iteration values of an EVENTS counter over the
     * measured iterations, so each iteration's value is divided by their number: the total (the
     * table) is the mean over iterations.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class OwnAllocation {
        private long bytes;
        private long frames;
        private int iterations;

        @Setup(Level.Trial)
        public void init(BenchmarkParams params) {
            if (!THREADS.isThreadAllocatedMemorySupported() || !THREADS.isThreadAllocatedMemoryEnabled()) {
                throw new IllegalStateException("this JVM does not count allocated bytes per thread");
            }
            iterations = Math.max(1, params.getMeasurement().getCount());
        }

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
            frames = 0;
        }

        public double ownBytesPerFrame() {
            return frames == 0 ? Double.NaN : (double) bytes / frames / iterations;
        }
    }

    private static void requireSent(SendStatus s) {
        if (s != SendStatus.SENT) {
            throw new IllegalStateException("send returned " + s);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void edgeSend(EdgeSendState s, OwnAllocation a) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        LinkPair pair = s.pair;
        for (int i = 0; i < BATCH; i++) {
            requireSent(pair.sendUser());
        }
        a.bytes += THREADS.getCurrentThreadAllocatedBytes() - before;
        a.frames += BATCH;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long clusterReceive(ClusterReceiveState s, OwnAllocation a) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        LinkPair pair = s.pair;
        int n = pair.toCluster.deliverAll(pair.cluster, pair.now);
        a.bytes += THREADS.getCurrentThreadAllocatedBytes() - before;
        a.frames += n;
        return pair.clusterEvents.payloadCheck;
    }

    @Benchmark
    public long reliableRoundTrip(RoundTripState s) {
        LinkPair pair = s.pair;
        requireSent(pair.sendUser());
        pair.settle();
        return pair.clusterEvents.payloadCheck;
    }

    @Benchmark
    public long agentFrame(RoundTripState s) {
        LinkPair pair = s.pair;
        requireSent(pair.sendAgent());
        pair.settle();
        return pair.edgeEvents.payloadCheck;
    }
}
