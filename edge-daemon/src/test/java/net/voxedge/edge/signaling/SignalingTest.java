package net.voxedge.edge.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import net.voxedge.edge.testing.EdgeFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The HTTP API against a running daemon: auth, content checks, call lifecycle, CORS, operational endpoints. */
class SignalingTest {
    private static final byte[] KEY = EdgeFixture.AUTH_KEY.getBytes(StandardCharsets.UTF_8);
    private static final String APP_ORIGIN = "https://app.example";

    private static EdgeFixture edge;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        edge = EdgeFixture.start();
        http = edge.http();
    }

    @AfterAll
    static void stop() {
        if (edge != null) {
            edge.close();
        }
    }

    // ---- bearer auth ----

    @Test
    void aPostWithoutCredentialsIsRefusedWithAReason() throws Exception {
        HttpResponse<String> res = send(offerRequest(edge).build());
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.body()).contains("missing Authorization");
        assertThat(res.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void aNonBearerSchemeIsRefused() throws Exception {
        assertRefused("Basic dXNlcjpwYXNz", "Bearer scheme");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        assertRefused("Bearer " + new BearerAuth(KEY, anHourAgo).mint("app", 60), "expired");
    }

    @Test
    void aForgedSignatureIsRefused() throws Exception {
        String token = edge.daemon().mintToken("app", 300);
        int sig = token.lastIndexOf('.') + 1;
        char c = token.charAt(sig + 3);
        String forged = token.substring(0, sig + 3) + (c == 'A' ? 'B' : 'A') + token.substring(sig + 4);
        assertRefused("Bearer " + forged, "signature");
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() throws Exception {
        byte[] other = "another key, at least 32 bytes long....".getBytes(StandardCharsets.UTF_8);
        assertRefused("Bearer " + new BearerAuth(other).mint("app", 300), "signature");
    }

    @Test
    void aTokenWithoutSubjectIsRefused() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().expirationTime(inAnHour()).build();
        assertRefused("Bearer " + sign(JWSAlgorithm.HS256, claims), "no subject");
    }

    @Test
    void aTokenWithoutExpiryIsRefused() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("app").build();
        assertRefused("Bearer " + sign(JWSAlgorithm.HS256, claims), "no expiry");
    }

    @Test
    void anotherHmacAlgorithmIsRefusedEvenWithTheRightKey() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("app").expirationTime(inAnHour()).build();
        assertRefused("Bearer " + sign(JWSAlgorithm.HS512, claims), "HS256");
    }

    @Test
    void anUnsignedAlgNoneTokenIsRefused() throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"sub\":\"app\",\"exp\":" + (inAnHour().getTime() / 1000) + "}")
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> res = send(offerRequest(edge).header("Authorization", "Bearer " + header + "." + claims + ".").build());
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(edge.metrics().sessionsActive()).isZero();
    }

    // ---- the offer ----

    @Test
    void theOfferMustBeSdp() throws Exception {
        HttpResponse<String> res = send(authed(edge).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(EdgeFixture.offer())).build());
        assertThat(res.statusCode()).isEqualTo(415);
        assertThat(res.body()).contains("application/sdp");
        HttpResponse<String> none = send(authed(edge).POST(HttpRequest.BodyPublishers.ofString(EdgeFixture.offer())).build());
        assertThat(none.statusCode()).isEqualTo(415);
    }

    @Test
    void anEmptyOfferIsABadRequest() throws Exception {
        HttpResponse<String> res = send(authed(edge).header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).contains("empty");
    }

    @Test
    void aMalformedOfferIsABadRequestThatNamesTheProblem() throws Exception {
        String offer = EdgeFixture.offer();
        assertBadOffer(offer.replaceAll("a=rtcp-mux\\r?\\n", ""), "rtcp-mux");
        assertBadOffer(offer.replaceAll("a=rtpmap:111 opus/48000/2\\r?\\n", ""), "Opus");
        assertBadOffer(offer.replaceAll("a=fingerprint:[^\\r\\n]*\\r?\\n", ""), "fingerprint");
        assertBadOffer(offer.replaceAll("a=ice-pwd:[^\\r\\n]*\\r?\\n", ""), "ice-pwd");
        assertBadOffer("hello, I am not SDP\r\n", "line 1");
        assertThat(edge.metrics().sessionsActive()).isZero();
    }

    @Test
    void anOfferOver64KiBIsTooLarge() throws Exception {
        String huge = EdgeFixture.offer() + ("a=x-padding:" + "p".repeat(1000) + "\r\n").repeat(70);
        HttpResponse<String> res = send(authed(edge).header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString(huge)).build());
        assertThat(res.statusCode()).isEqualTo(413);
        assertThat(res.body()).contains("64 KiB");
    }

    /**
     * A client still sending when the 413 is written must read the reason, not a reset: closing with unread
     * bytes in the server's buffer resets the connection, and the reset destroys the answer in the client's.
     * The client here pauses mid-body, so the server has long answered when the rest arrives.
     */
    @Test
    void aClientStillSendingAfterThe413ReadsTheReasonNotAReset() throws Exception {
        URI url = URI.create(edge.daemon().callsUrl());
        int bodyBytes = 1 << 20;
        try (java.net.Socket socket = new java.net.Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(5_000);
            var out = socket.getOutputStream();
            out.write(("POST " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getHost() + "\r\nAuthorization: "
                    + edge.bearer() + "\r\nContent-Type: application/sdp\r\nContent-Length: " + bodyBytes
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 << 10];
            java.util.Arrays.fill(chunk, (byte) 'p');
            out.write(chunk);
            out.write(chunk);
            out.flush();
            Thread.sleep(300); // the server answers 413 meanwhile
            for (int sent = 2 * chunk.length; sent < bodyBytes; sent += chunk.length) {
                out.write(chunk);
            }
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413").contains("64 KiB");
        }
        assertThat(edge.metrics().sessionsActive()).isZero();
    }

    // ---- call lifecycle ----

    @Test
    void aValidOfferGetsAnIceLiteAnswerAndTheCallCanBeDeletedOnce() throws Exception {
        HttpResponse<String> res = edge.post(EdgeFixture.offer());
        assertThat(res.statusCode()).isEqualTo(201);
        assertThat(res.headers().firstValue("Content-Type")).hasValue("application/sdp");
        String location = res.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/v1/calls/[0-9a-f]{32}");
        assertThat(res.body()).contains("a=ice-lite", "a=setup:passive", "a=fingerprint:sha-256 ", "a=rtcp-mux",
                "a=candidate:", "opus/48000/2");

        // Another app's token does not reach this call.
        HttpRequest foreign = HttpRequest.newBuilder(URI.create(edge.daemon().baseUrl() + location))
                .header("Authorization", "Bearer " + edge.daemon().mintToken("another-app", 300)).DELETE().build();
        assertThat(send(foreign).statusCode()).isEqualTo(404);
        HttpRequest anonymous = HttpRequest.newBuilder(URI.create(edge.daemon().baseUrl() + location)).DELETE().build();
        assertThat(send(anonymous).statusCode()).isEqualTo(401);

        assertThat(edge.delete(location)).isEqualTo(200);
        assertThat(edge.delete(location)).isEqualTo(404);
        assertThat(edge.delete("/v1/calls/00000000000000000000000000000000")).isEqualTo(404);
    }

    @Test
    void patchIsNotSupportedYet() throws Exception {
        HttpResponse<String> res = send(authed(edge).uri(URI.create(edge.daemon().callsUrl() + "/abc"))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("a=candidate:1 1 udp 1 192.0.2.1 9 typ host\r\n"))
                .header("Content-Type", "application/trickle-ice-sdpfrag").build());
        assertThat(res.statusCode()).isEqualTo(405);
        assertThat(res.headers().firstValue("Allow")).isPresent();
        HttpResponse<String> put = send(authed(edge).uri(URI.create(edge.daemon().callsUrl()))
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(put.statusCode()).isEqualTo(405);
    }

    // ---- CORS ----

    @Test
    void aBrowserPreflightIsAllowedAndTheLocationIsExposed() throws Exception {
        HttpResponse<String> pre = send(preflight(edge, APP_ORIGIN));
        assertThat(pre.statusCode()).isBetween(200, 204);
        assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).hasValueSatisfying(
                v -> assertThat(v).isIn("*", APP_ORIGIN));
        assertThat(pre.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
        assertThat(pre.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
                .contains("authorization", "content-type");

        HttpResponse<String> post = send(authed(edge).header("Origin", APP_ORIGIN).header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString(EdgeFixture.offer())).build());
        assertThat(post.statusCode()).isEqualTo(201);
        assertThat(post.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("Location");
        assertThat(edge.delete(post.headers().firstValue("Location").orElseThrow())).isEqualTo(200);
    }

    /** One daemon with an origin allow-list and room for one session. */
    @Test
    void anOriginAllowListRefusesForeignOriginsAndCapacityIsAReasoned503() throws Exception {
        try (EdgeFixture limited = EdgeFixture.start("signaling.cors.origins", APP_ORIGIN, "sessions.max", "1")) {
            HttpResponse<String> ok = send(preflight(limited, APP_ORIGIN));
            assertThat(ok.statusCode()).isBetween(200, 204);
            assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP_ORIGIN);
            // Any bot can send a foreign Origin: refusing it is routine, not an ERROR with a stack trace.
            List<ILoggingEvent> errors = new ArrayList<>();
            AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
                @Override
                protected void append(ILoggingEvent e) {
                    if (e.getLevel().isGreaterOrEqual(Level.WARN)) {
                        synchronized (errors) {
                            errors.add(e);
                        }
                    }
                }
            };
            Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            capture.start();
            root.addAppender(capture);
            try {
                HttpResponse<String> foreign = send(preflight(limited, "https://evil.example"));
                assertThat(foreign.statusCode()).isEqualTo(403);
                assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
                HttpResponse<String> foreignPost = send(authed(limited).header("Origin", "https://evil.example")
                        .header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofString(EdgeFixture.offer())).build());
                assertThat(foreignPost.statusCode()).isEqualTo(403);
                assertThat(foreignPost.body()).contains("origin");
            } finally {
                root.detachAppender(capture);
            }
            synchronized (errors) {
                assertThat(errors).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
            }
            assertThat(limited.metrics().sessionsActive()).isZero();

            assertThat(limited.post(EdgeFixture.offer()).statusCode()).isEqualTo(201);
            HttpResponse<String> full = limited.post(EdgeFixture.offer());
            assertThat(full.statusCode()).isEqualTo(503);
            assertThat(full.body()).contains("capacity");
            assertThat(limited.metrics().sessionsActive()).isEqualTo(1);
            assertThat(get(limited, "/metrics").body()).contains("voxedge_sessions_rejected_total 1.0");
        }
    }

    // ---- operations ----

    @Test
    void healthReadinessAndMetricsAreServed() throws Exception {
        HttpResponse<String> health = get(edge, "/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(get(edge, "/readyz").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get(edge, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("voxedge_drops_total{reason=\"token_bad_mac\"}", "voxedge_sessions_active",
                "voxedge_packets_total");
    }

    // ---- helpers ----

    private static void assertRefused(String authorization, String reason) throws Exception {
        HttpResponse<String> res = send(offerRequest(edge).header("Authorization", authorization).build());
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.body()).contains(reason);
        assertThat(edge.metrics().sessionsActive()).isZero();
    }

    private static void assertBadOffer(String sdp, String named) throws Exception {
        HttpResponse<String> res = edge.post(sdp);
        assertThat(res.statusCode()).as("status for an offer lacking %s", named).isEqualTo(400);
        assertThat(res.body()).contains(named);
    }

    private static HttpRequest.Builder authed(EdgeFixture e) {
        return HttpRequest.newBuilder(URI.create(e.daemon().callsUrl())).header("Authorization", e.bearer());
    }

    private static HttpRequest.Builder offerRequest(EdgeFixture e) {
        return HttpRequest.newBuilder(URI.create(e.daemon().callsUrl())).header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString(EdgeFixture.offer()));
    }

    private static HttpRequest preflight(EdgeFixture e, String origin) {
        return HttpRequest.newBuilder(URI.create(e.daemon().callsUrl())).header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build();
    }

    private static HttpResponse<String> get(EdgeFixture e, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(e.daemon().baseUrl() + path)).GET().build());
    }

    private static HttpResponse<String> send(HttpRequest req) throws Exception {
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private static String sign(JWSAlgorithm alg, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        jwt.sign(new MACSigner(alg == JWSAlgorithm.HS512 ? pad64(KEY) : KEY));
        return jwt.serialize();
    }

    /** HS512 needs a 64-byte key; the daemon's key repeated is still "the right key" for the test's purpose. */
    private static byte[] pad64(byte[] key) {
        byte[] out = new byte[64];
        for (int i = 0; i < out.length; i++) {
            out[i] = key[i % key.length];
        }
        return out;
    }

    private static Date inAnHour() {
        return Date.from(Instant.now().plus(Duration.ofHours(1)));
    }
}
