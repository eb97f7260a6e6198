package net.voxedge.topology.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * The one way every voxedge HTTP endpoint (edge signaling, signaling front) refuses a body over its limit.
 *
 * <p>The connection must end after the 413: the unread rest of the body would otherwise be taken for the
 * client's next request. But closing while the client is still sending makes the kernel answer with a
 * reset, and a reset destroys the 413 still waiting in the client's receive buffer: the client then sees
 * "connection closed, no response" instead of the reason. So the rest of the body is read and dropped first,
 * for at most {@link #DRAIN_MILLIS}, and only then is the connection closed.
 */
public final class OversizedRequest {

    /** Long enough for a client on a slow link to finish sending; short enough to bound a slowloris. */
    public static final long DRAIN_MILLIS = 2_000;

    private OversizedRequest() {}

    public static void refuse(Vertx vertx, HttpServerRequest request, String message) {
        request.response().setStatusCode(413).putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("Connection", "close").end(message + "\n")
                .onComplete(done -> closeAfterBody(vertx, request));
    }

    private static void closeAfterBody(Vertx vertx, HttpServerRequest request) {
        if (request.isEnded()) {
            request.connection().close();
            return;
        }
        long timer = vertx.setTimer(DRAIN_MILLIS, t -> request.connection().close());
        request.handler(ignored -> {});
        request.endHandler(ended -> {
            vertx.cancelTimer(timer);
            request.connection().close();
        });
        request.resume();
    }
}
