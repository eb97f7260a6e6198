package net.voxedge.edge.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import net.voxedge.backbone.adapter.RealtimeAdapterConfig;
import net.voxedge.backbone.adapter.RealtimeAdapterMetrics;
import net.voxedge.backbone.agent.ParrotAgentServer;
import net.voxedge.backbone.agent.ParrotConfig;
import net.voxedge.backbone.gateway.ClusterGateway;
import net.voxedge.backbone.gateway.GatewayConfig;
import net.voxedge.backbone.gateway.RealtimeAdapterFactory;
import net.voxedge.edge.backbone.UdpProxy;
import net.voxedge.edge.testing.EdgeFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole voice path in one JVM, with a real browser: headless Chromium speaks a WAV to the edge
 * daemon ({@code media.handler=backbone}), the edge journals the user's audio and sends it through
 * the backbone tunnel to a real {@link ClusterGateway}, whose Realtime adapter streams it to the
 * reference parrot model server; the parrot's reply comes back paced through the gateway and the
 * tunnel, and the edge plays it to the browser.
 *
 * <p>The microphone file is 2 s of silence (the call connects), phrase A, a pause long enough for A's reply to start but shorter than the
 * reply, phrase B (which barges in: the edge stops A's reply at the onset packet and sends CANCEL),
 * then a long pause in which B's reply plays out. It runs twice: edge and gateway talking directly,
 * and through a relay that delays every datagram by 40 ms each way (an 80 ms backbone RTT), where
 * frames of A's reply are still in flight when the user barges in. Every assertion is about counts
 * and states; the timeline of the counters is printed to tune the WAV by.
 */
@Tag(InteropTag.NAME)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class EdgeBackboneChromiumTest {
    private static final String SECRET_HEX = "00112233445566778899aabbccddeeff0123456789abcdef";
    private static final String SECRET_ENV = "VOXEDGE_E2E_LINK_KEY";
    private static final int LINK_ID = 4242;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static ScratchDir scratch;
    private static Path conversation;
    private static double conversationSeconds;

    @BeforeAll
    static void requireToolsAndMakeAudio() throws Exception {
        for (String tool : List.of("/usr/bin/chromium", "/usr/bin/node", "/usr/bin/sox", "/usr/bin/espeak-ng")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is not installed (scripts/install-test-deps)");
        }
        JsPeerDirectory.ensureInstalled();
        scratch = ScratchDir.create("voxedge-edge-backbone-");
        Path turns = TestAudio.speechSilenceSpeech(scratch.resolve("turns.wav"),
                "one two three four five six seven", 1.6, "eight nine ten eleven twelve");
        // Leading silence: Chromium's fake microphone starts before the call is up (a cold first run
        // takes over a second), and the parrot must hear all of A for its reply to outlast the pause.
        Path led = TestAudio.withLeadingSilence(turns, scratch.resolve("led.wav"), 2.0);
        conversation = TestAudio.withTrailingSilence(led, scratch.resolve("conversation.wav"), 5.0);
        conversationSeconds = TestAudio.seconds(conversation);
    }

    @AfterAll
    static void removeScratch() {
        if (scratch != null) {
            scratch.close();
        }
    }

    @ParameterizedTest(name = "backbone one-way delay {0} ms")
    @ValueSource(ints = {0, 40})
    void theParrotAtTheClusterRepliesAndABargeInStopsItAtTheEdge(int oneWayDelayMs) throws Exception {
        Path dir = Files.createDirectories(scratch.resolve("run-" + oneWayDelayMs));
        Path keyFile = dir.resolve("link.key");
        Files.writeString(keyFile, SECRET_HEX + "\n");
        Vertx vertx = Vertx.vertx();
        SimpleMeterRegistry gatewayMeters = new SimpleMeterRegistry();
        ParrotAgentServer parrot = new ParrotAgentServer(vertx, ParrotConfig.DEFAULT);
        UdpProxy proxy = null;
        ClusterGateway gateway = null;
        try {
            int parrotPort = parrot.start("127.0.0.1", 0).await(10, TimeUnit.SECONDS);
            String modelUrl = "ws://127.0.0.1:" + parrotPort + ParrotAgentServer.PATH;

            // The gateway must know the edge's tunnel address, and the edge the gateway's: through the
            // relay both are the relay's sockets; directly, the edge's port is picked before it binds.
            InetSocketAddress edgeSeenByGateway;
            String edgeBind;
            if (oneWayDelayMs > 0) {
                proxy = new UdpProxy(null, Duration.ofMillis(oneWayDelayMs));
                edgeSeenByGateway = proxy.gatewayFacing();
                edgeBind = "127.0.0.1:0";
            } else {
                edgeSeenByGateway = new InetSocketAddress(InetAddress.getLoopbackAddress(), freeUdpPort());
                edgeBind = "127.0.0.1:" + edgeSeenByGateway.getPort();
            }
            String hocon = """
                    gateway {
                      cluster = c1
                      bind = "127.0.0.1:0"
                      model-url = "%s"
                      registry { enabled = false }
                      edges = [ { name = local-h1, address = "127.0.0.1:%d", link-id = %d, key-id = 1,
                                  secret { env = %s } } ]
                    }
                    """.formatted(modelUrl, edgeSeenByGateway.getPort(), LINK_ID, SECRET_ENV);
            GatewayConfig config = GatewayConfig.from(ConfigFactory.parseString(hocon), dir,
                    name -> SECRET_ENV.equals(name) ? SECRET_HEX : null);
            gateway = ClusterGateway.start(config, new RealtimeAdapterFactory(vertx, RealtimeAdapterConfig.of(modelUrl),
                    new RealtimeAdapterMetrics(gatewayMeters)), gatewayMeters);
            InetSocketAddress clusterAddress = gateway.localAddress();
            if (proxy != null) {
                proxy.gateway(clusterAddress);
                clusterAddress = proxy.edgeFacing();
            }

            Map<String, String> settings = Map.of("media.handler", "backbone",
                    "backbone.bind", edgeBind,
                    "backbone.clusters", "c1@127.0.0.1:" + clusterAddress.getPort() + "/" + LINK_ID,
                    "backbone.linkKeys", "1:file:" + keyFile,
                    "backbone.journal.dir", dir.resolve("journal").toString());
            try (TestEdgeDaemon edge = TestEdgeDaemon.start(settings)) {
                EdgeFixture.await("the edge's link to c1 UP", WAIT, () -> edge.daemon().backbone().clusterUp(0));
                MeterRegistry edgeMeters = edge.metrics().registry();
                ClusterGateway gw = gateway;
                Map<String, DoubleSupplier> events = new LinkedHashMap<>();
                events.put("turns", () -> edge.metrics().userTurns());
                events.put("bargeIns", () -> edge.metrics().bargeIns());
                events.put("edgeCancels", () -> edgeMeters.get("voxedge_backbone_cancels_total").counter().count());
                events.put("gwCancels", () -> count(gatewayMeters, "voxedge_gateway_cancels_total"));
                events.put("gwSessions", () -> gw.activeSessions());
                events.put("gwCancelledFrames", () -> agentFrames(gatewayMeters, "cancelled"));
                events.put("afterBargeIn", () -> edge.metrics().agentFramesAfterBargeIn());
                Map<String, DoubleSupplier> flows = new LinkedHashMap<>();
                flows.put("adapterUser", () -> count(gatewayMeters, "voxedge_adapter_user_frames_total"));
                flows.put("adapterAgent", () -> count(gatewayMeters, "voxedge_adapter_agent_frames_total"));
                flows.put("gwSent", () -> agentFrames(gatewayMeters, "sent"));
                flows.put("edgeSent", () -> edge.metrics().agentFramesSent());
                JsonObject run;
                MetricsTimeline timeline = MetricsTimeline.start(events, flows, 100);
                try {
                    run = new ChromiumPeer(dir).run(new JsonObject()
                            .put("url", edge.callsUrl().toString()).put("token", edge.token("backbone-test"))
                            .put("wav", conversation.toString()).put("sessions", 1)
                            .put("durationSec", conversationSeconds + 1.0).put("drainMs", 0));
                } finally {
                    timeline.close();
                }
                JsonObject call = run.getJsonArray("sessions").getJsonObject(0);
                var m = edge.metrics();
                double gwCancels = count(gatewayMeters, "voxedge_gateway_cancels_total");
                System.out.printf("[interop] backbone (one-way delay %d ms, relayed %s): ok=%s turns=%s bargeIns=%s "
                                + "edgeCancels=%s gwCancels=%s gwCancelsIgnored=%s adapterCancels=%s gwUser=%s adapterUser=%s "
                                + "adapterAgent=%s gwSent=%s gwCancelledFrames=%s edgeSent=%s afterBargeIn=%s "
                                + "bargeInDropped=%s final=%s errors=%s %s%n",
                        oneWayDelayMs, proxy == null ? "-" : java.util.Arrays.toString(proxy.relayed()),
                        call.getBoolean("ok"), m.userTurns(), m.bargeIns(),
                        edgeMeters.get("voxedge_backbone_cancels_total").counter().count(), gwCancels,
                        count(gatewayMeters, "voxedge_gateway_cancels_ignored_total"),
                        count(gatewayMeters, "voxedge_adapter_cancels_total"),
                        count(gatewayMeters, "voxedge_gateway_user_frames_total"),
                        count(gatewayMeters, "voxedge_adapter_user_frames_total"),
                        count(gatewayMeters, "voxedge_adapter_agent_frames_total"), agentFrames(gatewayMeters, "sent"),
                        agentFrames(gatewayMeters, "cancelled"), m.agentFramesSent(), m.agentFramesAfterBargeIn(),
                        edgeMeters.get("voxedge.barge.in.dropped.frames").counter().count(),
                        call.getJsonObject("final"), call.getJsonArray("errors"), run.getJsonArray("errors"));
                System.out.println("[interop] backbone timeline (one-way delay " + oneWayDelayMs
                        + " ms; a row per event, + = frames flowing):\n" + timeline.render());
                assertThat(call.getBoolean("ok")).as("call: %s", call.getJsonArray("errors")).isTrue();

                if (proxy != null) {
                    assertThat(proxy.relayed()[0]).as("datagrams edge -> gateway through the delaying relay").isGreaterThan(500);
                    assertThat(proxy.relayed()[1]).as("datagrams gateway -> edge through the delaying relay").isGreaterThan(100);
                }
                // The cluster side took the call: a session at the gateway, the user's audio at the model.
                assertThat(timeline.peak("gwSessions")).as("sessions the gateway carried").isEqualTo(1.0);
                assertThat(count(gatewayMeters, "voxedge_adapter_user_frames_total")).as("user frames to the model")
                        .isGreaterThan(100);
                assertThat(count(gatewayMeters, "voxedge_gateway_opens_refused_total")).isZero();
                // The parrot replied, through the gateway and the tunnel, to the edge.
                assertThat(count(gatewayMeters, "voxedge_adapter_agent_frames_total")).as("reply frames from the parrot")
                        .isGreaterThan(50);
                assertThat(agentFrames(gatewayMeters, "sent")).as("agent frames the gateway sent").isGreaterThan(50);
                assertThat(m.agentFramesSent()).as("agent frames the edge sent to the browser").isGreaterThan(50);

                // Both phrases were turns, and B came while A's reply was playing: the edge stopped it at
                // the onset (nothing of the cancelled reply after it, whatever was still in flight) and the
                // cancel reached the gateway and the model.
                assertThat(m.userTurns()).as("user turns detected from RFC 6464 levels").isGreaterThanOrEqualTo(2);
                assertThat(m.bargeIns()).as("barge-ins").isGreaterThanOrEqualTo(1);
                assertThat(m.agentFramesAfterBargeIn()).as("agent frames of a cancelled reply after the onset").isZero();
                assertThat(edgeMeters.get("voxedge_backbone_cancels_total").counter().count()).as("CANCELs the edge sent")
                        .isEqualTo(m.bargeIns());
                assertThat(gwCancels).as("CANCELs the gateway passed to the model").isGreaterThanOrEqualTo(1.0);
                assertThat(count(gatewayMeters, "voxedge_adapter_cancels_total")).as("cancels sent to the parrot")
                        .isGreaterThanOrEqualTo(1.0);

                // The browser played the replies: it received about what the edge sent (read before the
                // DELETE, so the edge may have sent a few more after the browser's last snapshot), far
                // fewer packets than it sent itself (no echo), and they were audible.
                JsonObject fin = call.getJsonObject("final");
                long received = fin.getJsonObject("inbound").getLong("packetsReceived");
                long sent = fin.getJsonObject("outbound").getLong("packetsSent");
                long agentSent = (long) m.agentFramesSent();
                assertThat(received).as("agent packets the browser received").isBetween(agentSent - 50, agentSent)
                        .isLessThan(sent * 3 / 4);
                assertThat(fin.getJsonObject("inbound").getDouble("totalAudioEnergy")).as("the reply was audible").isPositive();
            }
        } finally {
            if (gateway != null) {
                gateway.close();
            }
            if (proxy != null) {
                proxy.close();
            }
            parrot.stop().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static double count(MeterRegistry r, String name) {
        var c = r.find(name).counter();
        return c == null ? 0 : c.count();
    }

    private static double agentFrames(MeterRegistry r, String result) {
        var c = r.find("voxedge_gateway_agent_frames_total").tag("result", result).counter();
        return c == null ? 0 : c.count();
    }

    /** A UDP port free on loopback now (the edge binds it right after; a clash fails the run loudly). */
    private static int freeUdpPort() throws java.net.SocketException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
