package net.voxedge.edge.backbone;

import static net.voxedge.edge.backbone.GatewayChain.FIRST_SEQ;
import static net.voxedge.edge.backbone.GatewayChain.backlog;
import static net.voxedge.edge.backbone.GatewayChain.cluster;
import static net.voxedge.edge.backbone.GatewayChain.expectedSeqs;
import static net.voxedge.edge.backbone.GatewayChain.sendUser;
import static net.voxedge.edge.backbone.GatewayChain.tunnelDrops;
import static net.voxedge.edge.testing.EdgeFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import net.voxedge.backbone.gateway.ClusterGateway;
import net.voxedge.backbone.gateway.GatewayConfig;
import net.voxedge.backbone.gateway.GatewayConfigException;
import net.voxedge.edge.config.EdgeConfig;
import net.voxedge.edge.testing.EdgeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tunnel key rotation without a restart, from configuration files, through a real edge and a real
 * gateway while a session streams: the three steps of PROTOCOL.md section 2 (install the new key
 * id on both ends, activate it on each, retire the old one), each a file change plus the reload
 * that SIGHUP runs ({@code BackboneUplink.reloadLinkKeys} with a re-read edge configuration,
 * {@code ClusterGateway.reloadKeys} with a re-read gateway file). Every user frame reaches the
 * model, in order, once; no datagram is refused for its key; both ends end up sealing with the new
 * key; a bad reload is refused and changes nothing.
 */
class GatewayKeyRotationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int LINK = 401;
    private static final byte[] OLD = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233");
    private static final byte[] NEW = HexFormat.of().parseHex("f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3");

    @TempDir
    Path dir;

    private Path gatewayFile;
    private int edgePort;
    private String clusters;

    private static byte[] payload(long i) {
        return WebRtcTestPeer.userPayload(FIRST_SEQ + i);
    }

    /** Writes the gateway's file: sealing with {@code keyId}, also accepting {@code acceptId} (or none when -1). */
    private GatewayConfig gatewayConfig(int keyId, int acceptId) throws Exception {
        String accept = acceptId < 0 ? "" : ", accept-keys = [ { key-id = %d, secret { file = k%d.key } } ]"
                .formatted(acceptId, acceptId);
        Files.writeString(gatewayFile, """
                gateway {
                  cluster = c1
                  bind = "127.0.0.1:0"
                  model-url = "ws://127.0.0.1:1/unused"
                  registry { enabled = false }
                  edges = [ { name = %s, address = "127.0.0.1:%d", link-id = %d, key-id = %d, secret { file = k%d.key }%s } ]
                }
                """.formatted(GatewayChain.EDGE_NAME, edgePort, LINK, keyId, keyId, accept));
        return GatewayConfig.load(gatewayFile, Map.of());
    }

    /** The edge's backbone settings as a re-read configuration gives them (what SIGHUP loads). */
    private BackboneSettings edgeSettings(String linkKeys, int current) {
        String[] s = GatewayChain.edgeSettings(dir, edgePort, clusters, linkKeys, current);
        return EdgeConfig.load(EdgeFixture.config(s)).backbone();
    }

    @Test
    void keysRotateInThreeReloadsWhileASessionStreamsAndEveryFrameArrives() throws Exception {
        Files.writeString(dir.resolve("k1.key"), HexFormat.of().formatHex(OLD) + "\n");
        Files.writeString(dir.resolve("k2.key"), HexFormat.of().formatHex(NEW) + "\n");
        String k1 = "1:file:" + dir.resolve("k1.key");
        String k2 = "2:file:" + dir.resolve("k2.key");
        gatewayFile = dir.resolve("gateway.conf");
        edgePort = GatewayChain.freeUdpPort();
        SimpleMeterRegistry gwRegistry = new SimpleMeterRegistry();
        CountingAdapter.Factory models = new CountingAdapter.Factory();
        try (ClusterGateway gw = ClusterGateway.start(gatewayConfig(1, -1), models, gwRegistry)) {
            clusters = cluster("c1", gw.localAddress(), LINK);
            try (EdgeFixture edge = EdgeFixture.start(GatewayChain.edgeSettings(dir, edgePort, clusters, k1, 1))) {
                BackboneUplink uplink = edge.daemon().backbone();
                await("link up", WAIT, () -> uplink.clusterUp(0));
                try (WebRtcTestPeer peer = WebRtcTestPeer.connect(edge)) {
                    await("the session's model", WAIT, () -> !models.opened.isEmpty());
                    CountingAdapter model = models.opened.getFirst();
                    sendUser(peer, 0, 50, 2, GatewayKeyRotationTest::payload);
                    awaitAll(edge, model, 50);

                    // 1: both ends install key 2 (still sealing with 1)
                    gw.reloadKeys(gatewayConfig(1, 2));
                    BackboneSettings both1 = edgeSettings(k1 + "," + k2, 1);
                    uplink.reloadLinkKeys(both1.linkKeys(), both1.currentKeyId());
                    sendUser(peer, 50, 50, 2, GatewayKeyRotationTest::payload);
                    awaitAll(edge, model, 100);
                    assertThat(gw.currentKeyId(GatewayChain.EDGE_NAME)).isEqualTo(1);

                    // 2: each end seals with key 2 (the other already accepts it)
                    BackboneSettings both2 = edgeSettings(k1 + "," + k2, 2);
                    uplink.reloadLinkKeys(both2.linkKeys(), both2.currentKeyId());
                    gw.reloadKeys(gatewayConfig(2, 1));
                    sendUser(peer, 100, 50, 2, GatewayKeyRotationTest::payload);
                    awaitAll(edge, model, 150); // acknowledged: datagrams under key 2 went both ways

                    // 3: both retire key 1
                    BackboneSettings only2 = edgeSettings(k2, 2);
                    uplink.reloadLinkKeys(only2.linkKeys(), only2.currentKeyId());
                    gw.reloadKeys(gatewayConfig(2, -1));
                    sendUser(peer, 150, 50, 2, GatewayKeyRotationTest::payload);
                    awaitAll(edge, model, 200);

                    assertThat(model.seqs()).isEqualTo(expectedSeqs(0, 200));
                    assertThat(models.opened).hasSize(1);
                    assertThat(uplink.currentLinkKeyId()).isEqualTo(2);
                    assertThat(gw.currentKeyId(GatewayChain.EDGE_NAME)).isEqualTo(2);
                    for (String reason : new String[] {"unknown_key", "bad_tag"}) {
                        assertThat(tunnelDrops(edge.metrics().registry(), reason)).as("edge drops: %s", reason).isZero();
                        assertThat(tunnelDrops(gwRegistry, reason)).as("gateway drops: %s", reason).isZero();
                    }

                    // A bad reload is refused with its reason and the keys stay.
                    assertThatThrownBy(() -> uplink.reloadLinkKeys(only2.linkKeys(), 3))
                            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("current key id 3");
                    assertThat(uplink.currentLinkKeyId()).isEqualTo(2);
                    Files.writeString(gatewayFile, Files.readString(gatewayFile).replace("link-id = " + LINK, "link-id = 402"));
                    GatewayConfig otherLink = GatewayConfig.load(gatewayFile, Map.of());
                    assertThatThrownBy(() -> gw.reloadKeys(otherLink)).isInstanceOf(GatewayConfigException.class)
                            .hasMessageContaining("restart to change edges");
                    assertThat(gw.currentKeyId(GatewayChain.EDGE_NAME)).isEqualTo(2);
                    sendUser(peer, 200, 10, 2, GatewayKeyRotationTest::payload);
                    awaitAll(edge, model, 210);
                    assertThat(model.seqs()).isEqualTo(expectedSeqs(0, 210));
                }
            }
        }
    }

    private static void awaitAll(EdgeFixture edge, CountingAdapter model, int n) {
        await(n + " frames at the model, acknowledged", WAIT, () -> model.frames.size() >= n && backlog(edge, "c1") == 0);
    }
}
