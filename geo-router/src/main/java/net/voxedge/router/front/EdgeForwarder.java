package net.voxedge.router.front;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;

/**
 * The front's HTTP client to the edges' internal API ({@code POST /internal/v1/calls},
 * {@code DELETE /internal/v1/calls/ID}). One pooled Vert.x client for all edges; {@code https}
 * edge URLs are verified against the JVM's trust store (host names included). A future fails
 * when the edge cannot be reached or does not answer within the timeout; any HTTP answer,
 * error statuses included, is a {@link Reply}.
 */
public final class EdgeForwarder implements AutoCloseable {
    /** The edges' internal API, under each edge's base URL. */
    public static final String INTERNAL_CALLS_PATH = "/internal/v1/calls";

    /** The edge's answer header naming the cluster the new session really uses (absent: none, or an older edge). */
    public static final String CLUSTER_HEADER = "X-Voxedge-Cluster";

    /**
     * What an edge answered.
     *
     * @param cluster the edge's {@value #CLUSTER_HEADER}, or null
     */
    public record Reply(int status, String contentType, String location, String body, String cluster) {
    }

    private final HttpClientAgent client;
    private final long timeoutMs;

    public EdgeForwarder(Vertx vertx, Duration timeout) {
        this.timeoutMs = timeout.toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions().setVerifyHost(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs)));
    }

    /** Forwards an offer; {@code token} is the internal token. */
    public Future<Reply> postOffer(URI edgeBase, String token, String offerSdp) {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(edgeBase + INTERNAL_CALLS_PATH).setTimeout(timeoutMs)
                .putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/sdp");
        return client.request(o).compose(req -> req.send(Buffer.buffer(offerSdp))).compose(res -> res.body()
                .map(b -> new Reply(res.statusCode(), res.getHeader("Content-Type"), res.getHeader("Location"), b.toString(),
                        res.getHeader(CLUSTER_HEADER))));
    }

    /** Ends a call on an edge; {@code callId} was checked to be plain hex. */
    public Future<Reply> deleteCall(URI edgeBase, String callId, String token) {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.DELETE)
                .setAbsoluteURI(edgeBase + INTERNAL_CALLS_PATH + "/" + callId).setTimeout(timeoutMs)
                .putHeader("Authorization", "Bearer " + token);
        return client.request(o).compose(req -> req.send()).compose(res -> res.body()
                .map(b -> new Reply(res.statusCode(), res.getHeader("Content-Type"), res.getHeader("Location"), b.toString(),
                        res.getHeader(CLUSTER_HEADER))));
    }

    @Override
    public void close() {
        client.close();
    }
}
