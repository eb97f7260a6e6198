package net.voxedge.backbone.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import net.voxedge.backbone.tunnel.ControlType;
import net.voxedge.backbone.tunnel.DataFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway on loopback with a test edge and a recording model adapter. */
class ClusterGatewayTest {
    private static final long SESSION = 0x0000_0042_0000_0007L;

    private final List<RecordingAdapter> adapters = new CopyOnWriteArrayList<>();
    private SimpleMeterRegistry registry;
    private TestEdge edge;
    private ClusterGateway gateway;

    @BeforeEach
    void start() throws Exception {
        registry = new SimpleMeterRegistry();
        edge = TestEdge.bind();
        GatewayConfig config = new GatewayConfig("c1", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                "ws://127.0.0.1:1/v1/realtime", null, "test-model", null, "default instructions", 5_000_000L,
                PacingSettings.DEFAULT, List.of(TestEdge.peerConfig("edge-a", edge.address())), false, "gateway-c1", 10, null, null);
        gateway = ClusterGateway.start(config, (cfg, listener) -> {
            RecordingAdapter a = new RecordingAdapter(cfg, listener);
            adapters.add(a);
            return a;
        }, registry);
        edge.connect(gateway.localAddress(), 1_000);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (edge != null) {
            edge.close();
        }
    }

    private static byte[] opus(int seq) {
        return new byte[] {(byte) 0xF8, (byte) seq, (byte) (seq >> 8), 0x55};
    }

    private RecordingAdapter opened() {
        TestEdge.await(() -> !adapters.isEmpty(), "the model adapter to open");
        return adapters.getFirst();
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    @Test
    void openOpensTheModelWithTheSessionConfiguration() {
        edge.open(SESSION, false, "speak like a pirate");
        RecordingAdapter a = opened();
        assertThat(a.config.sessionId()).isEqualTo("0000004200000007");
        assertThat(a.config.instructions()).isEqualTo("speak like a pirate");
        assertThat(a.config.model()).isEqualTo("test-model");
        TestEdge.await(() -> gateway.activeSessions() == 1, "one active session");
        assertThat(registry.get("voxedge_gateway_sessions_active").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void userAudioReachesTheModelExactlyOnceInOrderAcrossAnEdgeRestartThatReplays() throws Exception {
        edge.open(SESSION, false, null);
        for (int i = 0; i < 50; i++) {
            edge.userAudio(SESSION, 1000 + i, 960 * i, opus(1000 + i));
        }
        RecordingAdapter a = opened();
        TestEdge.await(() -> a.userFrames.size() == 50, "50 user frames at the model");
        assertThat(a.config.instructions()).isEqualTo("default instructions");

        // The edge process restarts on the same address: a newer epoch, and its journal replays
        // from an acked index behind what the gateway already has, then goes on.
        InetSocketAddress address = edge.address();
        edge.close();
        edge = TestEdge.rebind(address);
        edge.connect(gateway.localAddress(), 2_000);
        edge.open(SESSION, true, null);
        for (int i = 30; i < 100; i++) {
            edge.userAudio(SESSION, 1000 + i, 960 * i, opus(1000 + i));
        }
        TestEdge.await(() -> a.userFrames.size() >= 100 && edge.inflightFrames() == 0, "all frames acknowledged");
        assertThat(adapters).hasSize(1); // the resumed OPEN kept the model connection
        assertThat(a.userFrames).extracting(RecordingAdapter.UserFrame::seq)
                .containsExactlyElementsOf(LongStream.range(1000, 1100).boxed().toList());
        for (RecordingAdapter.UserFrame f : a.userFrames) {
            assertThat(f.opus()).isEqualTo(opus((int) f.seq()));
            assertThat(f.mediaTs()).isEqualTo(960 * (f.seq() - 1000));
        }
        assertThat(counter("voxedge_gateway_user_frames_total")).isEqualTo(100);
    }

    @Test
    void userAudioThatOvertakesTheOpenIsHeldAndDelivered() {
        for (int i = 0; i < 5; i++) {
            edge.userAudio(SESSION, i, 960 * i, opus(i));
        }
        TestEdge.await(() -> edge.inflightFrames() == 0, "frames acknowledged before any OPEN");
        edge.open(SESSION, false, null);
        RecordingAdapter a = opened();
        TestEdge.await(() -> a.userFrames.size() == 5, "held frames delivered");
        assertThat(a.userFrames).extracting(RecordingAdapter.UserFrame::seq).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void agentAudioArrivesOnStreamOneTaggedPerResponseWithItsPosition() {
        edge.open(SESSION, false, null);
        RecordingAdapter a = opened();
        for (int k = 0; k < 30; k++) {
            a.listener.onAgentAudio("resp-1", "item-1", 20L * k, 960L * k, opus(k), 0, 4);
        }
        for (int k = 0; k < 10; k++) {
            a.listener.onAgentAudio("resp-2", "item-2", 20L * k, 960L * (30 + k), opus(500 + k), 0, 4);
        }
        TestEdge.await(() -> edge.agentFrames.size() == 40, "40 agent frames at the edge");
        for (int i = 0; i < 40; i++) {
            TestEdge.AgentFrame f = edge.agentFrames.get(i);
            assertThat(f.session()).isEqualTo(SESSION);
            assertThat(f.seq()).isEqualTo(i);
            assertThat(f.flags() & DataFrame.FLAG_RELIABLE).isZero();
            assertThat(f.tag()).isEqualTo(i < 30 ? 1 : 2);
            assertThat(f.mediaTs()).isEqualTo(960 * (i < 30 ? i : i - 30));
            assertThat(f.opus()).isEqualTo(opus(i < 30 ? i : 500 + i - 30));
        }
        assertThat(registry.get("voxedge_gateway_agent_frames_total").tag("result", "sent").counter().count())
                .isEqualTo(40);
    }

    @Test
    void cancelStopsThatResponseAtOnceAndCancelsItAtTheModel() {
        edge.open(SESSION, false, null);
        RecordingAdapter a = opened();
        for (int k = 0; k < 250; k++) { // 5 s of audio, produced at once
            a.listener.onAgentAudio("resp-1", "item-1", 20L * k, 960L * k, opus(k), 0, 4);
        }
        TestEdge.await(() -> edge.agentFrames.size() >= 20, "the reply to start playing");
        edge.cancel(SESSION, 48_000, 120, 1);
        TestEdge.await(() -> !a.cancels.isEmpty(), "the cancel at the model");
        assertThat(a.cancels).containsExactly("item-1@120");
        assertThat(gateway.session("edge-a", SESSION).queuedFrames()).isZero();
        // the model still had deltas in flight, then starts another response
        a.listener.onAgentAudio("resp-1", "item-1", 5000, 960L * 250, opus(999), 0, 4);
        a.listener.onAgentAudio("resp-2", "item-2", 0, 960L * 251, opus(1000), 0, 4);
        TestEdge.await(() -> edge.agentFrames.getLast().tag() == 2, "the next response");
        // the next response's first frame has the seq after the last frame sent of the cancelled one
        int sentOfFirst = edge.agentFrames.getLast().seq();
        assertThat(sentOfFirst).isBetween(20, 249);
        assertThat(edge.agentFrames.subList(0, edge.agentFrames.size() - 1)).allMatch(f -> f.tag() == 1 && f.seq() < sentOfFirst);
        assertThat(edge.agentFrames.getLast().opus()).isEqualTo(opus(1000));
        assertThat(counter("voxedge_gateway_cancels_total")).isEqualTo(1);
        assertThat(registry.get("voxedge_gateway_agent_frames_total").tag("result", "cancelled").counter().count())
                .isEqualTo(250 - sentOfFirst + 1);
    }

    @Test
    void closeFromTheEdgeFreesTheSessionAndClosesTheModel() {
        edge.open(SESSION, false, null);
        RecordingAdapter a = opened();
        TestEdge.await(() -> gateway.activeSessions() == 1, "session open");
        edge.control(SESSION, ControlType.CLOSE, "user hung up".getBytes(StandardCharsets.UTF_8));
        TestEdge.await(() -> a.closed.getCount() == 0, "the model connection closed");
        TestEdge.await(() -> gateway.activeSessions() == 0, "session freed");
        assertThat(gateway.session("edge-a", SESSION)).isNull();
        assertThat(edge.controls).isEmpty(); // the edge ended it: no CLOSE back
    }

    @Test
    void aBadOpenIsAnsweredWithCloseNamingTheProblem() {
        edge.control(SESSION, ControlType.OPEN, "{not json".getBytes(StandardCharsets.UTF_8));
        TestEdge.await(() -> !edge.controls.isEmpty(), "a CLOSE");
        assertThat(edge.controls.getFirst()).isEqualTo(
                new TestEdge.Control(SESSION, ControlType.CLOSE, "bad_open: payload is not a JSON object"));
        edge.control(SESSION + 1, ControlType.OPEN,
                "{\"session\":\"0\",\"subject\":\"a\",\"pop\":\"p\",\"host\":\"h\",\"codec\":\"opus/48000/2\"}"
                        .getBytes(StandardCharsets.UTF_8));
        TestEdge.await(() -> edge.controls.size() == 2, "a second CLOSE");
        assertThat(edge.controls.get(1).text()).startsWith("bad_open: field \"session\" (0) is not the tunnel session");
        assertThat(adapters).isEmpty();
        assertThat(gateway.activeSessions()).isZero();
        assertThat(counter("voxedge_gateway_opens_refused_total")).isEqualTo(2);
    }

    @Test
    void aModelConnectionThatEndsClosesTheSessionTowardTheEdge() {
        edge.open(SESSION, false, null);
        RecordingAdapter a = opened();
        a.listener.onClosed("closed by model server");
        TestEdge.await(() -> !edge.controls.isEmpty(), "a CLOSE");
        assertThat(edge.controls.getFirst())
                .isEqualTo(new TestEdge.Control(SESSION, ControlType.CLOSE, "model_closed: closed by model server"));
        TestEdge.await(() -> gateway.activeSessions() == 0, "session freed");
        assertThat(counter("voxedge_gateway_adapter_errors_total")).isEqualTo(1);
    }
}
