package net.voxedge.edge.backbone;

import static net.voxedge.edge.testing.EdgeFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.LongStream;
import net.voxedge.backbone.tunnel.ControlType;
import net.voxedge.edge.session.EdgeSession;
import net.voxedge.edge.signaling.InternalAuth;
import net.voxedge.edge.signaling.SignalingServer;
import net.voxedge.edge.testing.EdgeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster the geo-router chose, as a signaling front forwards it in the internal token: a
 * session goes there when the edge has that cluster and its link is up, even when it is not the
 * first in the edge's own {@code backbone.clusters} order; otherwise (unknown cluster, link down,
 * or a client's own offer with no token) the edge's order decides. Every choice is counted, the
 * answer names the cluster used, and failover mid-session still moves the session on. Real edge
 * daemon, real ICE/DTLS-SRTP client, {@link FakeGateway}s on loopback.
 */
class RouterClusterChoiceTest {
    private static final byte[] SECRET = HexFormat.of().parseHex("00112233445566778899aabbccddeeff0123456789abcdef");
    private static final String INTERNAL_KEY = "voxedge-test-internal-key-0123456789-xyz";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int FIRST_SEQ = 1000;
    private static final long FIRST_TS = 1_000_000L;

    @TempDir
    Path dir;

    private EdgeFixture startEdge(String clusters) throws Exception {
        Path key = dir.resolve("link.key");
        Files.writeString(key, HexFormat.of().formatHex(SECRET) + "\n");
        return EdgeFixture.start("media.handler", "backbone", "backbone.clusters", clusters,
                "backbone.linkKeys", "1:file:" + key, "backbone.journal.dir", dir.resolve("journal").toString(),
                "internal.key", INTERNAL_KEY);
    }

    private static String cluster(String id, InetSocketAddress at, int linkId) {
        return id + "@" + at.getAddress().getHostAddress() + ":" + at.getPort() + "/" + linkId;
    }

    /** An offer as a signaling front forwards it: the internal API, a token naming {@code cluster} (null: no claim). */
    private static WebRtcTestPeer.OfferPoster forwarded(EdgeFixture edge, String cluster) {
        return sdp -> {
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("test-app").audience(InternalAuth.AUDIENCE)
                    .issuer("voxedge-front:local").issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(30)))
                    .claim(InternalAuth.CLAIM_CLIENT_IP, "192.0.2.7").claim(InternalAuth.CLAIM_CLUSTER, cluster)
                    .claim(InternalAuth.CLAIM_REASON, "test").build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(INTERNAL_KEY.getBytes(StandardCharsets.UTF_8)));
            HttpRequest req = HttpRequest.newBuilder(URI.create(edge.daemon().baseUrl() + SignalingServer.INTERNAL_CALLS_PATH))
                    .header("Authorization", "Bearer " + jwt.serialize()).header("Content-Type", "application/sdp")
                    .POST(HttpRequest.BodyPublishers.ofString(sdp)).build();
            return edge.http().send(req, HttpResponse.BodyHandlers.ofString());
        };
    }

    private static double choices(EdgeFixture edge, String choice, String reason) {
        return edge.metrics().registry().get("voxedge_backbone_cluster_choice_total").tag("choice", choice)
                .tag("reason", reason).counter().count();
    }

    private static double sessionsOn(EdgeFixture edge, String cluster) {
        return edge.metrics().registry().get("voxedge_backbone_sessions").tag("cluster", cluster).gauge().value();
    }

    private static long awaitOpen(FakeGateway g, int n) {
        await("OPEN number " + n + " at the gateway", WAIT, () -> g.controls(ControlType.OPEN).size() >= n);
        return Long.parseUnsignedLong(g.controls(ControlType.OPEN).get(n - 1).json().getString("session"), 16);
    }

    private static void sendUser(WebRtcTestPeer peer, int from, int count, long pauseMillis) throws Exception {
        for (int i = from; i < from + count; i++) {
            long ext = FIRST_SEQ + (long) i;
            peer.sendAudio((int) ext, FIRST_TS + 960L * i, WebRtcTestPeer.QUIET, WebRtcTestPeer.userPayload(ext));
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
        }
    }

    private static List<Integer> expectedSeqs(int from, int count) {
        return LongStream.range(FIRST_SEQ + (long) from, FIRST_SEQ + (long) from + count).mapToObj(l -> (int) l).toList();
    }

    @Test
    void theRoutersClusterIsUsedThoughSecondInTheEdgesOrderAndFailsOverWhenItDies() throws Exception {
        try (FakeGateway a = new FakeGateway(SECRET, 201);
                FakeGateway b = new FakeGateway(SECRET, 202);
                EdgeFixture edge = startEdge(cluster("a", a.address(), 201) + "," + cluster("b", b.address(), 202))) {
            BackboneUplink uplink = edge.daemon().backbone();
            a.accept(uplink.localAddress());
            b.accept(uplink.localAddress());
            await("links up", WAIT, () -> uplink.clusterUp(0) && uplink.clusterUp(1) && a.up() && b.up());
            try (WebRtcTestPeer peer = WebRtcTestPeer.connect(forwarded(edge, "b"))) {
                assertThat(peer.answer.headers().firstValue(SignalingServer.CLUSTER_HEADER)).hasValue("b");
                long session = awaitOpen(b, 1);
                EdgeSession s = edge.daemon().sessions().registry().byId(session);
                assertThat(s.placement().name()).isEqualTo("b");
                assertThat(uplink.session(session).cluster()).as("position of b in backbone.clusters").isEqualTo(1);
                assertThat(b.controls(ControlType.OPEN).get(0).json().getBoolean("resumed")).isFalse();

                sendUser(peer, 0, 100, 2);
                await("100 frames at b", WAIT, () -> b.seqs(session).size() >= 100);
                assertThat(b.seqs(session)).isEqualTo(expectedSeqs(0, 100));
                assertThat(a.frames).as("nothing at a, the edge's own first choice").isEmpty();
                assertThat(a.controls).isEmpty();
                assertThat(choices(edge, "router", "requested")).isEqualTo(1.0);
                assertThat(choices(edge, "own_order", "no_request")).isZero();
                assertThat(sessionsOn(edge, "b")).isEqualTo(1.0);
                assertThat(sessionsOn(edge, "a")).isZero();

                // The router's cluster dies mid-session: the session fails over to a, as any session would.
                b.close();
                sendUser(peer, 100, 150, 20); // 3 s: the edge notices b is down meanwhile
                await("moved to a", WAIT, () -> !a.controls(ControlType.OPEN).isEmpty());
                sendUser(peer, 250, 50, 2);
                await("every later frame at a", WAIT, () -> {
                    List<Integer> atA = a.seqs(session);
                    return !atA.isEmpty() && atA.getLast() == FIRST_SEQ + 299;
                });
                JsonObject reopen = a.controls(ControlType.OPEN).get(0).json();
                assertThat(reopen.getBoolean("resumed")).isTrue();
                assertThat(Long.parseUnsignedLong(reopen.getString("session"), 16)).isEqualTo(session);
                List<Integer> atA = a.seqs(session);
                int firstAtA = atA.getFirst() - FIRST_SEQ;
                assertThat(firstAtA).as("a starts at or before the first frame b lacks").isBetween(0, b.seqs(session).size());
                assertThat(atA).isEqualTo(expectedSeqs(firstAtA, 300 - firstAtA));
                assertThat(edge.metrics().registry().get("voxedge_backbone_failovers_total").counter().count()).isEqualTo(1.0);
                assertThat(uplink.session(session).cluster()).isZero();
                assertThat(sessionsOn(edge, "a")).isEqualTo(1.0);
            }
        }
    }

    @Test
    void anUnknownOrDownClusterAndADirectOfferFollowTheEdgesOwnOrderAndAreCounted() throws Exception {
        try (FakeGateway a = new FakeGateway(SECRET, 211);
                FakeGateway b = new FakeGateway(SECRET, 212);
                FakeGateway silent = new FakeGateway(SECRET, 213); // never accepts: c's link stays down
                EdgeFixture edge = startEdge(cluster("a", a.address(), 211) + "," + cluster("b", b.address(), 212)
                        + "," + cluster("c", silent.address(), 213))) {
            BackboneUplink uplink = edge.daemon().backbone();
            a.accept(uplink.localAddress());
            b.accept(uplink.localAddress());
            await("links a and b up", WAIT, () -> uplink.clusterUp(0) && uplink.clusterUp(1) && a.up() && b.up());
            assertThat(uplink.clusterUp(2)).isFalse();

            // 1. The router named a cluster this edge does not have.
            try (WebRtcTestPeer peer = WebRtcTestPeer.connect(forwarded(edge, "us-nowhere"))) {
                assertThat(peer.answer.headers().firstValue(SignalingServer.CLUSTER_HEADER)).hasValue("a");
                long session = awaitOpen(a, 1);
                assertThat(edge.daemon().sessions().registry().byId(session).placement().why())
                        .contains("us-nowhere", "does not list");
                sendUser(peer, 0, 20, 2);
                await("20 frames at a", WAIT, () -> a.seqs(session).size() >= 20);
                assertThat(a.seqs(session)).isEqualTo(expectedSeqs(0, 20));
                assertThat(choices(edge, "own_order", "unknown_cluster")).isEqualTo(1.0);
            }
            // 2. The router named a configured cluster whose link is down.
            try (WebRtcTestPeer peer = WebRtcTestPeer.connect(forwarded(edge, "c"))) {
                assertThat(peer.answer.headers().firstValue(SignalingServer.CLUSTER_HEADER)).hasValue("a");
                long session = awaitOpen(a, 2);
                sendUser(peer, 0, 20, 2);
                await("20 frames at a", WAIT, () -> a.seqs(session).size() >= 20);
                assertThat(choices(edge, "own_order", "cluster_down")).isEqualTo(1.0);
            }
            // 3. A client's own offer (public API, no token from a front): the edge's order.
            try (WebRtcTestPeer peer = WebRtcTestPeer.connect(edge)) {
                assertThat(peer.answer.headers().firstValue(SignalingServer.CLUSTER_HEADER)).hasValue("a");
                long session = awaitOpen(a, 3);
                sendUser(peer, 0, 20, 2);
                await("20 frames at a", WAIT, () -> a.seqs(session).size() >= 20);
                assertThat(choices(edge, "own_order", "no_request")).isEqualTo(1.0);
            }
            // 4. A front's token that names no cluster counts as unknown, not as a direct offer.
            try (WebRtcTestPeer peer = WebRtcTestPeer.connect(forwarded(edge, null))) {
                assertThat(peer.answer.headers().firstValue(SignalingServer.CLUSTER_HEADER)).hasValue("a");
                awaitOpen(a, 4);
            }
            assertThat(b.frames).as("b is second in the edge's order: nothing went there").isEmpty();
            assertThat(b.controls).isEmpty();
            assertThat(silent.frames).isEmpty();
            assertThat(choices(edge, "router", "requested")).isZero();
            assertThat(choices(edge, "own_order", "unknown_cluster")).isEqualTo(2.0);
        }
    }
}
