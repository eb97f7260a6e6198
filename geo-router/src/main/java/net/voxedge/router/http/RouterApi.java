package net.voxedge.router.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.voxedge.router.RouterService;
import net.voxedge.router.geo.GeoLocation;
import net.voxedge.router.net.IpLiteral;
import net.voxedge.router.net.PrefixKeys;
import net.voxedge.router.scoring.PopScorer;
import net.voxedge.router.scoring.RouteDecision;
import net.voxedge.router.state.PopState;
import net.voxedge.topology.Pop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's HTTP API on Vert.x Web (geo-router/README.md documents it):
 * {@code GET /v1/route?ip=&via=}, {@code GET /v1/pops}, {@code GET /v1/pops/:name},
 * {@code POST /v1/rtt}, {@code GET /healthz} and, when given a scrape function, {@code GET /metrics}.
 * Every error is JSON {@code {"error": "..."}} naming what was wrong; no exception escapes a handler.
 */
public final class RouterApi {

    private static final Logger log = LoggerFactory.getLogger(RouterApi.class);
    private static final String JSON = "application/json";
    private static final int MAX_BODY_BYTES = 4096;

    private final RouterService service;
    private final PopScorer scorer;
    private final Supplier<String> metricsScrape;
    private final Timer routeTimer;
    private final Map<RouteDecision.Basis, Counter> decisions = new EnumMap<>(RouteDecision.Basis.class);
    private final MeterRegistry registry;

    /**
     * @param metricsScrape the Prometheus text for {@code /metrics}, or null to serve none
     */
    public RouterApi(RouterService service, MeterRegistry registry, Supplier<String> metricsScrape) {
        this.service = service;
        this.scorer = service.scorer();
        this.registry = registry;
        this.metricsScrape = metricsScrape;
        this.routeTimer = Timer.builder("voxedge_router_route_seconds")
                .description("Time to answer GET /v1/route (parse, GeoIP, scoring)").register(registry);
        for (RouteDecision.Basis b : RouteDecision.Basis.values()) {
            decisions.put(b, Counter.builder("voxedge_router_decisions_total").tag("reason", b.label())
                    .description("Routing decisions by what they rest on").register(registry));
        }
    }

    /** The routes, mounted on a new Vert.x Web router. */
    public Router router(Vertx vertx) {
        Router r = Router.router(vertx);
        r.get("/v1/route").handler(this::route);
        r.get("/v1/pops").handler(this::pops);
        r.get("/v1/pops/:name").handler(this::onePop);
        r.post("/v1/rtt").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES)).handler(this::rtt);
        r.get("/healthz").handler(ctx -> ctx.response().putHeader("content-type", "text/plain").end("ok\n"));
        if (metricsScrape != null) {
            r.get("/metrics").handler(ctx -> ctx.response()
                    .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(metricsScrape.get()));
        }
        r.route().last().handler(ctx -> error(ctx, 404, "no such endpoint: " + ctx.request().method() + " " + ctx.request().path()));
        r.errorHandler(500, ctx -> {
            log.error("request {} failed", ctx.request().path(), ctx.failure());
            if (!ctx.response().ended()) {
                error(ctx, 500, "internal error");
            }
        });
        r.errorHandler(413, ctx -> error(ctx, 413, "request body larger than " + MAX_BODY_BYTES + " bytes"));
        r.errorHandler(405, ctx -> error(ctx, 405, "method not allowed: " + ctx.request().method() + " " + ctx.request().path()));
        return r;
    }

    private void route(RoutingContext ctx) {
        long start = System.nanoTime();
        try {
            String ip = single(ctx, "ip", true);
            if (ip == null) {
                return;
            }
            byte[] addr = new byte[16];
            int len = IpLiteral.parse(ip, addr);
            if (len < 0) {
                reject(ctx, "bad_ip", "ip '" + clip(ip) + "' " + IpLiteral.Error.of(len).text());
                return;
            }
            int arrival = -1;
            if (!ctx.queryParam("via").isEmpty()) {
                String via = single(ctx, "via", false);
                if (via == null) {
                    return;
                }
                arrival = scorer.popIndex(via);
                if (arrival < 0) {
                    reject(ctx, "unknown_pop", "unknown PoP '" + clip(via) + "' in 'via' (known: " + popNames() + ")");
                    return;
                }
            }
            RouteDecision d = service.route(addr, len, arrival);
            decisions.get(d.basis()).increment();
            JsonObject body = decisionJson(ip, d);
            if (d.pop() == null || d.cluster() == null) {
                body.put("error", d.pop() == null ? d.reason() : d.clusterReason());
                send(ctx, 503, body);
                return;
            }
            send(ctx, 200, body);
        } catch (RuntimeException e) {
            log.error("GET /v1/route failed", e);
            error(ctx, 500, "internal error");
        } finally {
            routeTimer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private void pops(RoutingContext ctx) {
        JsonArray list = new JsonArray();
        for (Pop p : scorer.pops()) {
            list.add(popJson(p));
        }
        send(ctx, 200, new JsonObject().put("pops", list));
    }

    private void onePop(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        int i = scorer.popIndex(name);
        if (i < 0) {
            error(ctx, 404, "unknown PoP '" + clip(name) + "' (known: " + popNames() + ")");
            return;
        }
        send(ctx, 200, popJson(scorer.pops().get(i)));
    }

    /** {@code {"ip": "...", "pop": "fra1", "rttMs": 23.1}}: one RTT sample from an edge. */
    private void rtt(RoutingContext ctx) {
        JsonObject in;
        try {
            in = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            reject(ctx, "bad_body", "body is not a JSON object");
            return;
        }
        if (in == null) {
            reject(ctx, "bad_body", "body is empty: send {\"ip\": \"...\", \"pop\": \"...\", \"rttMs\": 12.3}");
            return;
        }
        Object ip = in.getValue("ip");
        Object pop = in.getValue("pop");
        Object rtt = in.getValue("rttMs");
        if (!(ip instanceof String ipText)) {
            reject(ctx, "bad_body", "'ip' must be a string");
            return;
        }
        if (!(pop instanceof String popName)) {
            reject(ctx, "bad_body", "'pop' must be a string (a PoP name)");
            return;
        }
        if (!(rtt instanceof Number rttNumber)) {
            reject(ctx, "bad_body", "'rttMs' must be a number");
            return;
        }
        byte[] addr = new byte[16];
        int len = IpLiteral.parse(ipText, addr);
        if (len < 0) {
            reject(ctx, "bad_ip", "ip '" + clip(ipText) + "' " + IpLiteral.Error.of(len).text());
            return;
        }
        int index = scorer.popIndex(popName);
        if (index < 0) {
            reject(ctx, "unknown_pop", "unknown PoP '" + clip(popName) + "' (known: " + popNames() + ")");
            return;
        }
        if (!service.recordRtt(addr, len, index, rttNumber.doubleValue())) {
            reject(ctx, "bad_rtt", "rttMs must be a number in (0, 60000] (got " + rttNumber + ")");
            return;
        }
        Counter.builder("voxedge_router_rtt_samples_total")
                .description("RTT samples accepted on POST /v1/rtt").register(registry).increment();
        send(ctx, 202, new JsonObject().put("prefix", PrefixKeys.format(PrefixKeys.of(addr, len))).put("pop", popName));
    }

    private JsonObject decisionJson(String ip, RouteDecision d) {
        JsonObject o = new JsonObject()
                .put("ip", ip)
                .put("prefix", PrefixKeys.format(d.prefixKey()))
                .put("pop", d.pop() == null ? null : popRef(d.pop()))
                .put("backup", d.backup() == null ? null : popRef(d.backup()))
                .put("cluster", d.cluster() == null ? null : new JsonObject().put("id", d.cluster().id()).put("name", d.cluster().name()))
                .put("clientRttMs", number(d.clientRttMs()))
                .put("backupRttMs", number(d.backupRttMs()))
                .put("backboneRttMs", number(d.backboneRttMs()))
                .put("basis", d.basis().name().toLowerCase(java.util.Locale.ROOT))
                .put("reason", d.reason())
                .put("clusterReason", d.clusterReason());
        GeoLocation l = d.location();
        JsonObject loc = new JsonObject().put("known", l.isKnown());
        if (l.isKnown()) {
            loc.put("lat", l.lat()).put("lon", l.lon());
        } else {
            loc.put("why", l.unknown().text());
        }
        loc.put("accuracyRadiusKm", l.radiusKm() < 0 ? null : l.radiusKm()).put("country", l.countryCode()).put("continent", l.continent());
        return o.put("location", loc);
    }

    private JsonObject popJson(Pop p) {
        PopState st = scorer.live().pop(p.name());
        return new JsonObject()
                .put("id", p.id())
                .put("name", p.name())
                .put("city", p.city())
                .put("region", p.region())
                .put("lat", p.lat())
                .put("lon", p.lon())
                .put("health", st.healthy() ? "healthy" : "unhealthy")
                .put("draining", st.draining())
                .put("load", st.load())
                .put("capacity", p.capacity());
    }

    private static JsonObject popRef(Pop p) {
        return new JsonObject().put("id", p.id()).put("name", p.name()).put("city", p.city());
    }

    /** The single value of a query parameter, or null after answering 400. */
    private String single(RoutingContext ctx, String name, boolean required) {
        List<String> values = ctx.queryParam(name);
        if (values.isEmpty()) {
            if (required) {
                reject(ctx, "missing_" + name, "missing query parameter '" + name + "'");
            }
            return null;
        }
        if (values.size() > 1) {
            reject(ctx, "repeated_" + name, "query parameter '" + name + "' given " + values.size() + " times; give it once");
            return null;
        }
        return values.get(0);
    }

    private void reject(RoutingContext ctx, String why, String message) {
        Counter.builder("voxedge_router_rejected_total").tag("reason", why)
                .description("Requests answered 400, by what was wrong").register(registry).increment();
        error(ctx, 400, message);
    }

    private static void error(RoutingContext ctx, int status, String message) {
        send(ctx, status, new JsonObject().put("error", message));
    }

    private static void send(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", JSON).end(body.encode());
    }

    private String popNames() {
        return String.join(", ", scorer.pops().stream().map(Pop::name).toList());
    }

    private static Double number(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10.0) / 10.0;
    }

    /** Echoed input is cut short: an error message must not become an amplifier. */
    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
