package net.voxedge.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import net.voxedge.backbone.tunnel.DropReason;
import net.voxedge.backbone.tunnel.LinkKeys;
import net.voxedge.backbone.tunnel.LinkRole;
import net.voxedge.backbone.tunnel.SendStatus;
import net.voxedge.backbone.tunnel.TunnelLink;
import net.voxedge.backbone.tunnel.TunnelLinkConfig;
import net.voxedge.backbone.tunnel.TunnelListener;
import net.voxedge.backbone.tunnel.io.TunnelEndpoint;
import org.HdrHistogram.Recorder;

/**
 * The tunnel hop: two {@link TunnelEndpoint}s on loopback (an edge and a cluster, each with its own
 * event loop and UDP socket, default link settings, 1 ms timer tick as the daemons use). The edge
 * sends reliable user-audio frames on its event loop, as the edge daemon's forwarder does: the
 * frames due at one pacing tick are sent in one {@link TunnelEndpoint#execute} task (flushed to the
 * socket when the task ends), each stamped just before its {@code sendMedia}. The cluster records
 * the delay when the frame reaches its listener, in seq order. ACKs flow back as in production.
 */
final class TunnelHop implements LatencyHop {
    private static final int SESSIONS = 50;
    private static final int LINK_ID = 11;
    private static final long TICK_NANOS = 1_000_000L;

    private final TunnelEndpoint edgeEndpoint;
    private final TunnelEndpoint clusterEndpoint;
    private final TunnelLink edgeLink;
    private final TunnelLink clusterLink;
    private final byte[] payload = new byte[PAYLOAD];
    private final int[] seqs = new int[SESSIONS];
    private int nextSession;
    private volatile long received;
    private volatile long refused;

    TunnelHop(Recorder recorder) throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        edgeEndpoint = TunnelEndpoint.bind(loopback, registry, TICK_NANOS);
        clusterEndpoint = TunnelEndpoint.bind(loopback, registry, TICK_NANOS);
        byte[] secret = "voxedge tunnel latency secret".getBytes(StandardCharsets.US_ASCII);
        long epoch = System.currentTimeMillis();
        TunnelListener recording = new TunnelListener() {
            @Override
            public void onMedia(long session, int stream, int seq, int ts, int flags, byte[] buf, int off, int len) {
                long now = System.nanoTime();
                if (len >= Long.BYTES) {
                    recorder.recordValue(Math.max(0, now - getLong(buf, off)));
                    received++; // one writer: the cluster's event loop
                }
            }
        };
        clusterLink = clusterEndpoint.addPeer("edge", edgeEndpoint.localAddress(),
                TunnelLinkConfig.defaults(LinkRole.CLUSTER, LINK_ID, epoch), keys(LinkRole.CLUSTER, secret), recording);
        edgeLink = edgeEndpoint.addPeer("cluster", clusterEndpoint.localAddress(),
                TunnelLinkConfig.defaults(LinkRole.EDGE, LINK_ID, epoch), keys(LinkRole.EDGE, secret),
                new TunnelListener() { });
    }

    private static LinkKeys keys(LinkRole role, byte[] secret) {
        LinkKeys k = new LinkKeys(role, LINK_ID);
        k.install(0, secret);
        k.activate(0);
        return k;
    }

    private static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    @Override
    public String name() {
        return "tunnel";
    }

    @Override
    public void send(int count) {
        edgeEndpoint.execute(() -> {
            for (int i = 0; i < count; i++) {
                int s = nextSession;
                nextSession = s + 1 == SESSIONS ? 0 : s + 1;
                int seq = seqs[s]++;
                long now = System.nanoTime();
                putLong(payload, 0, now);
                SendStatus st = edgeLink.sendMedia(0x5E55_0000_0000_0000L + s, 0, seq, seq * 960, 0, payload, 0,
                        PAYLOAD, true, now);
                if (st != SendStatus.SENT) {
                    refused++; // one writer: the edge's event loop
                    seqs[s]--;
                }
            }
        });
    }

    @Override
    public long received() {
        return received;
    }

    @Override
    public String notes() {
        long retransmits = edgeEndpoint.call(edgeLink::retransmits);
        long givenUp = edgeEndpoint.call(edgeLink::framesLost);
        String drops = clusterEndpoint.call(() -> {
            StringBuilder d = new StringBuilder();
            for (DropReason r : DropReason.values()) {
                if (clusterLink.drops(r) > 0) {
                    d.append(' ').append(r).append('=').append(clusterLink.drops(r));
                }
            }
            return d.toString();
        });
        long delivered = clusterEndpoint.call(clusterLink::framesDelivered);
        StringBuilder b = new StringBuilder();
        if (refused > 0) {
            b.append("sends refused ").append(refused).append(' ');
        }
        if (retransmits > 0) {
            b.append("retransmissions ").append(retransmits).append(' ');
        }
        if (givenUp > 0) {
            b.append("frames given up ").append(givenUp).append(' ');
        }
        if (!drops.isEmpty()) {
            b.append("cluster drops").append(drops).append(' ');
        }
        if (delivered != received) {
            b.append("delivered ").append(delivered).append(" but recorded ").append(received);
        }
        return b.toString().trim();
    }

    @Override
    public void close() {
        edgeEndpoint.close();
        clusterEndpoint.close();
    }
}
