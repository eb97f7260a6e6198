package net.voxedge.bench;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import net.voxedge.edge.srtp.SrtpContext;
import net.voxedge.edge.srtp.SrtpKeyMaterial;
import net.voxedge.edge.srtp.SrtpProfile;
import net.voxedge.edge.stun.IceRoleAttribute;
import net.voxedge.edge.stun.ShortTermCredentialMac;
import net.voxedge.edge.stun.StunMessage;
import net.voxedge.edge.stun.StunMessageClass;
import net.voxedge.edge.stun.StunMessageWriter;
import net.voxedge.edge.stun.StunParseResult;

/**
 * Heap and direct memory per session (issue 6, section 4), measured on the daemon's real session
 * layer: a {@link BenchEdge} (real {@code SessionManager} and {@code MediaWorker}, a capturing
 * sender instead of sockets) takes N offers through {@code SessionManager.create} — what
 * {@code POST /v1/calls} runs — each with its own ICE credentials, and an ICE check from its own
 * address binds each (idle: answered and connected, no DTLS yet). Then the first A sessions
 * complete a real DTLS-SRTP handshake and echo a few seconds' worth of RTP (active). Heap in use
 * after full GCs is read before and after each phase (MemoryMXBean), with the class histogram's
 * difference to show which structures the bytes are in, and the JVM's direct buffer pool.
 *
 * <p>Caveat: sessions enter through the session manager's API, not HTTP and sockets: the HTTP
 * exchange leaves nothing behind per session, and the daemon's sockets and Netty buffers are
 * shared by all sessions, so neither is per-session memory; this makes 10,000 sessions take
 * seconds instead of 10,000 DTLS handshakes over loopback.
 *
 * <pre>java -cp bench/target/benchmarks.jar net.voxedge.bench.SessionMemory [--sessions=10000]
 *     [--active=500] [--packets=100] [--handler=echo|parrot] [--profile=gcm|cm]</pre>
 */
public final class SessionMemory {
    private static final int HISTOGRAM_LINES = 12;

    private SessionMemory() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --key=value, got " + a);
            }
            opts.put(a.substring(2, eq), a.substring(eq + 1));
        }
        int sessions = Integer.parseInt(opts.getOrDefault("sessions", "10000"));
        int active = Math.min(sessions, Integer.parseInt(opts.getOrDefault("active", "500")));
        int packets = Integer.parseInt(opts.getOrDefault("packets", "100"));
        String handler = opts.getOrDefault("handler", "echo");
        SrtpProfile profile = switch (opts.getOrDefault("profile", "gcm")) {
            case "gcm" -> SrtpProfile.AEAD_AES_128_GCM;
            case "cm" -> SrtpProfile.AES128_CM_HMAC_SHA1_80;
            default -> throw new IllegalArgumentException("--profile is gcm or cm");
        };

        BrowserPeer peer = new BrowserPeer();
        // Probes off: a probe is transient garbage, but the capturing sender would keep a copy of each.
        BenchEdge edge = new BenchEdge(Map.of("media.handler", handler, "ice.probeIntervalSeconds", "0"));
        StunMessageWriter writer = new StunMessageWriter();
        List<EdgeCall> calls = new ArrayList<>(sessions);
        List<InetSocketAddress> addresses = new ArrayList<>(sessions);
        List<String> clientUfrags = new ArrayList<>(sessions);
        // Warm the paths once so class loading and JIT metadata do not count as session memory.
        warmUp(edge, peer, writer);

        Snapshot base = Snapshot.take();
        long t0 = System.nanoTime();
        for (int i = 0; i < sessions; i++) {
            String ufrag = String.format(Locale.ROOT, "u%07d", i);
            String pwd = String.format(Locale.ROOT, "p%023d", i);
            calls.add(edge.call(offerWith(peer.offerSdp, ufrag, pwd)));
            clientUfrags.add(ufrag);
            addresses.add(address(i));
        }
        for (int i = 0; i < sessions; i++) {
            nominate(edge, writer, calls.get(i), clientUfrags.get(i), addresses.get(i), i);
        }
        long setupMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        edge.sender.other().clear();
        Snapshot idle = Snapshot.take();

        long t1 = System.nanoTime();
        byte[] rtp = new byte[2048];
        for (int i = 0; i < active; i++) {
            EdgeCall call = calls.get(i);
            // Each browser's checks name its own ufrag; the handshake itself does not depend on it.
            SrtpKeyMaterial keys = peer.handshake(edge, addresses.get(i), profile);
            SrtpContext out = SrtpContext.forSending(keys);
            for (int p = 0; p < packets; p++) {
                int n = peer.writeRtp(rtp, p, p * (long) BrowserPeer.TIMESTAMP_STEP);
                int m = out.protectRtp(rtp, 0, n);
                edge.deliver(Arrays.copyOf(rtp, m), addresses.get(i));
            }
            if (handler.equals("echo")) {
                BrowserPeer.poll(edge.sender.other(), "the echo of " + call.callId());
            }
            edge.sender.dtls().clear();
        }
        // Each session lets go of its DTLS association after the first valid SRTP, reported back to the
        // loop by the handshake thread: wait for all of them (bounded), so none is measured half-released.
        long releaseDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (edge.metrics.dtlsReleasedCount() < active && System.nanoTime() < releaseDeadline) {
            Thread.sleep(5);
        }
        if (edge.metrics.dtlsReleasedCount() < active) {
            System.out.printf(Locale.ROOT, "warning: only %.0f of %d DTLS associations released%n",
                    edge.metrics.dtlsReleasedCount(), active);
        }
        // Everything delivered has been processed once the loop parks; then nothing runs there any more.
        edge.park();
        long activeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);
        edge.sender.other().clear();
        edge.sender.dtls().clear();
        Snapshot act = Snapshot.take();

        System.out.printf(Locale.ROOT, "handler=%s profile=%s sessions=%d active=%d packets/active=%d (%s)%n",
                handler, profile, sessions, active, packets, Runtime.version());
        System.out.printf(Locale.ROOT, "set-up of %d sessions (answer + ICE bind): %d ms; %d handshakes + media: %d ms%n",
                sessions, setupMs, active, activeMs);
        report("idle (answered, ICE-bound)", base, idle, sessions);
        report("active (DTLS-SRTP up, media echoed), extra per active session", idle, act, active);
        long total = (idle.heap - base.heap) + (act.heap - idle.heap) * (long) sessions / Math.max(active, 1);
        System.out.printf(Locale.ROOT, "=> all %d sessions active: %.1f MiB heap, %d B/session (goal <= 16384)%n",
                sessions, total / 1048576.0, total / sessions);
        // Keep the sessions reachable until measured.
        if (calls.size() != sessions) {
            throw new IllegalStateException();
        }
        edge.close();
    }

    private static void warmUp(BenchEdge edge, BrowserPeer peer, StunMessageWriter writer) {
        for (int i = 0; i < 200; i++) {
            String ufrag = String.format(Locale.ROOT, "w%07d", i);
            EdgeCall call = edge.call(offerWith(peer.offerSdp, ufrag, String.format(Locale.ROOT, "w%023d", i)));
            InetSocketAddress a = new InetSocketAddress(addressBytes(250, i), 9);
            nominate(edge, writer, call, ufrag, a, i);
            edge.manager.delete(call.callId(), "bench");
        }
        edge.sender.other().clear();
    }

    private static String offerWith(String offer, String ufrag, String pwd) {
        StringBuilder sb = new StringBuilder(offer.length() + 16);
        for (String line : offer.split("\r\n")) {
            if (line.startsWith("a=ice-ufrag:")) {
                line = "a=ice-ufrag:" + ufrag;
            } else if (line.startsWith("a=ice-pwd:")) {
                line = "a=ice-pwd:" + pwd;
            }
            sb.append(line).append("\r\n");
        }
        return sb.toString();
    }

    private static void nominate(BenchEdge edge, StunMessageWriter writer, EdgeCall call, String clientUfrag,
            InetSocketAddress from, int n) {
        byte[] id = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        for (int i = 0; i < id.length; i++) {
            id[i] = (byte) (n >>> (8 * (i % 4)) ^ i);
        }
        byte[] username = (call.iceUfrag() + ":" + clientUfrag).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[StunMessage.MAX_DATAGRAM_LENGTH];
        int len = writer.writeBindingRequest(out, 0, id, 0, username, 0x6E7F1EFFL, IceRoleAttribute.CONTROLLING,
                0x1122334455667788L, true, ShortTermCredentialMac.create(call.icePwd()));
        edge.deliver(Arrays.copyOf(out, len), from);
        byte[] response = BrowserPeer.poll(edge.sender.other(), "the binding response");
        StunMessage m = new StunMessage();
        if (m.parse(response, 0, response.length) != StunParseResult.OK
                || m.messageClass() != StunMessageClass.SUCCESS_RESPONSE) {
            throw new IllegalStateException("the edge did not accept the check for " + call.callId());
        }
    }

    /** A distinct client address per session: 10.x.y.z, port 40000. */
    private static InetSocketAddress address(int i) {
        return new InetSocketAddress(addressBytes(10, i), 40_000);
    }

    private static InetAddress addressBytes(int first, int i) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) first, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void report(String what, Snapshot from, Snapshot to, int n) {
        long heap = to.heap - from.heap;
        long direct = to.direct - from.direct;
        System.out.printf(Locale.ROOT, "%s: heap %+.2f MiB = %d B/session; direct %+d B = %d B/session%n",
                what, heap / 1048576.0, heap / n, direct, direct / n);
        Map<String, long[]> diff = new HashMap<>();
        to.histogram.forEach((k, v) -> diff.put(k, new long[] {v[0], v[1]}));
        from.histogram.forEach((k, v) -> {
            long[] d = diff.computeIfAbsent(k, x -> new long[2]);
            d[0] -= v[0];
            d[1] -= v[1];
        });
        diff.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[1]))
                .limit(HISTOGRAM_LINES)
                .forEach(e -> System.out.printf(Locale.ROOT, "    %8.1f B/session %7.2f objects/session  %s%n",
                        e.getValue()[1] / (double) n, e.getValue()[0] / (double) n, e.getKey()));
    }

    /** Heap after full GCs, the direct buffer pool, and the live-object class histogram. */
    private record Snapshot(long heap, long direct, Map<String, long[]> histogram) {
        static Snapshot take() throws Exception {
            long heap = Long.MAX_VALUE;
            // The minimum over a few full GCs: a straggling task's garbage must not count.
            for (int i = 0; i < 4; i++) {
                System.gc();
                Thread.sleep(100);
                heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            }
            long direct = 0;
            for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
                if (pool.getName().equals("direct")) {
                    direct = pool.getMemoryUsed();
                }
            }
            String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {null}, new String[] {String[].class.getName()});
            Map<String, long[]> histogram = new HashMap<>();
            for (String line : text.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[0].endsWith(":")) {
                    histogram.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                }
            }
            return new Snapshot(heap, direct, histogram);
        }
    }
}
