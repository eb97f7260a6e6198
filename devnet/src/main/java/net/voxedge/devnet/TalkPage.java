package net.voxedge.devnet;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dev front's own pages, beside the signaling API on the same listener: the talk page at
 * {@code /}, the network it talks to at {@code /dev/network}, a bearer token for it at
 * {@code /dev/token}, and every component's metrics at {@code /metrics}. Dev only: the token is
 * handed to anyone who can reach the (loopback) listener.
 */
final class TalkPage {
    private static final Logger log = LoggerFactory.getLogger(TalkPage.class);

    private final String html;
    private final Supplier<JsonObject> network;
    private final Supplier<String> token;
    private final Supplier<String> metrics;

    TalkPage(String html, Supplier<JsonObject> network, Supplier<String> token, Supplier<String> metrics) {
        this.html = html;
        this.network = network;
        this.token = token;
        this.metrics = metrics;
    }

    void mount(Router router, Vertx vertx) {
        router.get("/").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(html));
        router.get("/dev/network").handler(ctx -> reply(ctx, "application/json", () -> network.get().encodePrettily()));
        router.get("/dev/token").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain")
                .putHeader("Cache-Control", "no-store").end(token.get()));
        // Scraping walks every meter of every component: off the event loop.
        router.get("/metrics").handler(ctx -> vertx.executeBlocking(metrics::get, false).onComplete(r -> {
            if (r.succeeded()) {
                ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(r.result());
            } else {
                log.warn("/metrics failed: {}", r.cause().toString());
                ctx.response().setStatusCode(500).end("metrics failed\n");
            }
        }));
        router.get("/favicon.ico").handler(ctx -> ctx.response().setStatusCode(204).end());
        router.get("/readyz").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain").end("ready\n"));
    }

    private static void reply(RoutingContext ctx, String type, Supplier<String> body) {
        try {
            ctx.response().putHeader("Content-Type", type).putHeader("Cache-Control", "no-store").end(body.get());
        } catch (RuntimeException e) {
            log.warn("{} failed: {}", ctx.request().path(), e.toString());
            ctx.response().setStatusCode(500).end("internal error\n");
        }
    }
}
