package net.voxedge.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.voxedge.edge.EdgeDaemon;
import net.voxedge.edge.config.ConfigSource;
import net.voxedge.edge.config.EdgeConfig;
import net.voxedge.edge.relay.Relay;
import net.voxedge.edge.srtp.SrtpProfile;
import net.voxedge.loadgen.dtls.DtlsIdentity;
import net.voxedge.loadgen.signaling.WhipSignaling;
import org.junit.jupiter.api.Test;

/**
 * {@code --media-via}: sessions signaled at edge A send all their media to edge B, which relays it to A
 * (the edge's cross-host relay). Every session must establish and every packet come back intact, through B.
 */
class WebRtcLoadRelayTest {
    private static final String ROUTING_KEY = "0:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    @Test
    void sessionsThroughARelayingEdgeEchoEveryPacket() throws Exception {
        int relayA = freeUdpPort("127.0.0.2");
        int relayB = freeUdpPort("127.0.0.3");
        IoLoop loop = new IoLoop("lg-relay-0");
        try (EdgeDaemon a = edge(1, "127.0.0.2", relayA, "2/1=127.0.0.3:" + relayB);
             EdgeDaemon b = edge(2, "127.0.0.3", relayB, "1/1=127.0.0.2:" + relayA)) {
            InetSocketAddress via = b.transport().boundAddresses().get(0);
            WebRtcLoad.Settings settings = new WebRtcLoad.Settings("127.0.0.1", "actpass",
                    new SrtpProfile[] {SrtpProfile.AEAD_AES_128_GCM}, 120, DtlsIdentity.generate(), via);
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            JsonObject r;
            try (WhipSignaling whip = new WhipSignaling(URI.create(a.callsUrl()), a.mintToken("loadgen-relay", 300))) {
                r = new WebRtcLoad(settings, whip, List.of(loop), new PrintStream(lines, true, StandardCharsets.UTF_8),
                        ProcessHandle.current().pid()).runStep(2, 20, 2);
            }
            System.out.println(r.encodePrettily());
            assertThat(r.getJsonObject("failures").getMap()).isEmpty();
            assertThat(r.getInteger("established")).isEqualTo(2);
            long sent = r.getLong("packetsSent");
            assertThat(sent).isPositive();
            assertThat(r.getLong("packetsEchoed")).isEqualTo(sent);
            assertThat(r.getLong("corrupt")).isZero();
            assertThat(r.getLong("misrouted")).isZero();
            Relay relay = b.sessions().relay();
            assertThat(relay.packets(Relay.Leg.TO_OWNER)).isGreaterThanOrEqualTo(sent);
            assertThat(relay.packets(Relay.Leg.TO_CLIENT)).isGreaterThanOrEqualTo(sent);
            assertThat(b.sessions().registry().size()).isZero();
            assertThat(a.sessions().relay().packets(Relay.Leg.OWNER_OUT)).isGreaterThanOrEqualTo(sent);
        } finally {
            loop.close();
        }
    }

    private static EdgeDaemon edge(int pop, String ip, int relayPort, String peers) throws Exception {
        return EdgeDaemon.start(EdgeConfig.load(ConfigSource.empty()
                .with("dev", "true", "test")
                .with("pop.id", Integer.toString(pop), "test")
                .with("signaling.bind", "127.0.0.1:0", "test")
                .with("media.bind", ip + ":0", "test")
                .with("media.workers", "1", "test")
                .with("routing.keys", ROUTING_KEY, "test")
                .with("relay.listen", ip + ":" + relayPort, "test")
                .with("relay.peers", peers, "test")));
    }

    private static int freeUdpPort(String ip) throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip), 0))) {
            return s.getLocalPort();
        }
    }
}
