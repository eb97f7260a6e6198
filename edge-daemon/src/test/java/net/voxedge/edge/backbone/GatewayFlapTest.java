package net.voxedge.edge.backbone;

import static net.voxedge.edge.backbone.GatewayChain.FIRST_SEQ;
import static net.voxedge.edge.backbone.GatewayChain.FIRST_TS;
import static net.voxedge.edge.backbone.GatewayChain.backlog;
import static net.voxedge.edge.backbone.GatewayChain.cluster;
import static net.voxedge.edge.backbone.GatewayChain.expectedSeqs;
import static net.voxedge.edge.backbone.GatewayChain.loopback;
import static net.voxedge.edge.backbone.GatewayChain.sendUser;
import static net.voxedge.edge.testing.EdgeFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.voxedge.backbone.adapter.RealtimeAdapterConfig;
import net.voxedge.backbone.adapter.RealtimeAdapterMetrics;
import net.voxedge.backbone.codec.OpusCodec;
import net.voxedge.backbone.codec.OpusEncoderEngine;
import net.voxedge.backbone.codec.OpusEncoderSettings;
import net.voxedge.backbone.codec.OpusToc;
import net.voxedge.backbone.codec.PreferredOpusCodec;
import net.voxedge.backbone.codec.UplinkTranscoder;
import net.voxedge.backbone.gateway.ClusterGateway;
import net.voxedge.backbone.gateway.GatewaySession;
import net.voxedge.backbone.gateway.RealtimeAdapterFactory;
import net.voxedge.edge.testing.EdgeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3's "link flap mid-utterance" through the real {@link ClusterGateway}: a real edge session
 * (the test WebRTC peer: ICE, DTLS-SRTP) streams user audio → edge journal → real tunnel → real
 * gateway → a model that counts what it receives. The path drops everything for 1.5 s (a relay
 * that black-holes both directions), or the edge's forwarder is stopped and started again, in the
 * middle of the utterance; the model must get every frame exactly once, in order. Two levels of
 * "model": a counting {@code ModelAdapter} (sees the sequence numbers), and the real
 * {@code RealtimeWebSocketAdapter} against a Realtime server that keeps the PCM it is sent — which
 * must be, sample for sample, the user's Opus frames decoded in order once each (a lost frame
 * would show as concealment, a repeated or reordered one as different samples, either as a length).
 * Every wait is bounded and waits for something that must happen; nothing asserts on timing.
 */
class GatewayFlapTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** The payload of user frame i for the counting model: recognisable bytes, Opus TOC first. */
    private static byte[] payload(long i) {
        return WebRtcTestPeer.userPayload(FIRST_SEQ + i);
    }

    private static long sessionOf(CountingAdapter a) {
        return Long.parseUnsignedLong(a.config.sessionId(), 16);
    }

    /** Every frame went to the model once, in order, with the payload and timestamp the user sent. */
    private static void assertExactlyOnceInOrder(CountingAdapter a, int n) {
        assertThat(a.seqs()).as("seqs at the model").isEqualTo(expectedSeqs(0, n));
        for (CountingAdapter.UserFrame f : a.frames) {
            long i = f.seq() - FIRST_SEQ;
            assertThat(f.opus()).as("payload of frame %d", i).isEqualTo(payload(i));
            assertThat(f.mediaTs()).as("timestamp of frame %d", i).isEqualTo(FIRST_TS + 960 * i);
        }
    }

    @Test
    void aPathOutageOfOnePointFiveSecondsMidUtteranceLosesNoFrameAtTheModel() throws Exception {
        SimpleMeterRegistry gwRegistry = new SimpleMeterRegistry();
        CountingAdapter.Factory models = new CountingAdapter.Factory();
        try (UdpProxy path = new UdpProxy(null, Duration.ZERO);
                ClusterGateway gw = GatewayChain.startGateway("c1", path.gatewayFacing(), 201, "ws://127.0.0.1:1/unused",
                        models, gwRegistry)) {
            path.gateway(gw.localAddress());
            try (EdgeFixture edge = GatewayChain.startEdge(dir, GatewayChain.freeUdpPort(),
                    cluster("c1", path.edgeFacing(), 201))) {
                BackboneUplink uplink = edge.daemon().backbone();
                await("link up", WAIT, () -> uplink.clusterUp(0));
                try (WebRtcTestPeer peer = WebRtcTestPeer.connect(edge)) {
                    await("the model connection for the session", WAIT, () -> !models.opened.isEmpty());
                    CountingAdapter model = models.opened.getFirst();
                    long session = sessionOf(model);
                    assertThat(edge.daemon().sessions().registry().byId(session)).isNotNull();

                    sendUser(peer, 0, 100, 2, GatewayFlapTest::payload);
                    await("100 frames at the model and acknowledged", WAIT,
                            () -> model.frames.size() >= 100 && backlog(edge, "c1") == 0);
                    double retransmitsBefore = GatewayChain.edgeRetransmits(edge);

                    path.blackHole(true);
                    sendUser(peer, 100, 75, 20, GatewayFlapTest::payload); // 1.5 s of speech into the outage
                    assertThat(model.frames).as("nothing crosses a black hole").hasSize(100);
                    path.blackHole(false);
                    sendUser(peer, 175, 125, 2, GatewayFlapTest::payload);

                    await("all 300 frames at the model and acknowledged", WAIT,
                            () -> model.frames.size() >= 300 && backlog(edge, "c1") == 0);
                    assertExactlyOnceInOrder(model, 300);
                    assertThat(GatewayChain.edgeRetransmits(edge)).as("the outage ate frames the tunnel sent again")
                            .isGreaterThan(retransmitsBefore);
                    assertThat(models.opened).as("one model connection throughout").hasSize(1);
                    assertThat(model.closed).isFalse();
                    assertThat(gwRegistry.get("voxedge_gateway_user_frames_total").counter().count()).isEqualTo(300);
                }
            }
        }
    }

    /**
     * With {@code checkpointLost} the forwarder dies before its checkpoint is written (the file is
     * deleted while it is stopped): it restarts from the start of the journal and replays the
     * session's OPEN and every frame the model already has, which must not reach it twice.
     */
    @ParameterizedTest(name = "checkpoint lost: {0}")
    @ValueSource(booleans = {false, true})
    void aForwarderKilledAndRestartedMidUtteranceLosesNoFrameAtTheModel(boolean checkpointLost) throws Exception {
        SimpleMeterRegistry gwRegistry = new SimpleMeterRegistry();
        CountingAdapter.Factory models = new CountingAdapter.Factory();
        int edgePort = GatewayChain.freeUdpPort();
        try (ClusterGateway gw = GatewayChain.startGateway("c1", loopback(edgePort), 202, "ws://127.0.0.1:1/unused",
                models, gwRegistry);
                EdgeFixture edge = GatewayChain.startEdge(dir, edgePort, cluster("c1", gw.localAddress(), 202))) {
            BackboneUplink uplink = edge.daemon().backbone();
            await("link up", WAIT, () -> uplink.clusterUp(0));
            try (WebRtcTestPeer peer = WebRtcTestPeer.connect(edge)) {
                await("the model connection for the session", WAIT, () -> !models.opened.isEmpty());
                CountingAdapter model = models.opened.getFirst();
                long session = sessionOf(model);

                sendUser(peer, 0, 100, 2, GatewayFlapTest::payload);
                uplink.stop(); // mid-utterance: frames may be in flight, unacknowledged
                sendUser(peer, 100, 100, 2, GatewayFlapTest::payload); // journaled while nothing forwards
                if (checkpointLost) {
                    assertThat(Files.deleteIfExists(dir.resolve("journal").resolve("acked-c1.idx"))).isTrue();
                }
                int deliveredBeforeRestart = model.frames.size();
                assertThat(deliveredBeforeRestart).isLessThanOrEqualTo(100);
                uplink.resume();
                sendUser(peer, 200, 100, 2, GatewayFlapTest::payload);

                await("all 300 frames at the model and acknowledged", WAIT,
                        () -> model.frames.size() >= 300 && backlog(edge, "c1") == 0);
                assertExactlyOnceInOrder(model, 300);
                assertThat(models.opened).as("one model connection throughout").hasSize(1);
                assertThat(model.closed).isFalse();
                GatewaySession s = gw.session(GatewayChain.EDGE_NAME, session);
                assertThat(s).isNotNull();
                assertThat(s.open().subject()).isEqualTo("test-app");
                assertThat(s.userFrames()).isEqualTo(300);
                if (checkpointLost) {
                    assertThat(s.open().resumed()).as("the replay re-sent the configuration").isTrue();
                    double replayedDuplicates = GatewayChain.tunnelDrops(gwRegistry, "duplicate")
                            + s.duplicateUserFrames();
                    assertThat(replayedDuplicates).as("frames the model had, replayed and dropped")
                            .isGreaterThanOrEqualTo(deliveredBeforeRestart);
                }
            }
        }
    }

    @Test
    void aGatewayRestartedMidUtteranceGetsTheSessionBackAndEveryLaterFrame() throws Exception {
        SimpleMeterRegistry gwRegistry = new SimpleMeterRegistry();
        CountingAdapter.Factory models = new CountingAdapter.Factory();
        int edgePort = GatewayChain.freeUdpPort();
        ClusterGateway first = GatewayChain.startGateway("c1", loopback(edgePort), 204, "ws://127.0.0.1:1/unused",
                models, gwRegistry);
        InetSocketAddress gwAddress = first.localAddress();
        ClusterGateway second = null;
        try (EdgeFixture edge = GatewayChain.startEdge(dir, edgePort, cluster("c1", gwAddress, 204))) {
            BackboneUplink uplink = edge.daemon().backbone();
            await("link up", WAIT, () -> uplink.clusterUp(0));
            try (WebRtcTestPeer peer = WebRtcTestPeer.connect(edge)) {
                await("the model connection for the session", WAIT, () -> !models.opened.isEmpty());
                CountingAdapter before = models.opened.getFirst();
                long session = sessionOf(before);
                sendUser(peer, 0, 100, 2, GatewayFlapTest::payload);
                await("100 frames at the model and acknowledged", WAIT,
                        () -> before.frames.size() >= 100 && backlog(edge, "c1") == 0);

                sendUser(peer, 100, 20, 2, GatewayFlapTest::payload);
                first.close(); // mid-utterance, frames in flight: the gateway process goes away (CLOSE gateway_shutdown) ...
                sendUser(peer, 120, 30, 5, GatewayFlapTest::payload); // ... the user goes on talking ...
                second = GatewayChain.startGateway("c1", loopback(edgePort), 204, "ws://127.0.0.1:1/unused", models,
                        new SimpleMeterRegistry(), gwAddress.getPort()); // ... and it comes back on its address
                sendUser(peer, 150, 150, 5, GatewayFlapTest::payload);

                await("a model connection at the restarted gateway with every later frame", WAIT, () -> {
                    if (models.opened.size() != 2) {
                        return false;
                    }
                    List<Long> s = models.opened.get(1).seqs();
                    return !s.isEmpty() && s.getLast() == FIRST_SEQ + 299 && backlog(edge, "c1") == 0;
                });
                CountingAdapter after = models.opened.get(1);
                assertThat(before.closed).isTrue();
                assertThat(after.config.sessionId()).isEqualTo(before.config.sessionId());
                // The old model has a prefix, the new one the rest from where the old one stopped
                // acknowledging (a frame whose ack the old gateway never sent may reach both): no gap.
                List<Long> old = before.seqs();
                List<Long> later = after.seqs();
                assertThat(old).isEqualTo(expectedSeqs(0, old.size()));
                assertThat(old.size()).isBetween(100, 120);
                long firstLater = later.getFirst() - FIRST_SEQ;
                assertThat(firstLater).isBetween(100L, (long) old.size());
                assertThat(later).isEqualTo(expectedSeqs(firstLater, 300 - firstLater));
                GatewaySession s = second.session(GatewayChain.EDGE_NAME, session);
                assertThat(s.open().resumed()).as("the edge re-sent the configuration").isTrue();
                assertThat(s.open().subject()).isEqualTo("test-app");
            }
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    /** 20 ms of a tone whose pitch changes every frame (continuous phase): no two neighbours alike. */
    private static short[] utterance(int frames) {
        short[] pcm = new short[frames * OpusCodec.FRAME_SAMPLES];
        double phase = 0;
        for (int f = 0; f < frames; f++) {
            double hz = 220 + 37 * (f % 41);
            for (int k = 0; k < OpusCodec.FRAME_SAMPLES; k++) {
                pcm[f * OpusCodec.FRAME_SAMPLES + k] = (short) (0.3 * Short.MAX_VALUE * Math.sin(phase));
                phase += 2 * Math.PI * hz / OpusCodec.SAMPLE_RATE;
            }
        }
        return pcm;
    }

    @Test
    void theRealtimeAdapterSendsEveryFramesPcmOnceThroughAnOutageAndAForwarderRestart() throws Exception {
        int n = 300;
        OpusCodec codec = PreferredOpusCodec.get();
        byte[][] opus = new byte[n][];
        short[] said = utterance(n);
        byte[] packet = new byte[OpusCodec.MAX_PACKET_BYTES];
        try (OpusEncoderEngine enc = codec.newEncoder(OpusEncoderSettings.VOICE)) {
            for (int i = 0; i < n; i++) {
                int len = enc.encode(said, i * OpusCodec.FRAME_SAMPLES, OpusCodec.FRAME_SAMPLES, packet, 0, packet.length);
                assertThat(len).isPositive();
                opus[i] = Arrays.copyOf(packet, len);
            }
        }
        // What the model must hear: every frame decoded once, in order, by the same codec (decoding is deterministic).
        byte[] expected = new byte[n * 480 * 2];
        try (UplinkTranscoder reference = new UplinkTranscoder(codec, OpusToc.MAX_PACKET_SAMPLES_48K)) {
            short[] out = new short[UplinkTranscoder.MAX_OUTPUT_SAMPLES];
            for (int i = 0; i < n; i++) {
                assertThat(reference.transcode(opus[i], 0, opus[i].length, out, 0)).isEqualTo(480);
                for (int k = 0; k < 480; k++) {
                    expected[(i * 480 + k) * 2] = (byte) out[k];
                    expected[(i * 480 + k) * 2 + 1] = (byte) (out[k] >> 8);
                }
            }
        }

        Vertx vertx = Vertx.vertx();
        SimpleMeterRegistry gwRegistry = new SimpleMeterRegistry();
        try (RealtimeCountingServer server = RealtimeCountingServer.start(vertx);
                UdpProxy path = new UdpProxy(null, Duration.ZERO);
                ClusterGateway gw = GatewayChain.startGateway("c1", path.gatewayFacing(), 203, server.url(),
                        new RealtimeAdapterFactory(vertx, RealtimeAdapterConfig.of(server.url()).withCodec(codec),
                                new RealtimeAdapterMetrics(gwRegistry)), gwRegistry)) {
            path.gateway(gw.localAddress());
            try (EdgeFixture edge = GatewayChain.startEdge(dir, GatewayChain.freeUdpPort(),
                    cluster("c1", path.edgeFacing(), 203))) {
                BackboneUplink uplink = edge.daemon().backbone();
                await("link up", WAIT, () -> uplink.clusterUp(0));
                try (WebRtcTestPeer peer = WebRtcTestPeer.connect(edge)) {
                    await("the model connection", WAIT, () -> !server.connections.isEmpty());
                    RealtimeCountingServer.Connection model = server.connections.getFirst();
                    sendUser(peer, 0, 80, 2, i -> opus[(int) i]);
                    path.blackHole(true);
                    sendUser(peer, 80, 75, 20, i -> opus[(int) i]); // 1.5 s of speech into the outage
                    path.blackHole(false);
                    sendUser(peer, 155, 45, 2, i -> opus[(int) i]);
                    uplink.stop();
                    sendUser(peer, 200, 40, 2, i -> opus[(int) i]);
                    uplink.resume();
                    sendUser(peer, 240, 60, 2, i -> opus[(int) i]);

                    await("every frame acknowledged", WAIT, () -> backlog(edge, "c1") == 0
                            && gwRegistry.get("voxedge_gateway_user_frames_total").counter().count() >= n);
                    // The call ends: the gateway closes the model connection, so what the model got is final.
                    assertThat(edge.delete(peer.location)).isEqualTo(200);
                    await("the model connection closed", WAIT, () -> model.closed);

                    assertThat(server.connections).as("one model connection throughout").hasSize(1);
                    assertThat(model.sessionUpdates).hasSize(1);
                    assertThat(model.sessionUpdates.getFirst().getJsonObject("session").getString("instructions"))
                            .isEqualTo("instructions of c1");
                    byte[] pcm = model.pcm();
                    assertThat(pcm.length).as("PCM bytes: %d frames × 20 ms × 24 kHz × 2", n).isEqualTo(expected.length);
                    assertThat(Arrays.mismatch(pcm, expected)).as("first differing byte").isEqualTo(-1);
                    assertThat(gwRegistry.get("voxedge_adapter_user_frames_total").counter().count()).isEqualTo(n);
                    assertThat(gwRegistry.get("voxedge_adapter_user_frames_concealed_total").counter().count()).isZero();
                    assertThat(gwRegistry.get("voxedge_adapter_user_frames_dropped_total").tag("reason", "stale_seq")
                            .counter().count()).isZero();
                }
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
