package net.voxedge.edge.signaling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.List;
import java.util.Set;
import net.voxedge.edge.config.EdgeConfig;
import net.voxedge.edge.metrics.EdgeMetrics;
import net.voxedge.topology.http.OversizedRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP signaling, WHIP-shaped (RFC 9725): {@code POST /v1/calls} with an SDP offer answers
 * {@code 201} + {@code Location} + the SDP answer on the same exchange; {@code DELETE} ends the
 * call. Plus the operational endpoints every daemon serves: {@code /healthz}, {@code /readyz},
 * {@code /metrics}.
 */
public final class SignalingServer {
    private static final Logger log = LoggerFactory.getLogger(SignalingServer.class);
    static final int MAX_OFFER_BYTES = 64 * 1024;
    public static final String CALLS_PATH = "/v1/calls";
    /** The internal API signaling fronts forward offers to (served only when {@code internal.key} is set). */
    public static final String INTERNAL_CALLS_PATH = "/internal/v1/calls";
    /**
     * Names, on a 201, the inference cluster the new session's audio goes to (absent when it goes to
     * none): what the edge really uses, which a front passes on instead of the router's wish.
     */
    public static final String CLUSTER_HEADER = "X-Voxedge-Cluster";

    private final Vertx vertx;
    private final EdgeConfig config;
    private final CallService calls;
    private final BearerAuth auth;
    private final EdgeMetrics metrics;
    private final InternalAuth internalAuth;
    private HttpServer server;

    public SignalingServer(Vertx vertx, EdgeConfig config, CallService calls, BearerAuth auth, EdgeMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.calls = calls;
        this.auth = auth;
        this.metrics = metrics;
        this.internalAuth = config.internalApiEnabled() ? new InternalAuth(config.internalKey()) : null;
    }

    public Future<HttpServer> start() {
        Router router = Router.router(vertx);
        router.route().handler(cors(config.corsOrigins()));
        router.post(CALLS_PATH).handler(BodyHandler.create(false).setBodyLimit(MAX_OFFER_BYTES));
        router.post(CALLS_PATH).handler(this::createCall);
        router.delete(CALLS_PATH + "/:id").handler(this::deleteCall);
        router.patch(CALLS_PATH + "/:id").handler(ctx -> ctx.response().setStatusCode(405)
                .putHeader("Allow", "DELETE").end("ICE restart and trickle ICE (PATCH) are not supported yet\n"));
        if (internalAuth != null) {
            router.post(INTERNAL_CALLS_PATH).handler(BodyHandler.create(false).setBodyLimit(MAX_OFFER_BYTES));
            router.post(INTERNAL_CALLS_PATH).handler(this::createForwardedCall);
            router.delete(INTERNAL_CALLS_PATH + "/:id").handler(this::deleteForwardedCall);
        }
        router.options(CALLS_PATH).handler(ctx -> ctx.response().setStatusCode(204)
                .putHeader("Accept-Post", "application/sdp").end());
        router.get("/healthz").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain").end("ok\n"));
        router.get("/readyz").handler(ctx -> {
            boolean ready = calls.ready();
            ctx.response().setStatusCode(ready ? 200 : 503).putHeader("Content-Type", "text/plain").end(ready ? "ready\n" : "not ready\n");
        });
        if (config.dev()) {
            // Dev only (and dev mode only binds loopback): a page to talk to the edge, and a token for it.
            router.get("/").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                    .end(devPage()));
            router.get("/dev/token").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain")
                    .end(auth.mint("dev-page", 3600)));
        }
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
        router.route().failureHandler(SignalingServer::failed);

        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.signalingBind().address().getHostAddress())
                .setPort(config.signalingBind().port());
        if (config.tlsEnabled()) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(config.tlsCertificate().toString())
                    .setKeyPath(config.tlsPrivateKey().toString()));
        }
        return vertx.createHttpServer(options).requestHandler(router).listen().onSuccess(s -> server = s);
    }

    /**
     * Sends the server a health check, an unauthenticated offer (401, after the body handler) and a
     * DELETE of no call (404) through its own HTTP stack, so the first real caller does not pay the
     * HTTP codecs' class loading (~0.15 s cold). None of them counts in the session metrics.
     */
    public Future<Void> warmUp(String token) {
        io.vertx.core.http.HttpClient client = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
                .setSsl(config.tlsEnabled()).setTrustAll(true).setVerifyHost(false));
        String host = config.signalingBind().address().isAnyLocalAddress() ? "127.0.0.1"
                : config.signalingBind().address().getHostAddress();
        int port = port();
        return client.request(HttpMethod.GET, port, host, "/healthz").compose(req -> req.send())
                .compose(res -> res.body())
                .compose(b -> client.request(HttpMethod.POST, port, host, CALLS_PATH))
                .compose(req -> req.putHeader("Content-Type", "application/sdp").send("v=0\r\n"))
                .compose(res -> res.body())
                .compose(b -> client.request(HttpMethod.DELETE, port, host, CALLS_PATH + "/warm-up"))
                .compose(req -> req.putHeader("Authorization", "Bearer " + token).send())
                .compose(res -> res.body())
                .<Void>mapEmpty()
                .eventually(() -> client.close());
    }

    /** The actual port (differs from the configured one when that was 0). */
    public int port() {
        return server.actualPort();
    }

    public String baseUrl() {
        String host = config.signalingBind().address().getHostAddress();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return (config.tlsEnabled() ? "https://" : "http://") + host + ":" + port();
    }

    private static String devPage() {
        try (var in = SignalingServer.class.getResourceAsStream("/web/index.html")) {
            return in == null ? "dev page missing from the build" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "dev page unreadable: " + e.getMessage();
        }
    }

    private static CorsHandler cors(List<String> origins) {
        CorsHandler h = CorsHandler.create();
        if (!origins.contains("*")) {
            for (String o : origins) {
                h.addOrigin(o);
            }
        }
        return h.allowedMethods(Set.of(HttpMethod.POST, HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.OPTIONS, HttpMethod.GET))
                .allowedHeaders(Set.of("Authorization", "Content-Type", "If-Match"))
                .exposedHeaders(Set.of("Location", "ETag", "Link", "Accept-Post", CLUSTER_HEADER))
                .maxAgeSeconds(600);
    }

    private void createCall(RoutingContext ctx) {
        String subject = subjectOrReply401(ctx);
        if (subject == null) {
            return;
        }
        String offer = offerOrReplyError(ctx);
        if (offer == null) {
            return;
        }
        answer(ctx, CALLS_PATH, () -> calls.create(offer, subject));
    }

    /**
     * An offer a signaling front forwarded: the front verified the client; its internal token
     * carries the client's subject and the backup PoP's candidates for the answer.
     */
    private void createForwardedCall(RoutingContext ctx) {
        InternalGrant grant = grantOrReply401(ctx);
        if (grant == null) {
            return;
        }
        String offer = offerOrReplyError(ctx);
        if (offer == null) {
            return;
        }
        log.info("forwarded offer for {} from client {}: cluster {}, backup {} ({} candidates); router: {}",
                grant.subject(), grant.clientIp(), grant.cluster(), grant.backupPop(), grant.backupCandidates().size(),
                grant.reason());
        answer(ctx, INTERNAL_CALLS_PATH, () -> calls.createForwarded(offer, grant));
    }

    /** The offer text, or null after answering 415 (not SDP) or 400 (empty). */
    private static String offerOrReplyError(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/sdp")) {
            plain(ctx, 415, "offer must be sent as Content-Type: application/sdp (got " + contentType + ")");
            return null;
        }
        // An absent body has length -1 and no text: both are "empty", never a null offer.
        String offer = ctx.body() == null || ctx.body().length() <= 0 ? null : ctx.body().asString("UTF-8");
        if (offer == null || offer.isEmpty()) {
            plain(ctx, 400, "empty body: POST an SDP offer");
            return null;
        }
        return offer;
    }

    private void answer(RoutingContext ctx, String pathPrefix, java.util.concurrent.Callable<CallService.CallAnswer> create) {
        // Answering generates keys and parses SDP: keep it off the HTTP event loop.
        vertx.<CallService.CallAnswer>executeBlocking(create, false).onComplete(res -> {
            if (res.succeeded()) {
                CallService.CallAnswer a = res.result();
                if (a.cluster() != null) {
                    ctx.response().putHeader(CLUSTER_HEADER, a.cluster());
                }
                ctx.response().setStatusCode(201)
                        .putHeader("Location", pathPrefix + "/" + a.callId())
                        .putHeader("Content-Type", "application/sdp")
                        .end(a.answerSdp());
            } else if (res.cause() instanceof OfferRejectedException e) {
                metrics.sessionRejected();
                plain(ctx, e.httpStatus(), e.getMessage());
            } else {
                metrics.sessionRejected();
                log.error("creating a call failed", res.cause());
                plain(ctx, 500, "internal error while answering the offer");
            }
        });
    }

    private void deleteCall(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String subject = subjectOrReply401(ctx);
        if (subject == null) {
            return;
        }
        if (calls.delete(id, subject)) {
            ctx.response().setStatusCode(200).end();
        } else {
            plain(ctx, 404, "no such call: " + id);
        }
    }

    /** A front ends a call for the client whose subject its internal token carries. */
    private void deleteForwardedCall(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        InternalGrant grant = grantOrReply401(ctx);
        if (grant == null) {
            return;
        }
        if (calls.delete(id, grant.subject())) {
            ctx.response().setStatusCode(200).end();
        } else {
            plain(ctx, 404, "no such call: " + id);
        }
    }

    /** The internal token's grant, or null after answering 401 with the reason. */
    private InternalGrant grantOrReply401(RoutingContext ctx) {
        try {
            return internalAuth.grantOf(ctx.request().getHeader("Authorization"));
        } catch (BearerAuth.Unauthorized e) {
            unauthorized(ctx, e.getMessage());
            return null;
        }
    }

    /**
     * Requests the router's own handlers refused (a foreign CORS origin, an oversized body). Without this,
     * Vert.x logs each one at ERROR with a stack trace: any bot could fill the logs and page the on-call.
     */
    private static void failed(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        int status = ctx.statusCode();
        switch (status) {
            case 403 -> plain(ctx, 403, "origin not allowed");
            case 404 -> plain(ctx, 404, "not found");
            case 405 -> plain(ctx, 405, "method not allowed");
            case 413 -> OversizedRequest.refuse(ctx.vertx(), ctx.request(), "offer is larger than " + MAX_OFFER_BYTES / 1024 + " KiB");
            default -> {
                if (status >= 400 && status < 500) {
                    plain(ctx, status, "request refused");
                } else {
                    log.error("request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
                    plain(ctx, 500, "internal error");
                }
            }
        }
    }

    /** The bearer token's subject, or null after answering 401 with the reason. */
    private String subjectOrReply401(RoutingContext ctx) {
        try {
            return auth.subjectOf(ctx.request().getHeader("Authorization"));
        } catch (BearerAuth.Unauthorized e) {
            unauthorized(ctx, e.getMessage());
            return null;
        }
    }

    private static void unauthorized(RoutingContext ctx, String reason) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        plain(ctx, 401, reason);
    }

    private static void plain(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(body + "\n");
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
