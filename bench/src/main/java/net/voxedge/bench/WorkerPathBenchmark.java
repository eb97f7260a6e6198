package net.voxedge.bench;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import net.voxedge.edge.metrics.PacketClassLabel;
import net.voxedge.edge.session.MediaWorker;
import net.voxedge.edge.srtp.SrtpContext;
import net.voxedge.edge.srtp.SrtpKeyMaterial;
import net.voxedge.edge.srtp.SrtpProfile;
import net.voxedge.edge.stun.IceRoleAttribute;
import net.voxedge.edge.stun.ShortTermCredentialMac;
import net.voxedge.edge.stun.StunMessage;
import net.voxedge.edge.stun.StunMessageWriter;
import net.voxedge.edge.token.RoutingKeys;
import net.voxedge.edge.token.RoutingTokenCodec;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The media worker's whole per-datagram path ({@link MediaWorker#onDatagram}) with real sessions
 * and no sockets: a real {@code SessionManager} answers a recorded Chromium offer, a simulated
 * browser nominates its address with an ICE check and runs a real DTLS-SRTP handshake (BouncyCastle)
 * through the worker, and the worker's sockets are a {@link CapturingSender} (see
 * {@link BenchEdge} for how the event loop is kept out of the way while measuring).
 *
 * <p>What one operation is, in every benchmark: copy one datagram into the worker's scratch array
 * (the copy {@code MediaChannelHandler} makes out of Netty's buffer) and call
 * {@code onDatagram}. Not included: the socket read and write, Netty's {@code DatagramPacket},
 * sender address and pooled buffer per datagram, and the worker's 250 ms timer (consent, RTCP
 * reports) — one run per quarter second for all of a loop's sessions.
 *
 * <ul>
 *   <li>{@code rtpEcho}: an SRTP-protected Opus packet (20-byte header with the audio-level
 *       extension, 160-byte payload) from the bound address: classify, registry lookup by address,
 *       unprotect, RTP parse, receive statistics, echo (SSRC rewrite, protect), send.
 *       Every datagram must be fresh (SRTP's replay window rejects a repeat) and protecting it is
 *       the browser's work, not the edge's. So packets are protected in batches of {@value #BATCH}
 *       by the browser's own {@link SrtpContext} in a {@code Level.Invocation} setup, outside the
 *       timed region, and each invocation feeds one batch to the worker
 *       ({@code @OperationsPerInvocation}): the timed region is exactly the worker path, and an
 *       invocation is long enough (about a millisecond) for per-invocation timing to be exact.
 *       The catch: {@code -prof gc} counts every allocation of the iteration, including the
 *       browser's protect in the setup. The {@link WorkerAllocation} counter
 *       ({@code workerBytesPerPacket}) reads this thread's allocated-bytes counter around the
 *       timed batch only, so it is the worker path's own allocation per packet.</li>
 *   <li>{@code stunConsentCheck}: a binding request from the bound address (a consent check):
 *       parse, registry lookup by address, ICE checks (FINGERPRINT, MESSAGE-INTEGRITY), success
 *       response with XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY and FINGERPRINT, send. The same
 *       request may be replayed: ICE keeps no transaction state.</li>
 *   <li>{@code dropUnknownSource}: RTP-looking garbage from an address no session knows:
 *       classify, registry miss, counted drop.</li>
 *   <li>{@code dropForgedToken}: a binding request from an unknown address whose USERNAME carries
 *       a well-formed routing token signed with the wrong key: parse, token check (HMAC-SHA256),
 *       counted drop. The dearest thing an unauthenticated sender can make the edge do.</li>
 * </ul>
 *
 * <p>After each iteration the edge's own counters must show that every timed datagram took the
 * intended path (answered once, or dropped), and in {@code rtpEcho} the last echo of every batch
 * must decrypt on the browser's side and carry the edge's SSRC; otherwise the run fails.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class WorkerPathBenchmark {

    /** Packets per invocation of {@code rtpEcho}. */
    static final int BATCH = 1024;
    /** Answered calls besides the measured one, so registry maps are not trivially small. */
    static final int BACKGROUND_CALLS = 1000;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** SRTP media from the browser, echoed back. */
    @State(Scope.Thread)
    public static class EchoPath {
        @Param({"AES128_CM_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
        public String profile;

        ConnectedCall c;
        MediaWorker worker;
        InetSocketAddress from;
        private SrtpContext browserOut;
        private SrtpContext browserIn;
        final byte[][] ring = new byte[BATCH][];
        final int[] lengths = new int[BATCH];
        final byte[] scratch = new byte[2048];
        private final byte[] echo = new byte[2048];
        private final byte[] expected = new byte[2048];
        private int seq = 65_000; // crosses the 16-bit wrap (and so the rollover counter) early
        private long timestamp = 0x1234_5678L;
        private EdgeCounters start;

        @Setup(Level.Trial)
        public void setUp() {
            c = new ConnectedCall(BACKGROUND_CALLS);
            worker = c.edge.worker;
            from = c.browserAgain;
            SrtpKeyMaterial keys = c.peer.handshake(c.edge, ConnectedCall.BROWSER, SrtpProfile.valueOf(profile));
            browserOut = SrtpContext.forSending(keys);
            browserIn = SrtpContext.forReceiving(keys);
            for (int i = 0; i < BATCH; i++) {
                ring[i] = new byte[BrowserPeer.RTP_LENGTH + 64];
            }
            awaitFirstEcho();
            c.edge.park();
        }

        /** The edge installs its SRTP keys on its loop just after the handshake: probe until it echoes. */
        private void awaitFirstEcho() {
            byte[] p = new byte[BrowserPeer.RTP_LENGTH + 64];
            for (int attempt = 0; attempt < 200; attempt++) {
                int n = c.peer.writeRtp(p, seq++ & 0xFFFF, timestamp += BrowserPeer.TIMESTAMP_STEP);
                int m = browserOut.protectRtp(p, 0, n);
                c.edge.deliver(Arrays.copyOf(p, m), ConnectedCall.BROWSER);
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
                while (System.nanoTime() < until) {
                    byte[] d;
                    try {
                        d = c.edge.sender.other().poll(10, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    int pt = d == null || d.length < 2 ? -1 : d[1] & 0xFF;
                    if (d == null || (pt >= 192 && pt <= 223)) {
                        continue; // nothing yet, or an RTCP report from the worker's timer
                    }
                    requireEcho(d, 0, d.length);
                    return;
                }
            }
            throw new IllegalStateException("the edge never echoed SRTP after the handshake");
        }

        /**
         * The echo must decrypt with the browser's keys, carry the edge's SSRC, and otherwise be the
         * packet the browser sent with that sequence number and timestamp.
         */
        private void requireEcho(byte[] d, int off, int len) {
            System.arraycopy(d, off, echo, 0, len);
            int n = browserIn.unprotectRtp(echo, 0, len);
            long ssrc = readU32(echo, 8);
            int echoedSeq = (echo[2] & 0xFF) << 8 | (echo[3] & 0xFF);
            c.peer.writeRtp(expected, echoedSeq, readU32(echo, 4));
            boolean sameOtherwise = n == BrowserPeer.RTP_LENGTH
                    && Arrays.equals(echo, 0, 8, expected, 0, 8)
                    && Arrays.equals(echo, 12, n, expected, 12, n);
            if (ssrc != c.call.ssrc() || !sameOtherwise) {
                throw new IllegalStateException("bad echo: unprotect " + n + ", ssrc " + ssrc + " (want "
                        + c.call.ssrc() + "), " + (sameOtherwise ? "content ok" : "content differs"));
            }
        }

        private static long readU32(byte[] b, int off) {
            return (b[off] & 0xFFL) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
        }

        /**
         * The browser checks the last echo of the previous batch (still in the scratch array), then
         * protects the next {@value #BATCH} packets: all outside the timed region. Checking one echo
         * per batch also keeps the browser's receive context within SRTP's rollover-counter
         * estimate (it must see a packet at least every 2^15 sequence numbers).
         */
        @Setup(Level.Invocation)
        public void nextBatch() {
            CapturingSender s = c.edge.sender;
            if (s.lastBuf != null) {
                if (!ConnectedCall.BROWSER.equals(s.lastTo)) {
                    throw new IllegalStateException("echo went to " + s.lastTo);
                }
                requireEcho(s.lastBuf, s.lastOff, s.lastLen);
                s.lastBuf = null;
            }
            for (int i = 0; i < BATCH; i++) {
                int n = c.peer.writeRtp(ring[i], seq++ & 0xFFFF, timestamp += BrowserPeer.TIMESTAMP_STEP);
                lengths[i] = browserOut.protectRtp(ring[i], 0, n);
                if (lengths[i] < 0) {
                    throw new IllegalStateException("browser-side protect failed: " + lengths[i]);
                }
            }
        }

        @Setup(Level.Iteration)
        public void mark() {
            start = EdgeCounters.of(c.edge);
        }

        @TearDown(Level.Iteration)
        public void check() {
            EdgeCounters.of(c.edge).since(start).requireAllAnswered(PacketClassLabel.RTP);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            c.close();
        }
    }

    /**
     * The worker path's own allocation per {@code rtpEcho} packet, from this thread's allocation
     * counter read around each timed batch (so without the browser's protect in the setup).
     *
     * <p>JMH sums an EVENTS counter over the measurement iterations, so each iteration reports
     * its bytes per packet divided by the number of measurement iterations: the Result line (and
     * the table) is the mean over iterations; the per-iteration lines are shares of it.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class WorkerAllocation {
        private long bytes;
        private long packets;
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
            packets = 0;
        }

        public double workerBytesPerPacket() {
            return packets == 0 ? Double.NaN : (double) bytes / packets / iterations;
        }
    }

    /** A consent check from the bound address. */
    @State(Scope.Thread)
    public static class ConsentPath {
        ConnectedCall c;
        MediaWorker worker;
        InetSocketAddress from;
        byte[] request;
        final byte[] scratch = new byte[2048];
        private EdgeCounters start;

        @Setup(Level.Trial)
        public void setUp() {
            c = new ConnectedCall(BACKGROUND_CALLS);
            worker = c.edge.worker;
            from = c.browserAgain;
            // Browsers' consent checks after nomination carry no USE-CANDIDATE.
            request = c.peer.bindingRequest(c.call, false);
            c.edge.park();
        }

        @Setup(Level.Iteration)
        public void mark() {
            start = EdgeCounters.of(c.edge);
        }

        @TearDown(Level.Iteration)
        public void check() {
            EdgeCounters.of(c.edge).since(start).requireAllAnswered(PacketClassLabel.STUN);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            c.close();
        }
    }

    /** Datagrams from an address no session knows. */
    @State(Scope.Thread)
    public static class StrangerPath {
        ConnectedCall c;
        MediaWorker worker;
        final InetSocketAddress from = ConnectedCall.address(new byte[] {(byte) 198, 51, 100, 99}, 40_000);
        byte[] garbage;
        byte[] forgedToken;
        final byte[] scratch = new byte[2048];
        private EdgeCounters start;

        @Setup(Level.Trial)
        public void setUp() {
            c = new ConnectedCall(BACKGROUND_CALLS);
            worker = c.edge.worker;
            garbage = new byte[BrowserPeer.RTP_LENGTH + 10];
            for (int i = 0; i < garbage.length; i++) {
                garbage[i] = (byte) (i * 151 + 7);
            }
            garbage[0] = (byte) 0x80; // an RTP version field, so it is looked up rather than dropped at once
            garbage[1] = 111;
            forgedToken = forgedBindingRequest(c);
            c.edge.park();
        }

        /** Same shape as a real check, but the routing token is signed with a key the edge doesn't have. */
        private static byte[] forgedBindingRequest(ConnectedCall c) {
            byte[] wrongKey = HexFormat.of().parseHex("ff".repeat(32));
            String forgedUfrag = new RoutingTokenCodec(RoutingKeys.of(0, wrongKey))
                    .mint(1, 1, 0x0123_4567_89AB_CDEFL, System.currentTimeMillis() / 1000 + 3600);
            byte[] username = (forgedUfrag + ":" + c.peer.iceUfrag).getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[StunMessage.MAX_DATAGRAM_LENGTH];
            int n = new StunMessageWriter().writeBindingRequest(out, 0, new byte[12], 0, username, 0x6E7F1EFFL,
                    IceRoleAttribute.CONTROLLING, 42, true, ShortTermCredentialMac.create("a-guessed-password-123456"));
            return Arrays.copyOf(out, n);
        }

        @Setup(Level.Iteration)
        public void mark() {
            start = EdgeCounters.of(c.edge);
        }

        @TearDown(Level.Iteration)
        public void check() {
            EdgeCounters.of(c.edge).since(start).requireAllDropped();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            c.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void rtpEcho(EchoPath p, WorkerAllocation a) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        MediaWorker worker = p.worker;
        byte[] scratch = p.scratch;
        for (int i = 0; i < BATCH; i++) {
            int n = p.lengths[i];
            System.arraycopy(p.ring[i], 0, scratch, 0, n);
            worker.onDatagram(scratch, n, p.from, 0);
        }
        a.bytes += THREADS.getCurrentThreadAllocatedBytes() - before;
        a.packets += BATCH;
    }

    @Benchmark
    public void stunConsentCheck(ConsentPath p) {
        System.arraycopy(p.request, 0, p.scratch, 0, p.request.length);
        p.worker.onDatagram(p.scratch, p.request.length, p.from, 0);
    }

    @Benchmark
    public void dropUnknownSource(StrangerPath p) {
        System.arraycopy(p.garbage, 0, p.scratch, 0, p.garbage.length);
        p.worker.onDatagram(p.scratch, p.garbage.length, p.from, 0);
    }

    @Benchmark
    public void dropForgedToken(StrangerPath p) {
        System.arraycopy(p.forgedToken, 0, p.scratch, 0, p.forgedToken.length);
        p.worker.onDatagram(p.scratch, p.forgedToken.length, p.from, 0);
    }
}
