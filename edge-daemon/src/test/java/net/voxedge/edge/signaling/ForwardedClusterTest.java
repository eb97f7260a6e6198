package net.voxedge.edge.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import net.voxedge.edge.config.EdgeConfig;
import net.voxedge.edge.metrics.EdgeMetrics;
import net.voxedge.edge.testing.EdgeFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The signaling server alone, over a recording {@link CallService}: the internal API hands the
 * session side the cluster the front's token names (the router's choice), the public API names
 * none, and the cluster the session side says it uses comes back as {@code X-Voxedge-Cluster}.
 */
class ForwardedClusterTest {
    /** One create call as the session side saw it. */
    record Created(String subject, String requestedCluster) {
    }

    /** Answers every offer with a fixed SDP; uses the requested cluster, or "own-first" when none or an odd one. */
    static class RecordingCalls implements CallService {
        final List<Created> created = new CopyOnWriteArrayList<>();

        @Override
        public CallAnswer create(String offerSdp, String subject, String requestedCluster) {
            created.add(new Created(subject, requestedCluster));
            String used = "eu-central".equals(requestedCluster) || "us-east".equals(requestedCluster) ? requestedCluster
                    : "own-first";
            return new CallAnswer("00ff", "v=0\r\na=candidate:1 1 udp 2 127.0.0.1 9 typ host\r\na=end-of-candidates\r\n", used);
        }

        @Override
        public boolean delete(String callId, String subject) {
            return false;
        }

        @Override
        public boolean ready() {
            return true;
        }
    }

    private static Vertx vertx;
    private static SignalingServer server;
    private static final RecordingCalls calls = new RecordingCalls();
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static BearerAuth auth;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        EdgeConfig config = EdgeConfig.load(EdgeFixture.config("internal.key", InternalSignalingTest.INTERNAL_KEY));
        auth = new BearerAuth(config.authKey());
        server = new SignalingServer(vertx, config, calls, auth, new EdgeMetrics());
        server.start().await(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static HttpResponse<String> post(String path, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Authorization", authorization)
                .header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofString("v=0\r\n")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String internalToken(String subject, String cluster) throws Exception {
        return "Bearer " + InternalSignalingTest.sign(InternalSignalingTest.frontClaims(subject)
                .claim(InternalAuth.CLAIM_CLUSTER, cluster).build(), InternalSignalingTest.INTERNAL_KEY.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theInternalApiPassesTheTokensClusterToTheSessionAndAnswersWithTheOneUsed() throws Exception {
        calls.created.clear();
        HttpResponse<String> res = post(SignalingServer.INTERNAL_CALLS_PATH, internalToken("app-1", "us-east"));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        assertThat(calls.created).containsExactly(new Created("app-1", "us-east"));
        assertThat(res.headers().firstValue(SignalingServer.CLUSTER_HEADER)).hasValue("us-east");
        // the grant's backup candidates still go into the answer
        assertThat(res.body()).contains("a=candidate:b1 ", "127.0.0.3 40000");

        res = post(SignalingServer.INTERNAL_CALLS_PATH, internalToken("app-2", "mars-1"));
        assertThat(res.statusCode()).isEqualTo(201);
        assertThat(calls.created.get(1)).isEqualTo(new Created("app-2", "mars-1"));
        assertThat(res.headers().firstValue(SignalingServer.CLUSTER_HEADER)).hasValue("own-first");
    }

    @Test
    void aTokenWithoutAClusterAsksForAnEmptyOneAndAClientsOwnOfferForNone() throws Exception {
        calls.created.clear();
        assertThat(post(SignalingServer.INTERNAL_CALLS_PATH, internalToken("app-3", null)).statusCode()).isEqualTo(201);
        assertThat(calls.created).containsExactly(new Created("app-3", ""));

        calls.created.clear();
        HttpResponse<String> res = post(SignalingServer.CALLS_PATH, "Bearer " + auth.mint("app-4", 60));
        assertThat(res.statusCode()).isEqualTo(201);
        assertThat(calls.created).containsExactly(new Created("app-4", null));
        assertThat(res.headers().firstValue(SignalingServer.CLUSTER_HEADER)).hasValue("own-first");
    }

    @Test
    void noClusterHeaderWhenTheSessionGoesToNone() throws Exception {
        CallService echo = new RecordingCalls() {
            @Override
            public CallAnswer create(String offerSdp, String subject, String requestedCluster) {
                return new CallAnswer("00aa", "v=0\r\na=end-of-candidates\r\n");
            }
        };
        EdgeConfig config = EdgeConfig.load(EdgeFixture.config());
        SignalingServer plain = new SignalingServer(vertx, config, echo, auth, new EdgeMetrics());
        plain.start().await(10, TimeUnit.SECONDS);
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(plain.baseUrl() + SignalingServer.CALLS_PATH))
                    .header("Authorization", "Bearer " + auth.mint("app-5", 60)).header("Content-Type", "application/sdp")
                    .POST(HttpRequest.BodyPublishers.ofString("v=0\r\n")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(201);
            assertThat(res.headers().firstValue(SignalingServer.CLUSTER_HEADER)).isEmpty();
        } finally {
            plain.close().await(10, TimeUnit.SECONDS);
        }
    }
}
