package net.voxedge.router.front;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import java.net.URI;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import net.voxedge.router.RouterService;
import net.voxedge.router.net.IpLiteral;
import net.voxedge.router.scoring.PopScorer;
import net.voxedge.router.scoring.RouteDecision;
import net.voxedge.topology.Pop;
import net.voxedge.topology.http.OversizedRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The anycast signaling front (geo-router/README.md, "Signaling front"): the edges' WHIP API,
 * {@code POST /v1/calls} and {@code DELETE /v1/calls/POP/ID}, served at every PoP. For each offer
 * it checks the client's token, decides the client's address (peer, or {@code X-Forwarded-For}
 * from a trusted proxy), asks the router for a PoP, a backup and a cluster, and forwards the offer
 * to the chosen PoP's edge over the internal API; the edge's answer goes back on the same
 * exchange. When the chosen edge cannot answer (unreachable, timeout, 5xx, or it refuses the
 * front's token), the backup PoP is tried once. No exception escapes a handler.
 */
public final class SignalingFront {
    private static final Logger log = LoggerFactory.getLogger(SignalingFront.class);
    public static final String CALLS_PATH = "/v1/calls";
    static final int MAX_OFFER_BYTES = 64 * 1024;
    /** Call ids are the edge's: 32 hex digits today; anything else in a path is refused before forwarding. */
    private static final Pattern CALL_ID = Pattern.compile("[0-9a-f]{1,64}");
    private static final byte[] UNSPECIFIED = new byte[4];

    private final FrontSetup setup;
    private final RouterService service;
    private final PopScorer scorer;
    private final EdgeForwarder forwarder;
    private final ClientAuth clientAuth;
    private final InternalToken internalToken;
    private final ClientAddressResolver addresses;
    private final int ownPopIndex;
    private final MeterRegistry registry;
    private final Map<FrontOutcome, Counter> outcomes = new EnumMap<>(FrontOutcome.class);
    private final Map<ForwardedForProblem, Counter> xffIgnored = new EnumMap<>(ForwardedForProblem.class);

    public SignalingFront(FrontSetup setup, RouterService service, EdgeForwarder forwarder, MeterRegistry registry, Clock clock) {
        this.setup = setup;
        this.service = service;
        this.scorer = service.scorer();
        this.forwarder = forwarder;
        this.registry = registry;
        this.clientAuth = new ClientAuth(setup.authKey(), clock);
        this.internalToken = new InternalToken(setup.internalKey(), setup.pop().name(), clock);
        this.addresses = new ClientAddressResolver(setup.config().trustedProxies());
        this.ownPopIndex = scorer.popIndex(setup.pop().name());
        for (FrontOutcome o : FrontOutcome.values()) {
            outcomes.put(o, Counter.builder("voxedge_front_calls_total").tag("outcome", o.label())
                    .description("Offers posted at the signaling front, by how they ended").register(registry));
        }
        for (ForwardedForProblem p : ForwardedForProblem.values()) {
            if (p != ForwardedForProblem.NONE) {
                xffIgnored.put(p, Counter.builder("voxedge_front_xff_ignored_total").tag("reason", p.label())
                        .description("X-Forwarded-For from a trusted proxy that could not be used (the peer address was)")
                        .register(registry));
            }
        }
    }

    /** The routes, on a new Vert.x Web router. */
    public Router router(Vertx vertx) {
        Router r = Router.router(vertx);
        r.route().handler(cors(setup.config().corsOrigins()));
        r.post(CALLS_PATH).handler(BodyHandler.create(false).setBodyLimit(MAX_OFFER_BYTES));
        r.post(CALLS_PATH).handler(this::createCall);
        r.delete(CALLS_PATH + "/:pop/:id").handler(this::deleteCall);
        r.patch(CALLS_PATH + "/:pop/:id").handler(ctx -> ctx.response().setStatusCode(405)
                .putHeader("Allow", "DELETE").end("ICE restart and trickle ICE (PATCH) are not supported yet\n"));
        r.options(CALLS_PATH).handler(ctx -> ctx.response().setStatusCode(204).putHeader("Accept-Post", "application/sdp").end());
        r.get("/healthz").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain").end("ok\n"));
        r.route().failureHandler(this::failed);
        return r;
    }

    private void createCall(RoutingContext ctx) {
        try {
            ClientAuth.Result who = clientAuth.check(ctx.request().getHeader("Authorization"));
            if (!who.ok()) {
                count(FrontOutcome.UNAUTHORIZED);
                ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                plain(ctx, 401, who.refusal());
                return;
            }
            String contentType = ctx.request().getHeader("Content-Type");
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/sdp")) {
                count(FrontOutcome.BAD_REQUEST);
                plain(ctx, 415, "offer must be sent as Content-Type: application/sdp (got " + clip(contentType) + ")");
                return;
            }
            // An absent body has length -1 and no text: both are "empty".
            String offer = ctx.body() == null || ctx.body().length() <= 0 ? null : ctx.body().asString("UTF-8");
            if (offer == null || offer.isEmpty()) {
                count(FrontOutcome.BAD_REQUEST);
                plain(ctx, 400, "empty body: POST an SDP offer");
                return;
            }
            ClientAddress client = clientAddress(ctx);
            RouteDecision d = service.route(client.addr(), client.len(), ownPopIndex);
            if (d.pop() == null || d.cluster() == null) {
                count(FrontOutcome.NO_ROUTE);
                String why = d.pop() == null ? d.reason() : d.clusterReason();
                log.warn("no route for {} ({}): {}", client.text(), who.subject(), why);
                plain(ctx, 503, "no PoP can take the call now: " + why);
                return;
            }
            log.info("offer from {} ({} address) for {}: {} (backup {}, cluster {}): {}", client.text(),
                    client.source().name().toLowerCase(Locale.ROOT), who.subject(), d.pop().name(),
                    d.backup() == null ? "none" : d.backup().name(), d.cluster().id(), d.reason());
            forward(ctx, who.subject(), client, d, offer);
        } catch (RuntimeException e) {
            log.error("POST /v1/calls failed", e);
            plain(ctx, 500, "internal error");
        }
    }

    /** To the chosen PoP; once more to the backup if the chosen one cannot answer. */
    private void forward(RoutingContext ctx, String subject, ClientAddress client, RouteDecision d, String offer) {
        Pop primary = d.pop();
        Pop backup = d.backup();
        String reason = d.reason();
        String cluster = d.cluster().id();
        attempt(primary, internalToken.mint(subject, client.text(), cluster, reason,
                backup == null ? null : backup.name(), backup == null ? List.of() : backup.mediaAddresses()), offer)
                .onComplete(first -> {
                    Attempt a = first.result();
                    if (a.failure() == null) {
                        reply(ctx, a.reply(), primary, backup, cluster, FrontOutcome.ANSWERED);
                        return;
                    }
                    if (backup == null) {
                        log.warn("PoP {} failed ({}) and there is no backup", primary.name(), a.failure());
                        unavailable(ctx, "PoP " + primary.name() + " " + a.failure() + "; no backup PoP");
                        return;
                    }
                    log.warn("PoP {} failed ({}); trying the backup {}", primary.name(), a.failure(), backup.name());
                    // The backup now serves the call alone: the failed PoP is no candidate for it.
                    attempt(backup, internalToken.mint(subject, client.text(), cluster,
                            reason + "; " + primary.name() + " " + a.failure(), null, List.of()), offer)
                            .onComplete(second -> {
                                Attempt b = second.result();
                                if (b.failure() == null) {
                                    reply(ctx, b.reply(), backup, null, cluster, FrontOutcome.ANSWERED_BY_BACKUP);
                                } else {
                                    log.warn("backup PoP {} failed too ({})", backup.name(), b.failure());
                                    unavailable(ctx, "PoP " + primary.name() + " " + a.failure() + "; backup PoP "
                                            + backup.name() + " " + b.failure());
                                }
                            });
                });
    }

    /**
     * One forward; the future always succeeds: with the edge's reply when it answered for itself
     * (201, or a 4xx about the offer), or with why this PoP could not answer.
     */
    private Future<Attempt> attempt(Pop pop, String token, String offer) {
        URI base = setup.edgeBases().get(pop.name());
        long start = System.nanoTime();
        Timer timer = Timer.builder("voxedge_front_forward_seconds").tag("pop", pop.name())
                .description("Time for an edge to answer a forwarded offer").register(registry);
        return forwarder.postOffer(base, token, offer).transform(res -> {
            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            if (res.failed()) {
                String why = res.cause().getMessage();
                return Future.succeededFuture(Attempt.failed("unreachable at " + base + " ("
                        + res.cause().getClass().getSimpleName() + (why == null ? "" : ": " + clip(why)) + ")"));
            }
            EdgeForwarder.Reply r = res.result();
            int s = r.status();
            if (s == 201) {
                if (callIdOf(r.location()) == null) {
                    return Future.succeededFuture(Attempt.failed("answered without a usable Location (" + clip(r.location()) + ")"));
                }
                return Future.succeededFuture(new Attempt(r, null));
            }
            String body = clip(r.body() == null ? "" : r.body().strip());
            if (s == 401 || s == 403) {
                return Future.succeededFuture(Attempt.failed("refused the front's internal token (HTTP " + s + ": " + body
                        + "; do front and edge share internal-signaling?)"));
            }
            if (s == 404) {
                return Future.succeededFuture(Attempt.failed("has no internal API (HTTP 404; is internal.key set on the edge?)"));
            }
            if (s >= 400 && s < 500) {
                return Future.succeededFuture(new Attempt(r, null));
            }
            return Future.succeededFuture(Attempt.failed("answered HTTP " + s + (body.isEmpty() ? "" : ": " + body)));
        });
    }

    /**
     * An edge's answer (or its 4xx about the offer) back to the client, with the decision in headers:
     * the cluster is the one the edge says the session uses (it takes the router's when it can),
     * the router's when the edge names none.
     */
    private void reply(RoutingContext ctx, EdgeForwarder.Reply r, Pop pop, Pop backup, String cluster, FrontOutcome ok) {
        var res = ctx.response();
        String used = r.status() == 201 && r.cluster() != null && !r.cluster().isBlank() ? clip(r.cluster()) : cluster;
        if (!used.equals(cluster)) {
            log.info("PoP {} sends the call to cluster {}, not the router's {} (its log says why)", pop.name(), used, cluster);
        }
        res.putHeader("X-Voxedge-Pop", pop.name()).putHeader("X-Voxedge-Cluster", used);
        if (backup != null) {
            res.putHeader("X-Voxedge-Backup", backup.name());
        }
        if (r.status() != 201) {
            count(FrontOutcome.EDGE_REFUSED);
            res.setStatusCode(r.status()).putHeader("Content-Type", r.contentType() == null ? "text/plain; charset=utf-8" : r.contentType())
                    .end(r.body() == null ? "" : r.body());
            return;
        }
        count(ok);
        res.setStatusCode(201).putHeader("Location", CALLS_PATH + "/" + pop.name() + "/" + callIdOf(r.location()))
                .putHeader("Content-Type", "application/sdp").end(r.body());
    }

    private void unavailable(RoutingContext ctx, String why) {
        count(FrontOutcome.UNAVAILABLE);
        plain(ctx, 503, why);
    }

    private void deleteCall(RoutingContext ctx) {
        try {
            ClientAuth.Result who = clientAuth.check(ctx.request().getHeader("Authorization"));
            if (!who.ok()) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                plain(ctx, 401, who.refusal());
                return;
            }
            String popName = ctx.pathParam("pop");
            String id = ctx.pathParam("id");
            int index = scorer.popIndex(popName);
            if (index < 0) {
                plain(ctx, 404, "no such call: unknown PoP '" + clip(popName) + "'");
                return;
            }
            if (!CALL_ID.matcher(id).matches()) {
                plain(ctx, 404, "no such call: " + clip(id));
                return;
            }
            Pop pop = scorer.pops().get(index);
            ClientAddress client = clientAddress(ctx);
            String token = internalToken.mint(who.subject(), client.text(), null, "delete", null, List.of());
            URI base = setup.edgeBases().get(pop.name());
            forwarder.deleteCall(base, id, token).onComplete(res -> {
                if (res.failed()) {
                    log.warn("DELETE of {} at {}: edge unreachable ({})", id, pop.name(), res.cause().toString());
                    plain(ctx, 503, "PoP " + pop.name() + " unreachable; the call ends by itself when its media stops");
                    return;
                }
                int s = res.result().status();
                if (s == 200 || s == 204) {
                    ctx.response().setStatusCode(200).end();
                } else if (s == 404) {
                    plain(ctx, 404, "no such call: " + id);
                } else {
                    log.warn("DELETE of {} at {}: edge answered {}: {}", id, pop.name(), s, clip(res.result().body()));
                    plain(ctx, 503, "PoP " + pop.name() + " answered HTTP " + s);
                }
            });
        } catch (RuntimeException e) {
            log.error("DELETE {} failed", ctx.request().path(), e);
            plain(ctx, 500, "internal error");
        }
    }

    private ClientAddress clientAddress(RoutingContext ctx) {
        byte[] peer = new byte[16];
        var remote = ctx.request().connection().remoteAddress();
        int len = remote == null || remote.hostAddress() == null ? -1 : IpLiteral.parse(remote.hostAddress(), peer);
        if (len < 0) {
            // Not an IP peer (a unix socket): nothing to locate; the router falls back to this PoP.
            peer = UNSPECIFIED;
            len = 4;
        }
        ClientAddress a = addresses.resolve(peer, len, ctx.request().headers().getAll("X-Forwarded-For"));
        if (a.ignored() != ForwardedForProblem.NONE) {
            xffIgnored.get(a.ignored()).increment();
            log.warn("X-Forwarded-For from trusted proxy {} ignored ({}): '{}'", remote == null ? "?" : remote.hostAddress(),
                    a.ignored().label(), clip(String.join(",", ctx.request().headers().getAll("X-Forwarded-For"))));
        }
        return a;
    }

    /** The call id at the end of an edge's Location ({@code /internal/v1/calls/ID}), or null. */
    private static String callIdOf(String location) {
        if (location == null) {
            return null;
        }
        String id = location.substring(location.lastIndexOf('/') + 1);
        return CALL_ID.matcher(id).matches() ? id : null;
    }

    private void count(FrontOutcome o) {
        outcomes.get(o).increment();
    }

    /** Refusals by Vert.x Web's own handlers (foreign origin, oversized body): plain text, no stack traces. */
    private void failed(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        int status = ctx.statusCode();
        switch (status) {
            case 403 -> plain(ctx, 403, "origin not allowed");
            case 404 -> plain(ctx, 404, "not found");
            case 405 -> plain(ctx, 405, "method not allowed");
            case 413 -> {
                count(FrontOutcome.BAD_REQUEST);
                OversizedRequest.refuse(ctx.vertx(), ctx.request(), "offer is larger than " + MAX_OFFER_BYTES / 1024 + " KiB");
            }
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

    private static CorsHandler cors(List<String> origins) {
        CorsHandler h = CorsHandler.create();
        if (!origins.contains("*")) {
            for (String o : origins) {
                h.addOrigin(o);
            }
        }
        return h.allowedMethods(Set.of(HttpMethod.POST, HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.OPTIONS, HttpMethod.GET))
                .allowedHeaders(Set.of("Authorization", "Content-Type", "If-Match"))
                .exposedHeaders(Set.of("Location", "ETag", "Link", "Accept-Post", "X-Voxedge-Pop", "X-Voxedge-Backup",
                        "X-Voxedge-Cluster"))
                .maxAgeSeconds(600);
    }

    private static void plain(RoutingContext ctx, int status, String body) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(body + "\n");
        }
    }

    /** Echoed text is cut short: an error message must not become an amplifier. */
    private static String clip(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** One forward's result: the edge's reply, or why the PoP could not answer (exactly one non-null). */
    private record Attempt(EdgeForwarder.Reply reply, String failure) {
        static Attempt failed(String why) {
            return new Attempt(null, why);
        }
    }
}
