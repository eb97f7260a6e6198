package net.voxedge.edge.backbone;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongFunction;
import java.util.stream.LongStream;
import net.voxedge.backbone.gateway.AdapterFactory;
import net.voxedge.backbone.gateway.ClusterGateway;
import net.voxedge.backbone.gateway.EdgePeerConfig;
import net.voxedge.backbone.gateway.GatewayConfig;
import net.voxedge.backbone.gateway.PacingSettings;
import net.voxedge.edge.testing.EdgeFixture;

/**
 * The pieces of an edge → real tunnel → real {@link ClusterGateway} chain on loopback, shared by
 * the tests that prove the backbone's promises through the real gateway: an edge daemon in backbone
 * mode on a fixed tunnel port (so that it survives a forwarder restart), gateways that know it by
 * that address, and the user's side of the call.
 */
final class GatewayChain {
    static final byte[] SECRET = HexFormat.of().parseHex("8899aabbccddeeff00112233445566770123456789abcdef");
    /** The edge host as gateways name it. */
    static final String EDGE_NAME = "local-h1";
    /** The first user RTP seq: a run of a few hundred frames crosses the 16-bit wrap. */
    static final int FIRST_SEQ = 65_400;
    static final long FIRST_TS = 1_000_000L;

    private GatewayChain() {
    }

    /** A free loopback UDP port (for the edge's tunnel, which must keep it across a forwarder restart). */
    static int freeUdpPort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** {@code id@ip:port/linkId}, one entry of {@code backbone.clusters}. */
    static String cluster(String id, InetSocketAddress at, int linkId) {
        return id + "@" + at.getAddress().getHostAddress() + ":" + at.getPort() + "/" + linkId;
    }

    /** An edge in backbone mode with its tunnel on {@code tunnelPort}, sending to {@code clusters}. */
    static EdgeFixture startEdge(Path dir, int tunnelPort, String clusters) throws Exception {
        Path key = dir.resolve("link.key");
        Files.writeString(key, HexFormat.of().formatHex(SECRET) + "\n");
        return EdgeFixture.start(edgeSettings(dir, tunnelPort, clusters, "1:file:" + key, 1));
    }

    /** The settings of an edge in backbone mode, as key, value pairs for {@link EdgeFixture}. */
    static String[] edgeSettings(Path dir, int tunnelPort, String clusters, String linkKeys, int currentKeyId) {
        return new String[] {"media.handler", "backbone", "backbone.clusters", clusters,
                "backbone.linkKeys", linkKeys, "backbone.currentKeyId", Integer.toString(currentKeyId),
                "backbone.journal.dir", dir.resolve("journal").toString(), "backbone.bind", "127.0.0.1:" + tunnelPort};
    }

    /** Tunnel datagrams {@code registry}'s links dropped for {@code reason} (e.g. unknown_key, bad_tag). */
    static double tunnelDrops(MeterRegistry registry, String reason) {
        double sum = 0;
        for (FunctionCounter c : registry.find("voxedge.tunnel.drops").tag("reason", reason).functionCounters()) {
            sum += c.count();
        }
        return sum;
    }

    /**
     * A real gateway for cluster {@code cluster} on a free loopback port, with one edge peer at
     * {@code edge} (key id 1, {@link #SECRET}) and its sessions' model connections from {@code models}.
     */
    static ClusterGateway startGateway(String cluster, InetSocketAddress edge, int linkId, String modelUrl,
                                       AdapterFactory models, MeterRegistry registry) throws InterruptedException {
        return startGateway(cluster, edge, linkId, modelUrl, models, registry, 0);
    }

    /** As above, on loopback port {@code port} (a restarted gateway takes its old address). */
    static ClusterGateway startGateway(String cluster, InetSocketAddress edge, int linkId, String modelUrl,
                                       AdapterFactory models, MeterRegistry registry, int port) throws InterruptedException {
        GatewayConfig config = new GatewayConfig(cluster, loopback(port), modelUrl, null, "test-model", null,
                "instructions of " + cluster, 5_000_000L, PacingSettings.DEFAULT,
                List.of(new EdgePeerConfig(EDGE_NAME, edge, linkId, 1, SECRET, "test")), false, "gateway-" + cluster,
                10, null, null);
        return ClusterGateway.start(config, models, registry);
    }

    /** Sends user frames {@code from .. from+count-1} (RTP seq FIRST_SEQ + i, 20 ms apart in media time). */
    static void sendUser(WebRtcTestPeer peer, int from, int count, long pauseMillis, LongFunction<byte[]> payload)
            throws Exception {
        for (int i = from; i < from + count; i++) {
            long ext = FIRST_SEQ + (long) i;
            peer.sendAudio((int) (ext & 0xFFFF), FIRST_TS + 960L * i, WebRtcTestPeer.QUIET, payload.apply(i));
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
        }
    }

    /** The extended seqs the model must see for frames {@code from .. from+count-1}, as the adapter gets them. */
    static List<Long> expectedSeqs(long from, long count) {
        return LongStream.range(FIRST_SEQ + from, FIRST_SEQ + from + count).boxed().toList();
    }

    /** Frames the edge's journal still holds for {@code cluster} (sent and unacknowledged, or not yet read). */
    static double backlog(EdgeFixture edge, String cluster) {
        double sum = 0;
        for (Gauge g : edge.metrics().registry().find("voxedge_journal_backlog_frames").tag("cluster", cluster).gauges()) {
            sum += g.value();
        }
        return sum;
    }

    /** Every retransmission the edge's tunnel links made so far. */
    static double edgeRetransmits(EdgeFixture edge) {
        double sum = 0;
        for (FunctionCounter c : edge.metrics().registry().find("voxedge.tunnel.retransmits").functionCounters()) {
            sum += c.count();
        }
        return sum;
    }
}
