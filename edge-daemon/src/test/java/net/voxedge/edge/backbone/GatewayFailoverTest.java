package net.voxedge.edge.backbone;

import static net.voxedge.edge.backbone.GatewayChain.FIRST_SEQ;
import static net.voxedge.edge.backbone.GatewayChain.backlog;
import static net.voxedge.edge.backbone.GatewayChain.cluster;
import static net.voxedge.edge.backbone.GatewayChain.expectedSeqs;
import static net.voxedge.edge.backbone.GatewayChain.loopback;
import static net.voxedge.edge.backbone.GatewayChain.sendUser;
import static net.voxedge.edge.testing.EdgeFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.voxedge.backbone.gateway.ClusterGateway;
import net.voxedge.backbone.gateway.GatewaySession;
import net.voxedge.edge.testing.EdgeFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3's "cluster failover mid-session" through two real {@link ClusterGateway}s (clusters a
 * and b, each with a counting model): a real edge session streams to a; a dies mid-utterance —
 * either stopped (it tells the edge CLOSE gateway_shutdown) or crashed (the path to it goes dark
 * first, so the edge hears nothing); the edge notices (keepalive), moves the session to b, re-sends
 * the session configuration and replays the journal from the last acknowledged frame. Asserted:
 * b's model gets the configuration and every frame from a's acknowledged point on, once and in
 * order, so that a's and b's frames together are every frame the user said with no gap; and the
 * agent audio b's model speaks reaches the user's side of the call.
 */
class GatewayFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Frames sent at 20 ms while waiting for the failover: 10 s, far beyond the 3 s keepalive bound. */
    private static final int MAX_FRAMES_UNTIL_FAILOVER = 500;

    @TempDir
    Path dir;

    private static byte[] payload(long i) {
        return WebRtcTestPeer.userPayload(FIRST_SEQ + i);
    }

    /** A 20 ms "Opus" frame model b speaks: TOC byte, then a pattern naming frame k. */
    private static byte[] agentFrame(int k) {
        byte[] p = new byte[40];
        p[0] = (byte) 0x78;
        p[1] = (byte) 'b';
        p[2] = (byte) k;
        for (int i = 3; i < p.length; i++) {
            p[i] = (byte) (k * 13 + i);
        }
        return p;
    }

    @ParameterizedTest(name = "cluster a {0}")
    @ValueSource(strings = {"stopped", "crashed"})
    void whenClusterADiesMidUtteranceBGetsTheConfigurationAndEveryFrameFromTheAckedPointOn(String death)
            throws Exception {
        boolean crash = death.equals("crashed");
        CountingAdapter.Factory modelsA = new CountingAdapter.Factory();
        CountingAdapter.Factory modelsB = new CountingAdapter.Factory();
        int edgePort = GatewayChain.freeUdpPort();
        try (UdpProxy pathA = new UdpProxy(null, Duration.ZERO);
                ClusterGateway a = GatewayChain.startGateway("a", pathA.gatewayFacing(), 301, "ws://127.0.0.1:1/unused",
                        modelsA, new SimpleMeterRegistry());
                ClusterGateway b = GatewayChain.startGateway("b", loopback(edgePort), 302, "ws://127.0.0.1:1/unused",
                        modelsB, new SimpleMeterRegistry())) {
            pathA.gateway(a.localAddress());
            try (EdgeFixture edge = GatewayChain.startEdge(dir, edgePort,
                    cluster("a", pathA.edgeFacing(), 301) + "," + cluster("b", b.localAddress(), 302))) {
                BackboneUplink uplink = edge.daemon().backbone();
                await("both links up", WAIT, () -> uplink.clusterUp(0) && uplink.clusterUp(1));
                try (WebRtcTestPeer peer = WebRtcTestPeer.connect(edge)) {
                    await("the session's model at a", WAIT, () -> !modelsA.opened.isEmpty());
                    CountingAdapter modelA = modelsA.opened.getFirst();
                    long session = Long.parseUnsignedLong(modelA.config.sessionId(), 16);
                    assertThat(modelsB.opened).isEmpty();

                    sendUser(peer, 0, 100, 2, GatewayFailoverTest::payload);
                    await("100 frames at a's model, acknowledged", WAIT,
                            () -> modelA.frames.size() >= 100 && backlog(edge, "a") == 0);

                    int sent = 100;
                    if (crash) {
                        pathA.blackHole(true); // a is gone from one moment to the next: not a word to the edge
                        sendUser(peer, sent, 50, 5, GatewayFailoverTest::payload);
                        sent += 50;
                        a.close();
                    } else {
                        sendUser(peer, sent, 20, 2, GatewayFailoverTest::payload);
                        sent += 20;
                        a.close(); // frames may be in flight: a tells the edge gateway_shutdown and is gone
                    }
                    // The user goes on talking in real time until the edge has moved the session.
                    while (modelsB.opened.isEmpty() && sent < MAX_FRAMES_UNTIL_FAILOVER) {
                        sendUser(peer, sent++, 1, 20, GatewayFailoverTest::payload);
                    }
                    assertThat(modelsB.opened).as("b's model opened within %d frames", MAX_FRAMES_UNTIL_FAILOVER)
                            .hasSize(1);
                    sendUser(peer, sent, 50, 2, GatewayFailoverTest::payload);
                    int n = sent + 50;
                    CountingAdapter modelB = modelsB.opened.getFirst();
                    await("every later frame at b's model, acknowledged", WAIT, () -> {
                        List<Long> s = modelB.seqs();
                        return !s.isEmpty() && s.getLast() == FIRST_SEQ + n - 1 && backlog(edge, "b") == 0;
                    });

                    // b got the session's configuration again
                    assertThat(modelB.config.sessionId()).isEqualTo(modelA.config.sessionId());
                    assertThat(modelB.config.instructions()).isEqualTo("instructions of b");
                    GatewaySession atB = b.session(GatewayChain.EDGE_NAME, session);
                    assertThat(atB).isNotNull();
                    assertThat(atB.open().resumed()).isTrue();
                    assertThat(atB.open().subject()).isEqualTo("test-app");
                    assertThat(atB.open().host()).isEqualTo(GatewayChain.EDGE_NAME);

                    // a: from the start, in order; b: from a's acknowledged point on, in order, once; no gap
                    List<Long> seqsA = modelA.seqs();
                    List<Long> seqsB = modelB.seqs();
                    assertThat(seqsA).isEqualTo(expectedSeqs(0, seqsA.size()));
                    long firstB = seqsB.getFirst() - FIRST_SEQ;
                    assertThat(firstB).as("b starts at a's acknowledged point").isBetween(100L, (long) seqsA.size());
                    if (crash) {
                        assertThat(seqsA).hasSize(100); // nothing after the path went dark
                        assertThat(firstB).isEqualTo(100);
                    }
                    assertThat(seqsB).isEqualTo(expectedSeqs(firstB, n - firstB));
                    TreeSet<Long> union = new TreeSet<>(seqsA);
                    union.addAll(seqsB);
                    assertThat(new ArrayList<>(union)).isEqualTo(expectedSeqs(0, n));
                    for (CountingAdapter.UserFrame f : modelB.frames) {
                        assertThat(f.opus()).isEqualTo(payload(f.seq() - FIRST_SEQ));
                    }
                    assertThat(edge.metrics().registry().get("voxedge_backbone_failovers_total").counter().count())
                            .isEqualTo(1.0);

                    // b's model speaks: its audio reaches the user
                    for (int k = 0; k < 25; k++) {
                        byte[] f = agentFrame(k);
                        modelB.listener.onAgentAudio("resp-b", "item-b", 20L * k, 960L * k, f, 0, f.length);
                    }
                    await("b's 25 agent frames at the user", WAIT, () -> fromB(peer).size() >= 25);
                    List<byte[]> heard = fromB(peer);
                    for (int k = 0; k < 25; k++) {
                        assertThat(heard.get(k)).as("agent frame %d", k).isEqualTo(agentFrame(k));
                    }
                }
            }
        }
    }

    private static List<byte[]> fromB(WebRtcTestPeer peer) {
        List<byte[]> out = new ArrayList<>();
        for (WebRtcTestPeer.Received r : peer.received()) {
            if (r.payload().length == 40 && r.payload()[1] == 'b') {
                out.add(r.payload());
            }
        }
        return out;
    }
}
