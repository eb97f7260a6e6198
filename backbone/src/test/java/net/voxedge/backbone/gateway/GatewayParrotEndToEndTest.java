package net.voxedge.backbone.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.voxedge.backbone.adapter.RealtimeAdapterConfig;
import net.voxedge.backbone.adapter.RealtimeAdapterMetrics;
import net.voxedge.backbone.agent.ParrotAgentServer;
import net.voxedge.backbone.agent.ParrotConfig;
import net.voxedge.backbone.codec.OpusCodec;
import net.voxedge.backbone.codec.OpusDecoderEngine;
import net.voxedge.backbone.codec.OpusEncoderEngine;
import net.voxedge.backbone.codec.OpusEncoderSettings;
import net.voxedge.backbone.codec.PreferredOpusCodec;
import net.voxedge.backbone.codec.Signals;
import org.junit.jupiter.api.Test;

/**
 * The whole cluster side on loopback: a test edge speaks Opus through the tunnel, the gateway hands
 * it to the real Realtime adapter, the real parrot answers, and its reply comes back as agent frames.
 */
class GatewayParrotEndToEndTest {
    private static final long SESSION = 0xabcdef0123L;

    @Test
    void theParrotsReplyComesBackThroughTheTunnel() throws Exception {
        Vertx vertx = Vertx.vertx();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ParrotAgentServer parrot = new ParrotAgentServer(vertx, ParrotConfig.DEFAULT);
        int port = parrot.start("127.0.0.1", 0).await(10, TimeUnit.SECONDS);
        String url = "ws://127.0.0.1:" + port + ParrotAgentServer.PATH;
        OpusCodec codec = PreferredOpusCodec.get();
        TestEdge edge = TestEdge.bind();
        GatewayConfig config = new GatewayConfig("c1", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), url,
                null, null, null, null, 5_000_000L, PacingSettings.DEFAULT,
                List.of(TestEdge.peerConfig("edge-a", edge.address())), false, "gateway-c1", 10, null, null);
        ClusterGateway gateway = ClusterGateway.start(config,
                new RealtimeAdapterFactory(vertx, RealtimeAdapterConfig.of(url).withCodec(codec),
                        new RealtimeAdapterMetrics(registry)), registry);
        try {
            edge.connect(gateway.localAddress(), 1_000);
            edge.open(SESSION, false, "repeat after me");
            short[] tone = Signals.sine(440, 48_000, 0.3, 1000 * 48);
            short[] said = Signals.concat(new short[300 * 48], tone, new short[1500 * 48]);
            // Not in real time: the parrot's clock is the audio it receives.
            byte[] packet = new byte[OpusCodec.MAX_PACKET_BYTES];
            try (OpusEncoderEngine enc = codec.newEncoder(OpusEncoderSettings.VOICE)) {
                for (int i = 0; (i + 1) * 960 <= said.length; i++) {
                    int n = enc.encode(said, i * 960, 960, packet, 0, packet.length);
                    assertThat(n).isPositive();
                    edge.userAudio(SESSION, 5000 + i, 123_456 + 960 * i, java.util.Arrays.copyOf(packet, n));
                }
            }
            // ~100 ms of pre-roll and the 1 s tone: about 55 frames
            TestEdge.await(() -> edge.agentFrames.size() >= 52, "the parrot's reply at the edge");
            List<TestEdge.AgentFrame> frames = new ArrayList<>(edge.agentFrames.subList(0, 52));
            short[] heard = new short[frames.size() * 960];
            try (OpusDecoderEngine dec = codec.newDecoder()) {
                for (int i = 0; i < frames.size(); i++) {
                    TestEdge.AgentFrame f = frames.get(i);
                    assertThat(f.session()).isEqualTo(SESSION);
                    assertThat(f.tag()).isEqualTo(1);
                    assertThat(f.seq()).isEqualTo(i);
                    assertThat(f.mediaTs()).isEqualTo(960 * i);
                    assertThat(dec.decode(f.opus(), 0, f.opus().length, heard, i * 960, 960)).isEqualTo(960);
                }
            }
            assertThat(Signals.rms(heard, 0, 60 * 48)).isLessThan(300); // the pre-roll was quiet
            assertThat(Signals.rms(heard, 300 * 48, 900 * 48)).isGreaterThan(3000); // the tone: 0.3 full scale
            assertThat(Signals.zeroCrossingHz(heard, 300 * 48, 900 * 48, 48_000)).isCloseTo(440, within(3.0));
            int lag = Signals.bestLag(tone, heard, 4800, 20_000, 200 * 48);
            assertThat(Signals.correlation(tone, 4800, heard, 4800 + lag, 15_200)).isGreaterThan(0.9);
            assertThat(registry.get("voxedge_gateway_user_frames_total").counter().count()).isEqualTo(said.length / 960);
        } finally {
            gateway.close();
            edge.close();
            parrot.stop().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
