package net.voxedge.edge.backbone;

import static net.voxedge.edge.testing.EdgeFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.LongStream;
import net.voxedge.backbone.tunnel.CancelPayload;
import net.voxedge.backbone.tunnel.ControlType;
import net.voxedge.edge.testing.EdgeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real edge daemon in backbone mode against fake cluster gateways on loopback: the contract
 * (OPEN, user frames, agent frames, CANCEL, CLOSE), a path outage, a forwarder restart, failover
 * and hostile datagrams. The client is {@link WebRtcTestPeer} (real ICE, DTLS-SRTP); every wait is
 * bounded and waits for an event that must happen.
 */
class BackboneEdgeTest {
    private static final byte[] SECRET = HexFormat.of().parseHex("00112233445566778899aabbccddeeff0123456789abcdef");
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The first user RTP seq: 300 frames from here cross the 16-bit wrap. */
    private static final int FIRST_SEQ = 65_400;
    private static final long FIRST_TS = 1_000_000L;

    @TempDir
    Path dir;

    private EdgeFixture startEdge(String clusters, String... extra) throws Exception {
        Path key = dir.resolve("link.key");
        Files.writeString(key, HexFormat.of().formatHex(SECRET) + "\n");
        List<String> o = new ArrayList<>(List.of("media.handler", "backbone", "backbone.clusters", clusters,
                "backbone.linkKeys", "1:file:" + key, "backbone.journal.dir", dir.resolve("journal").toString()));
        o.addAll(List.of(extra));
        return EdgeFixture.start(o.toArray(String[]::new));
    }

    private static String cluster(String id, InetSocketAddress at, int linkId) {
        return id + "@" + at.getAddress().getHostAddress() + ":" + at.getPort() + "/" + linkId;
    }

    private static MeterRegistry registry(EdgeFixture edge) {
        return edge.metrics().registry();
    }

    /** Waits for the gateway's first OPEN and returns the session id it names. */
    private static long awaitOpen(FakeGateway g) {
        await("OPEN at the gateway", WAIT, () -> !g.controls(ControlType.OPEN).isEmpty());
        return Long.parseUnsignedLong(g.controls(ControlType.OPEN).get(0).json().getString("session"), 16);
    }

    private static void sendUser(WebRtcTestPeer peer, int from, int count, int level, long pauseMillis) throws Exception {
        for (int i = from; i < from + count; i++) {
            long ext = FIRST_SEQ + (long) i;
            peer.sendAudio((int) (ext & 0xFFFF), FIRST_TS + 960L * i, level, WebRtcTestPeer.userPayload(ext));
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
        }
    }

    private static List<Integer> expectedSeqs(int from, int count) {
        return LongStream.range(FIRST_SEQ + (long) from, FIRST_SEQ + (long) from + count).mapToObj(l -> (int) l).toList();
    }

    /** Every frame of {@code seqs} carries the payload and timestamp the client sent for it. */
    private static void assertPayloads(FakeGateway g, long session) {
        for (FakeGateway.Frame f : g.frames) {
            if (f.session() != session) {
                continue;
            }
            long i = (f.seq() & 0xFFFFFFFFL) - FIRST_SEQ;
            assertThat(f.payload()).as("payload of seq %d", f.seq()).isEqualTo(WebRtcTestPeer.userPayload(FIRST_SEQ + i));
            assertThat(f.mediaTs() & 0xFFFFFFFFL).isEqualTo(FIRST_TS + 960 * i);
        }
    }

    @Test
    void openCarriesTheConfigurationAndEveryUserFrameArrivesInOrderThenClose() throws Exception {
        try (FakeGateway g = new FakeGateway(SECRET, 101);
                EdgeFixture edge = startEdge(cluster("c1", g.address(), 101))) {
            BackboneUplink uplink = edge.daemon().backbone();
            g.accept(uplink.localAddress());
            await("link up", WAIT, () -> uplink.clusterUp(0) && g.up());
            try (WebRtcTestPeer peer = WebRtcTestPeer.connect(edge)) {
                long session = awaitOpen(g);
                JsonObject open = g.controls(ControlType.OPEN).get(0).json();
                assertThat(open.getString("subject")).isEqualTo("test-app");
                assertThat(open.getString("pop")).isEqualTo("local");
                assertThat(open.getString("host")).isEqualTo("local-h1");
                assertThat(open.getString("codec")).isEqualTo("opus/48000/2");
                assertThat(open.getBoolean("resumed")).isFalse();
                assertThat(edge.daemon().sessions().registry().byId(session)).isNotNull();

                sendUser(peer, 0, 300, WebRtcTestPeer.QUIET, 1);
                await("300 user frames at the gateway", WAIT, () -> g.seqs(session).size() >= 300);
                assertThat(g.seqs(session)).isEqualTo(expectedSeqs(0, 300)); // across the 16-bit wrap, in order, once
                assertPayloads(g, session);
                assertThat(registry(edge).get("voxedge_backbone_sessions").tag("cluster", "c1").gauge().value()).isEqualTo(1.0);

                // a datagram from a stranger at the edge's tunnel port: dropped and counted
                try (DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                    byte[] junk = new byte[80];
                    stranger.send(new DatagramPacket(junk, junk.length, uplink.localAddress()));
                }
                await("stranger counted", WAIT,
                        () -> registry(edge).get("voxedge.tunnel.unknown.peer").counter().count() >= 1.0);

                // the cluster ends the agent side: the call stays up and the user is still heard
                g.sendClose(session, "model_done");
                await("agent CLOSE counted", WAIT,
                        () -> registry(edge).get("voxedge_backbone_agent_closed_total").counter().count() == 1.0);
                assertThat(edge.daemon().sessions().registry().byId(session)).isNotNull();
                sendUser(peer, 300, 10, WebRtcTestPeer.QUIET, 1);
                await("frames after the agent's CLOSE", WAIT, () -> g.seqs(session).size() >= 310);
                assertThat(g.seqs(session)).isEqualTo(expectedSeqs(0, 310));

                assertThat(edge.delete(peer.location)).isEqualTo(200);
                await("CLOSE at the gateway", WAIT, () -> !g.controls(ControlType.CLOSE).isEmpty());
                FakeGateway.Control close = g.controls(ControlType.CLOSE).get(0);
                assertThat(close.session()).isEqualTo(session);
                assertThat(new String(close.payload())).isEqualTo("client_closed");
                assertThat(g.seqs(session)).hasSize(310);
                await("session gone from the uplink", WAIT, () -> uplink.sessionCount() == 0);
            }
        }
    }

    @Test
    void agentFramesArePacedToTheClientAndABargeInSendsCancelWithTagAndPlayedTime() throws Exception {
        try (FakeGateway g = new FakeGateway(SECRET, 102);
                EdgeFixture edge = startEdge(cluster("c1", g.address(), 102))) {
            g.accept(edge.daemon().backbone().localAddress());
            await("link up", WAIT, () -> edge.daemon().backbone().clusterUp(0) && g.up());
            try (WebRtcTestPeer peer = WebRtcTestPeer.connect(edge)) {
                long session = awaitOpen(g);
                for (int i = 0; i < 10; i++) {
                    g.sendAgent(session, 1, 960L * i, agentOpus(1, i));
                }
                await("10 agent frames at the client", WAIT, () -> peer.received().size() >= 10);
                List<WebRtcTestPeer.Received> first = peer.received().subList(0, 10);
                for (int i = 0; i < 10; i++) {
                    assertThat(first.get(i).payload()).isEqualTo(agentOpus(1, i));
                    if (i > 0) {
                        assertThat(first.get(i).seq()).isEqualTo((first.get(i - 1).seq() + 1) & 0xFFFF);
                        assertThat(first.get(i).timestamp() - first.get(i - 1).timestamp()).isEqualTo(960);
                    }
                }

                for (int i = 0; i < 50; i++) {
                    g.sendAgent(session, 2, 960L * i, agentOpus(2, i));
                }
                await("response 2 playing", WAIT, () -> countTag(peer, 2) >= 5);
                sendUser(peer, 0, 3, WebRtcTestPeer.QUIET, 0);
                int heardBeforeOnset = countTag(peer, 2);
                sendUser(peer, 3, 2, WebRtcTestPeer.LOUD, 0); // the second loud packet is the onset
                await("CANCEL at the gateway", WAIT, () -> !g.controls(ControlType.CANCEL).isEmpty());
                FakeGateway.Control cancel = g.controls(ControlType.CANCEL).get(0);
                assertThat(cancel.session()).isEqualTo(session);
                assertThat(CancelPayload.valid(cancel.payload().length)).isTrue();
                assertThat(CancelPayload.responseTag(cancel.payload(), 0)).isEqualTo(2);
                assertThat(CancelPayload.userMediaTs(cancel.payload(), 0) & 0xFFFFFFFFL).isEqualTo(FIRST_TS + 960L * 4);
                int played = CancelPayload.agentPlayedMs(cancel.payload(), 0);
                assertThat(played).isBetween(20 * heardBeforeOnset, 20 * 49);
                assertThat(edge.metrics().bargeIns()).isEqualTo(1.0);
                assertThat(edge.metrics().agentFramesAfterBargeIn()).isZero();
                assertThat(countTag(peer, 2)).isLessThan(50);
                // The CANCEL goes out at once; the user frames go through the journal's forwarder (polled
                // every millisecond), so they may arrive just after it.
                await("the 5 user frames at the gateway", WAIT, () -> g.seqs(session).size() >= 5);
                assertThat(g.seqs(session)).isEqualTo(expectedSeqs(0, 5));
            }
        }
    }

    private static byte[] agentOpus(int tag, int i) {
        byte[] p = new byte[40];
        p[0] = (byte) 0x78;
        p[1] = (byte) tag;
        p[2] = (byte) i;
        for (int k = 3; k < p.length; k++) {
            p[k] = (byte) (tag * 31 + i * 7 + k);
        }
        return p;
    }

    private static int countTag(WebRtcTestPeer peer, int tag) {
        int n = 0;
        for (WebRtcTestPeer.Received r : peer.received()) {
            if (r.payload().length > 1 && r.payload()[1] == tag) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aPathOutageLosesNothingAndGarbageFromTheClusterAddressIsDroppedAndCounted() throws Exception {
        try (FakeGateway g = new FakeGateway(SECRET, 103);
                UdpProxy proxy = new UdpProxy(g.address());
                EdgeFixture edge = startEdge(cluster("c1", proxy.edgeFacing(), 103))) {
            g.accept(proxy.gatewayFacing());
            await("link up", WAIT, () -> edge.daemon().backbone().clusterUp(0) && g.up());
            try (WebRtcTestPeer peer = WebRtcTestPeer.connect(edge)) {
                long session = awaitOpen(g);
                sendUser(peer, 0, 60, WebRtcTestPeer.QUIET, 5);
                await("first frames", WAIT, () -> g.seqs(session).size() == 60);

                proxy.blackHole(true);
                sendUser(peer, 60, 150, WebRtcTestPeer.QUIET, 10); // 1.5 s of audio into the outage
                assertThat(g.seqs(session)).hasSize(60);
                proxy.blackHole(false);
                for (int len : new int[] {0, 1, 35, 36, 200, 1232, 1300}) {
                    byte[] junk = new byte[len];
                    java.util.Arrays.fill(junk, (byte) 0x01); // version 1: it gets as far as the tag check
                    proxy.injectTowardEdge(junk);
                }
                sendUser(peer, 210, 40, WebRtcTestPeer.QUIET, 5);

                await("every frame after the outage", WAIT, () -> g.seqs(session).size() >= 250);
                assertThat(g.seqs(session)).isEqualTo(expectedSeqs(0, 250));
                assertPayloads(g, session);
                await("garbage counted", WAIT, () -> tunnelDrops(edge) >= 7);
            }
        }
    }

    private static double tunnelDrops(EdgeFixture edge) {
        return registry(edge).find("voxedge.tunnel.drops").functionCounters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    @Test
    void aForwarderRestartMidStreamLosesNothing() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // the edge's tunnel port must survive the restart for the gateway
        }
        try (FakeGateway g = new FakeGateway(SECRET, 104);
                EdgeFixture edge = startEdge(cluster("c1", g.address(), 104), "backbone.bind", "127.0.0.1:" + port)) {
            BackboneUplink uplink = edge.daemon().backbone();
            g.accept(uplink.localAddress());
            await("link up", WAIT, () -> uplink.clusterUp(0) && g.up());
            try (WebRtcTestPeer peer = WebRtcTestPeer.connect(edge)) {
                long session = awaitOpen(g);
                sendUser(peer, 0, 100, WebRtcTestPeer.QUIET, 2);
                uplink.stop();
                sendUser(peer, 100, 100, WebRtcTestPeer.QUIET, 2); // journaled while nothing forwards
                uplink.resume();
                sendUser(peer, 200, 100, WebRtcTestPeer.QUIET, 2);
                await("every frame after the restart", WAIT, () -> g.seqs(session).size() >= 300);
                assertThat(g.seqs(session)).isEqualTo(expectedSeqs(0, 300));
                assertPayloads(g, session);
            }
        }
    }

    @Test
    void whenAClusterStopsAnsweringItsSessionsMoveToTheNextWithEveryUnackedFrame() throws Exception {
        FakeGateway a = new FakeGateway(SECRET, 105);
        try (FakeGateway b = new FakeGateway(SECRET, 106);
                EdgeFixture edge = startEdge(cluster("a", a.address(), 105) + "," + cluster("b", b.address(), 106))) {
            BackboneUplink uplink = edge.daemon().backbone();
            a.accept(uplink.localAddress());
            b.accept(uplink.localAddress());
            await("links up", WAIT, () -> uplink.clusterUp(0) && uplink.clusterUp(1) && a.up() && b.up());
            try (WebRtcTestPeer peer = WebRtcTestPeer.connect(edge)) {
                long session = awaitOpen(a);
                sendUser(peer, 0, 100, WebRtcTestPeer.QUIET, 2);
                await("first frames at A", WAIT, () -> a.seqs(session).size() == 100);
                a.close(); // A stops answering: its socket is gone

                sendUser(peer, 100, 150, WebRtcTestPeer.QUIET, 20); // 3 s: the edge notices A is down meanwhile
                await("moved to B", WAIT, () -> !b.controls(ControlType.OPEN).isEmpty());
                sendUser(peer, 250, 50, WebRtcTestPeer.QUIET, 2);
                List<Integer> atB = new ArrayList<>();
                await("every later frame at B", WAIT, () -> {
                    List<Integer> s = b.seqs(session);
                    return !s.isEmpty() && s.get(s.size() - 1) == FIRST_SEQ + 299;
                });
                atB.addAll(b.seqs(session));
                JsonObject reopen = b.controls(ControlType.OPEN).get(0).json();
                assertThat(reopen.getBoolean("resumed")).isTrue();
                assertThat(Long.parseUnsignedLong(reopen.getString("session"), 16)).isEqualTo(session);
                assertThat(reopen.getString("subject")).isEqualTo("test-app");

                // B starts at or before the first frame A lacks and has everything from there, once, in order.
                List<Integer> atA = a.seqs(session);
                int firstAtB = atB.get(0);
                assertThat(firstAtB - FIRST_SEQ).isBetween(0, atA.size());
                assertThat(atB).isEqualTo(expectedSeqs(firstAtB - FIRST_SEQ, 300 - (firstAtB - FIRST_SEQ)));
                assertThat(atA).isEqualTo(expectedSeqs(0, atA.size()));
                assertPayloads(b, session);
                assertThat(registry(edge).get("voxedge_backbone_failovers_total").counter().count()).isEqualTo(1.0);
                assertThat(registry(edge).get("voxedge_backbone_sessions").tag("cluster", "b").gauge().value()).isEqualTo(1.0);
                assertThat(uplink.clusterUp(0)).isFalse();
            }
        } finally {
            a.close();
        }
    }
}
