package net.voxedge.router.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signaling front in front of two real edge daemons (see {@link FrontFixture}): an offer posted
 * at PoP A's front for a client nearest PoP B is forwarded internally to B and answered with B's
 * candidate first and A's at a lower priority; X-Forwarded-For is believed only from trusted
 * proxies; bad tokens go nowhere; a failed PoP falls back to the backup.
 */
class SignalingFrontTest {
    @TempDir
    static Path dir;
    private static FrontFixture network;
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        network = new FrontFixture(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (network != null) {
            network.close();
        }
    }

    private static HttpResponse<String> post(FrontFixture.Front f, String token, String xff, String sdp) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.callsUrl())).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofString(sdp));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (xff != null) {
            b.header("X-Forwarded-For", xff);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> delete(FrontFixture.Front f, String location, String token) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(f.url(location))).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).DELETE().build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** Candidates in answer order: foundation, priority, "ip port". */
    private record Candidate(String foundation, long priority, String address) {
    }

    private static List<Candidate> candidates(String sdp) {
        List<Candidate> out = new ArrayList<>();
        for (String l : sdp.split("\r\n")) {
            if (l.startsWith("a=candidate:")) {
                String[] f = l.substring("a=candidate:".length()).split(" ");
                out.add(new Candidate(f[0], Long.parseLong(f[3]), f[4] + ":" + f[5]));
            }
        }
        return out;
    }

    private static String media(net.voxedge.edge.EdgeDaemon d) {
        var a = d.transport().boundAddresses().get(0);
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    @Test
    void anOfferAtPopAForAClientNearestPopBIsForwardedToBAndAnsweredOnTheSameExchange() throws Exception {
        FrontFixture.Front front = network.startFront(network.frontSettings());
        int activeA = network.edgeA.metrics().sessionsActive();
        int activeB = network.edgeB.metrics().sessionsActive();
        double startedA = FrontFixture.started(network.edgeA);
        double startedB = FrontFixture.started(network.edgeB);

        String token = FrontFixture.clientToken("app-42");
        HttpResponse<String> res = post(front, token, FrontFixture.NEAR_B, FrontFixture.offer());

        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        assertThat(res.headers().firstValue("Content-Type")).hasValue("application/sdp");
        assertThat(res.headers().firstValue("X-Voxedge-Pop")).hasValue("popb");
        assertThat(res.headers().firstValue("X-Voxedge-Backup")).hasValue("popa");
        // These edges run without a cluster (echo) and name none: the router's choice is passed on.
        assertThat(res.headers().firstValue("X-Voxedge-Cluster")).hasValue("eu-central");
        String location = res.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/v1/calls/popb/[0-9a-f]{32}");
        // B's candidate first (the default address too), A's after it at a lower priority.
        List<Candidate> cands = candidates(res.body());
        assertThat(cands).extracting(Candidate::address).containsExactly(media(network.edgeB), media(network.edgeA));
        assertThat(cands.get(1).foundation()).isNotEqualTo(cands.get(0).foundation());
        assertThat(cands.get(1).priority()).isLessThan(cands.get(0).priority());
        String mediaB = media(network.edgeB);
        assertThat(res.body()).contains("m=audio " + mediaB.substring(mediaB.indexOf(':') + 1) + " ",
                "c=IN IP4 127.0.0.3", "a=ice-lite");
        // B's edge made the session, A's did not; A's front forwarded once, to B.
        assertThat(network.edgeB.metrics().sessionsActive()).isEqualTo(activeB + 1);
        assertThat(FrontFixture.started(network.edgeB)).isEqualTo(startedB + 1);
        assertThat(network.edgeA.metrics().sessionsActive()).isEqualTo(activeA);
        assertThat(FrontFixture.started(network.edgeA)).isEqualTo(startedA);
        assertThat(front.forwards("popb")).isEqualTo(1);
        assertThat(front.forwards("popa")).isZero();
        assertThat(front.outcome(FrontOutcome.ANSWERED)).isEqualTo(1.0);

        // DELETE at the front finds B by the path; only the caller's own subject ends it.
        assertThat(delete(front, location, FrontFixture.clientToken("someone-else")).statusCode()).isEqualTo(404);
        assertThat(network.edgeB.metrics().sessionsActive()).isEqualTo(activeB + 1);
        assertThat(delete(front, location, token).statusCode()).isEqualTo(200);
        assertThat(network.edgeB.metrics().sessionsActive()).isEqualTo(activeB);
        assertThat(delete(front, location, token).statusCode()).isEqualTo(404);
        assertThat(delete(front, "/v1/calls/mars1/" + location.substring(location.lastIndexOf('/') + 1), token).body())
                .contains("unknown PoP 'mars1'");
    }

    @Test
    void aClientNearestTheFrontsOwnPopIsServedThereWithTheOtherAsBackup() throws Exception {
        FrontFixture.Front front = network.startFront(network.frontSettings());
        HttpResponse<String> res = post(front, FrontFixture.clientToken("app"), FrontFixture.NEAR_A, FrontFixture.offer());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        assertThat(res.headers().firstValue("X-Voxedge-Pop")).hasValue("popa");
        assertThat(res.headers().firstValue("X-Voxedge-Backup")).hasValue("popb");
        assertThat(candidates(res.body())).extracting(Candidate::address).containsExactly(media(network.edgeA), media(network.edgeB));
        assertThat(delete(front, res.headers().firstValue("Location").orElseThrow(), FrontFixture.clientToken("app")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void xForwardedForIsIgnoredFromAnUntrustedPeerAndMalformedOnesFallBackToThePeer() throws Exception {
        Map<String, Object> untrusting = network.frontSettings();
        untrusting.put("front.trusted-proxies", List.of("10.0.0.0/8"));
        FrontFixture.Front front = network.startFront(untrusting);
        // The peer is 127.0.0.1 (not a proxy we trust): its claim that the client is near B is ignored;
        // loopback has no location, so the router keeps the call at the PoP it arrived at.
        HttpResponse<String> spoofed = post(front, FrontFixture.clientToken("app"), FrontFixture.NEAR_B, FrontFixture.offer());
        assertThat(spoofed.statusCode()).as(spoofed.body()).isEqualTo(201);
        assertThat(spoofed.headers().firstValue("X-Voxedge-Pop")).hasValue("popa");
        delete(front, spoofed.headers().firstValue("Location").orElseThrow(), FrontFixture.clientToken("app"));

        FrontFixture.Front trusting = network.startFront(network.frontSettings());
        for (String bad : new String[] {"not-an-ip", "192.0.2.7, 1.2.3", "[2001:db8::1", FrontFixture.NEAR_B + ",,"}) {
            HttpResponse<String> res = post(trusting, FrontFixture.clientToken("app"), bad, FrontFixture.offer());
            assertThat(res.statusCode()).as("XFF '%s': %s", bad, res.body()).isEqualTo(201);
            assertThat(res.headers().firstValue("X-Voxedge-Pop")).as("XFF '%s'", bad).hasValue("popa");
            delete(trusting, res.headers().firstValue("Location").orElseThrow(), FrontFixture.clientToken("app"));
        }
        assertThat(trusting.registry().counter("voxedge_front_xff_ignored_total", "reason", "malformed").count()).isEqualTo(4.0);
        // Junk the client wrote left of the address our proxy appended is never read.
        HttpResponse<String> chained = post(trusting, FrontFixture.clientToken("app"), "junk, " + FrontFixture.NEAR_B, FrontFixture.offer());
        assertThat(chained.headers().firstValue("X-Voxedge-Pop")).hasValue("popb");
        delete(trusting, chained.headers().firstValue("Location").orElseThrow(), FrontFixture.clientToken("app"));
    }

    @Test
    void aBadClientTokenIsRefusedAtTheFrontAndNothingIsForwarded() throws Exception {
        FrontFixture.Front front = network.startFront(network.frontSettings());
        double startedA = FrontFixture.started(network.edgeA);
        double startedB = FrontFixture.started(network.edgeB);
        assertRefused(post(front, null, FrontFixture.NEAR_B, FrontFixture.offer()), "missing Authorization");
        assertRefused(post(front, FrontFixture.clientToken("app", "another key, at least 32 bytes long!!"), FrontFixture.NEAR_B,
                FrontFixture.offer()), "signature is not valid");
        assertRefused(post(front, "not.a.jwt", FrontFixture.NEAR_B, FrontFixture.offer()), "not a well-formed JWT");
        // A front-to-edge token is no client token, even at the front.
        String internal = new InternalToken(FrontFixture.AUTH_KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8), "popa",
                java.time.Clock.systemUTC()).mint("app", "192.0.2.7", "eu-central", "x", null, List.of());
        assertRefused(post(front, internal, FrontFixture.NEAR_B, FrontFixture.offer()), "internal (front-to-edge) token");
        assertThat(front.outcome(FrontOutcome.UNAUTHORIZED)).isEqualTo(4.0);
        assertThat(front.forwards("popa") + front.forwards("popb")).isZero();
        assertThat(FrontFixture.started(network.edgeA)).isEqualTo(startedA);
        assertThat(FrontFixture.started(network.edgeB)).isEqualTo(startedB);
    }

    @Test
    void theEdgesRefusalOfABadOfferIsPassedThroughAsIs() throws Exception {
        FrontFixture.Front front = network.startFront(network.frontSettings());
        HttpResponse<String> res = post(front, FrontFixture.clientToken("app"), FrontFixture.NEAR_B,
                FrontFixture.offer().replaceAll("a=rtcp-mux\\r?\\n", ""));
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).contains("rtcp-mux");
        assertThat(res.headers().firstValue("X-Voxedge-Pop")).hasValue("popb");
        assertThat(front.outcome(FrontOutcome.EDGE_REFUSED)).isEqualTo(1.0);
        assertThat(front.forwards("popa")).as("a bad offer is not retried at the backup").isZero();
        HttpResponse<String> notSdp = http.send(HttpRequest.newBuilder(URI.create(front.callsUrl()))
                .header("Authorization", "Bearer " + FrontFixture.clientToken("app")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notSdp.statusCode()).isEqualTo(415);
    }

    @Test
    void whenTheChosenPopIsDownTheBackupAnswersAndWhenBothAreDownItIsA503NamingBoth() throws Exception {
        Map<String, Object> bDown = network.frontSettings();
        bDown.put("front.edges.popb", FrontFixture.deadUrl());
        FrontFixture.Front front = network.startFront(bDown);
        HttpResponse<String> res = post(front, FrontFixture.clientToken("app"), FrontFixture.NEAR_B, FrontFixture.offer());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        assertThat(res.headers().firstValue("X-Voxedge-Pop")).hasValue("popa");
        assertThat(res.headers().firstValue("X-Voxedge-Backup")).isEmpty();
        assertThat(res.headers().firstValue("Location").orElseThrow()).startsWith("/v1/calls/popa/");
        assertThat(candidates(res.body())).extracting(Candidate::address).containsExactly(media(network.edgeA));
        assertThat(front.outcome(FrontOutcome.ANSWERED_BY_BACKUP)).isEqualTo(1.0);
        delete(front, res.headers().firstValue("Location").orElseThrow(), FrontFixture.clientToken("app"));

        Map<String, Object> bothDown = network.frontSettings();
        bothDown.put("front.edges.popa", FrontFixture.deadUrl());
        bothDown.put("front.edges.popb", FrontFixture.deadUrl());
        FrontFixture.Front dead = network.startFront(bothDown);
        HttpResponse<String> none = post(dead, FrontFixture.clientToken("app"), FrontFixture.NEAR_B, FrontFixture.offer());
        assertThat(none.statusCode()).isEqualTo(503);
        assertThat(none.body()).contains("PoP popb unreachable", "backup PoP popa unreachable");
        assertThat(dead.outcome(FrontOutcome.UNAVAILABLE)).isEqualTo(1.0);
    }

    @Test
    void anEdgeWithoutTheInternalApiCountsAsDownNotAsTheClientsFault() throws Exception {
        // popb's URL points at an edge with no internal.key: its 404 is the front's problem, so the backup answers.
        try (var plainEdge = net.voxedge.edge.EdgeDaemon.start(net.voxedge.edge.config.EdgeConfig.load(
                net.voxedge.edge.config.ConfigSource.empty().with("dev", "true", "t").with("pop.name", "popb", "t")
                        .with("signaling.bind", "127.0.0.1:0", "t").with("media.bind", "127.0.0.1:0", "t")
                        .with("media.workers", "1", "t").with("auth.key", FrontFixture.AUTH_KEY, "t")))) {
            Map<String, Object> s = network.frontSettings();
            s.put("front.edges.popb", plainEdge.baseUrl());
            FrontFixture.Front front = network.startFront(s);
            HttpResponse<String> res = post(front, FrontFixture.clientToken("app"), FrontFixture.NEAR_B, FrontFixture.offer());
            assertThat(res.statusCode()).isEqualTo(201);
            assertThat(res.headers().firstValue("X-Voxedge-Pop")).hasValue("popa");
            delete(front, res.headers().firstValue("Location").orElseThrow(), FrontFixture.clientToken("app"));
        }
    }

    @Test
    void theClusterHeaderIsTheOneTheEdgeSaysItUsesNotTheRoutersWish() throws Exception {
        // A stand-in for popb's edge that took the offer but sends the session to another cluster than
        // the router's (it lacks the router's, say): the client must be told what the edge really uses.
        io.vertx.core.Vertx vx = io.vertx.core.Vertx.vertx();
        try {
            java.util.concurrent.atomic.AtomicReference<String> claimedCluster = new java.util.concurrent.atomic.AtomicReference<>();
            io.vertx.core.http.HttpServer fake = vx.createHttpServer().requestHandler(req -> {
                String auth = req.getHeader("Authorization");
                try {
                    claimedCluster.set(com.nimbusds.jwt.SignedJWT.parse(auth.substring("Bearer ".length()))
                            .getJWTClaimsSet().getStringClaim("voxedge_cluster"));
                } catch (Exception e) {
                    claimedCluster.set("unreadable: " + e);
                }
                req.response().setStatusCode(201).putHeader("Location", "/internal/v1/calls/abc123")
                        .putHeader("Content-Type", "application/sdp").putHeader(EdgeForwarder.CLUSTER_HEADER, "us-west")
                        .end("v=0\r\n");
            }).listen(0, "127.0.0.1").await(10, java.util.concurrent.TimeUnit.SECONDS);
            Map<String, Object> s = network.frontSettings();
            s.put("front.edges.popb", "http://127.0.0.1:" + fake.actualPort());
            FrontFixture.Front front = network.startFront(s);
            HttpResponse<String> res = post(front, FrontFixture.clientToken("app"), FrontFixture.NEAR_B, FrontFixture.offer());
            assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
            assertThat(claimedCluster.get()).as("the router's cluster, in the internal token").isEqualTo("eu-central");
            assertThat(res.headers().firstValue("X-Voxedge-Pop")).hasValue("popb");
            assertThat(res.headers().firstValue("X-Voxedge-Cluster")).hasValue("us-west");
        } finally {
            vx.close().await(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void anOversizedOfferIsA413AndTheNextRequestIsUnharmed() throws Exception {
        FrontFixture.Front front = network.startFront(network.frontSettings());
        String huge = FrontFixture.offer() + ("a=x-padding:" + "p".repeat(1000) + "\r\n").repeat(70);
        HttpResponse<String> big = post(front, FrontFixture.clientToken("app"), FrontFixture.NEAR_B, huge);
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(big.body()).contains("64 KiB");
        assertThat(front.forwards("popb")).isZero();
        // The refused body's unread rest must not be read as the next request on a kept-alive connection.
        HttpResponse<String> next = post(front, FrontFixture.clientToken("app"), null, "");
        assertThat(next.statusCode()).isEqualTo(400);
        assertThat(next.body()).contains("empty body");
    }

    @Test
    void noHealthyPopIsA503WithTheRoutersReason() throws Exception {
        FrontFixture.Front front = network.startFront(network.frontSettings());
        front.live().setPop("popa", new net.voxedge.router.state.PopState(false, false, 0))
                .setPop("popb", new net.voxedge.router.state.PopState(false, false, 0));
        HttpResponse<String> res = post(front, FrontFixture.clientToken("app"), FrontFixture.NEAR_B, FrontFixture.offer());
        assertThat(res.statusCode()).isEqualTo(503);
        assertThat(res.body()).contains("no PoP");
        assertThat(front.outcome(FrontOutcome.NO_ROUTE)).isEqualTo(1.0);
    }

    @Test
    void browsersSeeTheDecisionHeaders() throws Exception {
        FrontFixture.Front front = network.startFront(network.frontSettings());
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(front.callsUrl()))
                .header("Origin", "https://app.example").header("Authorization", "Bearer " + FrontFixture.clientToken("app"))
                .header("X-Forwarded-For", FrontFixture.NEAR_B).header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString(FrontFixture.offer())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(201);
        assertThat(res.headers().firstValue("Access-Control-Expose-Headers").orElse(""))
                .contains("Location", "X-Voxedge-Pop", "X-Voxedge-Backup", "X-Voxedge-Cluster");
        delete(front, res.headers().firstValue("Location").orElseThrow(), FrontFixture.clientToken("app"));
    }

    private static void assertRefused(HttpResponse<String> res, String reason) {
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.body()).contains(reason);
        assertThat(res.headers().firstValue("WWW-Authenticate")).isPresent();
    }
}
