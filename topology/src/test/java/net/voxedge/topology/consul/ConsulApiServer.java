package net.voxedge.topology.consul;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A stand-in for a Consul agent's HTTP API, for tests on machines where no agent can run. It
 * follows the documented API (developer.hashicorp.com/consul/api-docs) for what voxedge uses:
 * <ul>
 *   <li>{@code PUT /v1/agent/service/register} (ID, Name, Tags, Address, Port, Meta, Check/Checks with
 *       TTL, Status, Notes, DeregisterCriticalServiceAfter; {@code ?replace-existing-checks}),
 *       {@code PUT /v1/agent/service/deregister/:id};</li>
 *   <li>{@code PUT /v1/agent/check/pass|warn|fail/:id} ({@code ?note=}) and {@code PUT /v1/agent/check/update/:id}
 *       ({@code {"Status","Output"}}); a TTL not renewed in time turns the check critical with output
 *       {@code TTL expired};</li>
 *   <li>{@code GET /v1/health/service/:name} ({@code ?passing}, {@code ?tag}), {@code GET /v1/catalog/services},
 *       {@code GET /v1/catalog/service/:name}, {@code GET /v1/status/leader};</li>
 *   <li>{@code GET/PUT/DELETE /v1/kv/:key} ({@code ?recurse}, {@code ?keys}, {@code ?separator}, {@code ?raw},
 *       {@code ?cas}, {@code ?flags}; base64 values; 404 when missing; {@code true}/{@code false} bodies);</li>
 *   <li>blocking queries on every GET above except status: {@code ?index=&wait=} (Go duration, default 5m,
 *       at most 10m, plus up to wait/16 of jitter as Consul adds), answered when the resource's index
 *       moves past the one asked for or the wait ends; {@code X-Consul-Index} on every answer.</li>
 * </ul>
 * Not modelled: ACLs, sessions/locks ({@code ?acquire}/{@code ?release} are refused), transactions,
 * {@code ?filter}, consistency modes, several nodes or datacenters, non-TTL checks, and the agent's
 * deferred sync of output-only check changes (here a changed output shows at once).
 *
 * <p>Test controls: {@link #stop()} and {@link #start()} (same port: an outage and the agent's return,
 * state kept and TTL timers restarted as an agent restoring its data does), {@link #forgetEverything()}
 * (a restarted {@code -dev} agent: no services, no KV, index from scratch), {@link #forceCheck}.
 */
public final class ConsulApiServer {

    private static final Logger log = LoggerFactory.getLogger(ConsulApiServer.class);
    private static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
    private static final Duration MAX_WAIT = Duration.ofMinutes(10);
    private static final Set<String> CHECK_STATUSES = Set.of("passing", "warning", "critical");

    private final Vertx vertx;
    private final ConsulApiState state;
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final long tickTimer;
    private volatile HttpServer server;
    private volatile int port;

    /**
     * @param minimumDeregisterAfter the floor on DeregisterCriticalServiceAfter (Consul's is one
     *                               minute; tests of the reaper may lower it)
     */
    public ConsulApiServer(Vertx vertx, Duration minimumDeregisterAfter) {
        this.vertx = vertx;
        LongSupplier clock = System::nanoTime;
        this.state = new ConsulApiState(clock, minimumDeregisterAfter);
        this.state.onChange(this::wakeWaiters);
        this.tickTimer = vertx.setPeriodic(50, id -> {
            if (server != null) {
                state.tick();
            }
        });
    }

    public ConsulApiServer(Vertx vertx) {
        this(vertx, Duration.ofMinutes(1));
    }

    /** Listens on 127.0.0.1: an ephemeral port the first time, the same port after {@link #stop()}. */
    public Future<ConsulApiServer> start() {
        if (server != null) {
            return Future.succeededFuture(this);
        }
        state.restartTtlTimers();
        HttpServer s = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setReuseAddress(true));
        s.requestHandler(this::handle);
        return s.listen().map(bound -> {
            server = bound;
            port = bound.actualPort();
            log.info("Consul API server listening on 127.0.0.1:{} (index {})", port, state.index());
            return this;
        });
    }

    /** Stops answering: listeners closed, open connections (and blocked queries) cut. */
    public Future<Void> stop() {
        HttpServer s = server;
        server = null;
        if (s == null) {
            return Future.succeededFuture();
        }
        for (Waiter w : List.copyOf(waiters)) {
            if (w.done.compareAndSet(false, true)) {
                waiters.remove(w);
                vertx.cancelTimer(w.timer);
                w.request.connection().close();
            }
        }
        return s.close().onSuccess(v -> log.info("Consul API server on 127.0.0.1:{} stopped", port));
    }

    /** Stops for good, timers included. */
    public Future<Void> close() {
        vertx.cancelTimer(tickTimer);
        return stop();
    }

    /** Forgets every service, check and key, and restarts the index, as a restarted dev agent does. */
    public void forgetEverything() {
        state.reset();
        log.info("Consul API server forgot everything (index back to {})", state.index());
    }

    /** Sets a check's status ({@code passing}, {@code warning}, {@code critical}) and output, as if its probe had. */
    public boolean forceCheck(String checkId, String status, String output) {
        if (!CHECK_STATUSES.contains(status)) {
            throw new IllegalArgumentException("status must be passing, warning or critical: " + status);
        }
        return state.forceCheck(checkId, status, output);
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The current raft-like index. */
    public long index() {
        return state.index();
    }

    /** A check's status, or null when there is no such check. */
    public String checkStatus(String checkId) {
        return state.checkStatus(checkId);
    }

    public boolean hasService(String serviceId) {
        return state.hasService(serviceId);
    }

    /** How many requests reached an endpoint so far, by {@code METHOD /v1/first/two} (e.g. {@code GET /v1/health/service}). */
    public long requests(String endpoint) {
        AtomicLong n = requests.get(endpoint);
        return n == null ? 0 : n.get();
    }

    // ---------------------------------------------------------------- routing

    private void handle(HttpServerRequest req) {
        String rawPath = req.path();
        Optional<String> decoded = PercentDecoder.decode(rawPath);
        if (decoded.isEmpty()) {
            text(req, 400, "Invalid URL escape in path");
            return;
        }
        String path = decoded.get();
        count(req.method(), path);
        req.body().onComplete(ar -> {
            if (ar.failed()) {
                return; // the connection went away
            }
            try {
                route(req, path, ar.result());
            } catch (RuntimeException e) {
                log.warn("Consul API server failed on {} {}", req.method(), rawPath, e);
                text(req, 500, "internal error: " + e);
            }
        });
    }

    private void count(HttpMethod method, String path) {
        String[] parts = path.split("/", 5);
        String key = method.name() + " " + (parts.length >= 4 ? "/" + parts[1] + "/" + parts[2] + "/" + parts[3] : path);
        requests.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    private void route(HttpServerRequest req, String path, Buffer body) {
        HttpMethod m = req.method();
        if (path.startsWith("/v1/kv/") || path.equals("/v1/kv")) {
            String key = path.length() > "/v1/kv/".length() ? path.substring("/v1/kv/".length()) : "";
            if (m == HttpMethod.GET) {
                kvGet(req, key);
            } else if (m == HttpMethod.PUT) {
                kvPut(req, key, body);
            } else if (m == HttpMethod.DELETE) {
                kvDelete(req, key);
            } else {
                text(req, 405, "method " + m + " not allowed");
            }
        } else if (path.startsWith("/v1/health/service/")) {
            requireGet(req, () -> healthService(req, path.substring("/v1/health/service/".length())));
        } else if (path.equals("/v1/catalog/services")) {
            requireGet(req, () -> blocking(req, state::servicesTableIndex, () -> state.catalogServices().toBuffer()));
        } else if (path.startsWith("/v1/catalog/service/")) {
            String name = path.substring("/v1/catalog/service/".length());
            requireGet(req, () -> blocking(req, () -> state.serviceIndex(name), () -> state.catalogService(name, req.getParam("tag")).toBuffer()));
        } else if (path.equals("/v1/agent/service/register")) {
            requirePut(req, () -> registerService(req, body));
        } else if (path.startsWith("/v1/agent/service/deregister/")) {
            requirePut(req, () -> {
                String id = path.substring("/v1/agent/service/deregister/".length());
                if (state.deregisterService(id)) {
                    text(req, 200, "");
                } else {
                    text(req, 404, "Unknown service ID \"" + id + "\". Ensure that the service ID is passed, not the service name.");
                }
            });
        } else if (path.startsWith("/v1/agent/check/")) {
            requirePut(req, () -> checkUpdate(req, path.substring("/v1/agent/check/".length()), body));
        } else if (path.equals("/v1/status/leader")) {
            requireGet(req, () -> json(req, 200, Buffer.buffer("\"127.0.0.1:8300\""), -1));
        } else {
            text(req, 404, "404 page not found");
        }
    }

    private static void requireGet(HttpServerRequest req, Runnable then) {
        if (req.method() == HttpMethod.GET) {
            then.run();
        } else {
            text(req, 405, "method " + req.method() + " not allowed");
        }
    }

    private static void requirePut(HttpServerRequest req, Runnable then) {
        if (req.method() == HttpMethod.PUT) {
            then.run();
        } else {
            text(req, 405, "method " + req.method() + " not allowed");
        }
    }

    // ---------------------------------------------------------------- KV

    private void kvGet(HttpServerRequest req, String key) {
        MultiMap p = req.params();
        boolean keys = p.contains("keys");
        boolean recurse = keys || flag(p, "recurse");
        boolean raw = flag(p, "raw");
        blocking(req, () -> state.kvIndex(key, recurse), null, index -> {
            if (keys) {
                List<String> names = state.kvKeys(key, p.contains("separator") ? p.get("separator") : "");
                answer(req, names.isEmpty() ? 404 : 200, names.isEmpty() ? Buffer.buffer() : new JsonArray(names).toBuffer(), index);
                return;
            }
            List<ConsulApiState.KvEntry> entries = state.kvGet(key, recurse);
            if (entries.isEmpty()) {
                answer(req, 404, Buffer.buffer(), index);
            } else if (raw && !recurse) {
                req.response().setStatusCode(200).putHeader("X-Consul-Index", Long.toUnsignedString(index))
                        .end(Buffer.buffer(entries.getFirst().value()));
            } else {
                JsonArray arr = new JsonArray();
                entries.forEach(e -> arr.add(e.toJson()));
                answer(req, 200, arr.toBuffer(), index);
            }
        });
    }

    private void kvPut(HttpServerRequest req, String key, Buffer body) {
        if (key.isEmpty()) {
            text(req, 400, "Missing key name");
            return;
        }
        MultiMap p = req.params();
        if (p.contains("acquire") || p.contains("release")) {
            text(req, 400, "sessions (acquire/release) are not supported by this test server");
            return;
        }
        if (body.length() > ConsulApiState.MAX_VALUE_BYTES) {
            text(req, 413, "Value exceeds " + ConsulApiState.MAX_VALUE_BYTES + " byte limit");
            return;
        }
        long flags = 0;
        long cas = -1;
        try {
            if (p.contains("flags")) {
                flags = Long.parseUnsignedLong(p.get("flags"));
            }
            if (p.contains("cas")) {
                cas = Long.parseUnsignedLong(p.get("cas"));
            }
        } catch (NumberFormatException e) {
            text(req, 400, "Invalid flags or cas: " + e.getMessage());
            return;
        }
        boolean ok = state.kvPut(key, body.getBytes(), flags, cas);
        json(req, 200, Buffer.buffer(Boolean.toString(ok)), -1);
    }

    private void kvDelete(HttpServerRequest req, String key) {
        MultiMap p = req.params();
        boolean recurse = flag(p, "recurse");
        if (key.isEmpty() && !recurse) {
            text(req, 400, "Missing key name");
            return;
        }
        long cas = -1;
        try {
            if (p.contains("cas")) {
                cas = Long.parseUnsignedLong(p.get("cas"));
            }
        } catch (NumberFormatException e) {
            text(req, 400, "Invalid cas: " + e.getMessage());
            return;
        }
        boolean ok = state.kvDelete(key, recurse, cas);
        json(req, 200, Buffer.buffer(Boolean.toString(ok)), -1);
    }

    // ---------------------------------------------------------------- catalog, health, agent

    private void healthService(HttpServerRequest req, String name) {
        boolean passing = flag(req.params(), "passing");
        String tag = req.getParam("tag");
        blocking(req, () -> state.serviceIndex(name), () -> state.healthService(name, passing, tag).toBuffer());
    }

    private void registerService(HttpServerRequest req, Buffer body) {
        JsonObject def;
        try {
            def = body.length() == 0 ? null : new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            text(req, 400, "Request decode failed: " + e.getMessage());
            return;
        }
        if (def == null) {
            text(req, 400, "Request decode failed: empty body");
            return;
        }
        try {
            String name = def.getString("Name");
            if (name == null || name.isEmpty()) {
                text(req, 400, "Missing service name");
                return;
            }
            String id = def.getString("ID");
            if (id == null || id.isEmpty()) {
                id = name;
            }
            List<String> tags = new ArrayList<>();
            JsonArray t = def.getJsonArray("Tags");
            if (t != null) {
                t.forEach(x -> tags.add(String.valueOf(x)));
            }
            Map<String, String> meta = new LinkedHashMap<>();
            JsonObject m = def.getJsonObject("Meta");
            if (m != null) {
                for (Map.Entry<String, Object> e : m) {
                    meta.put(e.getKey(), String.valueOf(e.getValue()));
                }
            }
            Integer port = def.getInteger("Port");
            List<JsonObject> checkDefs = new ArrayList<>();
            if (def.getJsonObject("Check") != null) {
                checkDefs.add(def.getJsonObject("Check"));
            }
            JsonArray cs = def.getJsonArray("Checks");
            if (cs != null) {
                for (int i = 0; i < cs.size(); i++) {
                    checkDefs.add(cs.getJsonObject(i));
                }
            }
            List<ConsulApiState.CheckDef> checks = new ArrayList<>();
            for (int i = 0; i < checkDefs.size(); i++) {
                JsonObject c = checkDefs.get(i);
                String checkId = c.getString("CheckID", c.getString("ID"));
                if (checkId == null || checkId.isEmpty()) {
                    // The documented defaults: "service:<id>" for one check, "service:<id>:<n>" for several.
                    checkId = checkDefs.size() == 1 ? "service:" + id : "service:" + id + ":" + (i + 1);
                }
                String checkName = c.getString("Name");
                if (checkName == null || checkName.isEmpty()) {
                    checkName = "Service '" + name + "' check";
                }
                String ttlText = c.getString("TTL");
                if (ttlText == null || ttlText.isEmpty()) {
                    text(req, 400, "Invalid check: only TTL checks are supported by this test server (check " + checkId + ")");
                    return;
                }
                Optional<Duration> ttl = GoDuration.parse(ttlText);
                if (ttl.isEmpty() || ttl.get().isNegative() || ttl.get().isZero()) {
                    text(req, 400, "Invalid check: TTL must be a positive duration, got \"" + ttlText + "\"");
                    return;
                }
                Duration deregisterAfter = null;
                String after = c.getString("DeregisterCriticalServiceAfter");
                if (after != null && !after.isEmpty()) {
                    Optional<Duration> d = GoDuration.parse(after);
                    if (d.isEmpty()) {
                        text(req, 400, "Invalid check: DeregisterCriticalServiceAfter: bad duration \"" + after + "\"");
                        return;
                    }
                    deregisterAfter = d.get();
                }
                String status = c.getString("Status");
                if (status != null && !status.isEmpty() && !CHECK_STATUSES.contains(status)) {
                    text(req, 400, "Invalid check: Status must be passing, warning or critical, got \"" + status + "\"");
                    return;
                }
                checks.add(new ConsulApiState.CheckDef(checkId, checkName, c.getString("Notes"), ttl.get(), deregisterAfter,
                        status == null || status.isEmpty() ? null : status));
            }
            state.registerService(id, name, tags, def.getString("Address", ""), port == null ? 0 : port, meta, checks,
                    flag(req.params(), "replace-existing-checks"));
            text(req, 200, "");
        } catch (ClassCastException e) {
            text(req, 400, "Request decode failed: " + e.getMessage());
        }
    }

    private void checkUpdate(HttpServerRequest req, String rest, Buffer body) {
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            text(req, 404, "404 page not found");
            return;
        }
        String verb = rest.substring(0, slash);
        String checkId = rest.substring(slash + 1);
        String note = req.getParam("note", "");
        String status;
        switch (verb) {
            case "pass" -> status = "passing";
            case "warn" -> status = "warning";
            case "fail" -> status = "critical";
            case "update" -> {
                JsonObject u;
                try {
                    u = new JsonObject(body);
                } catch (DecodeException | ClassCastException e) {
                    text(req, 400, "Request decode failed: " + e.getMessage());
                    return;
                }
                status = u.getString("Status");
                note = u.getString("Output", "");
                if (status == null || !CHECK_STATUSES.contains(status)) {
                    text(req, 400, "Invalid check status: \"" + status + "\"");
                    return;
                }
            }
            default -> {
                text(req, 404, "404 page not found");
                return;
            }
        }
        switch (state.updateCheck(checkId, status, note)) {
            case OK -> text(req, 200, "");
            case UNKNOWN -> text(req, 404, "Unknown check ID \"" + checkId + "\". Ensure that the check ID is passed, not the check name.");
            case NOT_TTL -> text(req, 500, "CheckID \"" + checkId + "\" does not have associated TTL");
        }
    }

    // ---------------------------------------------------------------- blocking queries

    private void blocking(HttpServerRequest req, LongSupplier indexFn, Supplier<Buffer> body) {
        blocking(req, indexFn, body, null);
    }

    /** Answers now, or parks the request until the index passes the one asked for or the wait ends. */
    private void blocking(HttpServerRequest req, LongSupplier indexFn, Supplier<Buffer> body, IndexedAnswer custom) {
        long asked = 0;
        Duration wait = DEFAULT_WAIT;
        try {
            String i = req.getParam("index");
            if (i != null && !i.isEmpty()) {
                asked = Long.parseUnsignedLong(i);
            }
        } catch (NumberFormatException e) {
            text(req, 400, "Invalid index");
            return;
        }
        String w = req.getParam("wait");
        if (w != null && !w.isEmpty()) {
            Optional<Duration> d = GoDuration.parse(w);
            if (d.isEmpty() || d.get().isNegative()) {
                text(req, 400, "Invalid wait time");
                return;
            }
            wait = d.get().compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d.get();
        }
        IndexedAnswer answer = custom != null ? custom : index -> answer(req, 200, body.get(), index);
        if (asked == 0 || Long.compareUnsigned(indexFn.getAsLong(), asked) > 0) {
            answer.send(indexFn.getAsLong());
            return;
        }
        long waitMs = Math.max(1, wait.toMillis());
        long jitter = waitMs / 16 > 0 ? ThreadLocalRandom.current().nextLong(waitMs / 16 + 1) : 0;
        Waiter waiter = new Waiter(req, asked, indexFn, answer);
        waiter.timer = vertx.setTimer(waitMs + jitter, id -> waiter.finish(this));
        waiters.add(waiter);
        req.response().closeHandler(v -> {
            if (waiter.done.compareAndSet(false, true)) {
                waiters.remove(waiter);
                vertx.cancelTimer(waiter.timer);
            }
        });
        // A write may have landed between the first look and the parking.
        if (Long.compareUnsigned(indexFn.getAsLong(), asked) > 0) {
            waiter.finish(this);
        }
    }

    private void wakeWaiters() {
        for (Waiter w : List.copyOf(waiters)) {
            if (Long.compareUnsigned(w.indexFn.getAsLong(), w.asked) > 0) {
                w.finish(this);
            }
        }
    }

    @FunctionalInterface
    private interface IndexedAnswer {
        void send(long index);
    }

    private static final class Waiter {
        final HttpServerRequest request;
        final long asked;
        final LongSupplier indexFn;
        final IndexedAnswer answer;
        final AtomicBoolean done = new AtomicBoolean();
        volatile long timer;

        Waiter(HttpServerRequest request, long asked, LongSupplier indexFn, IndexedAnswer answer) {
            this.request = request;
            this.asked = asked;
            this.indexFn = indexFn;
            this.answer = answer;
        }

        void finish(ConsulApiServer server) {
            if (done.compareAndSet(false, true)) {
                server.waiters.remove(this);
                server.vertx.cancelTimer(timer);
                // Answering is a write to the connection: hand it to the request's own event loop.
                server.vertx.runOnContext(v -> answer.send(indexFn.getAsLong()));
            }
        }
    }

    // ---------------------------------------------------------------- responses

    private static boolean flag(MultiMap params, String name) {
        if (!params.contains(name)) {
            return false;
        }
        String v = params.get(name);
        return !(v.equalsIgnoreCase("false") || v.equals("0"));
    }

    private static void answer(HttpServerRequest req, int status, Buffer body, long index) {
        json(req, status, body, index);
    }

    private static void json(HttpServerRequest req, int status, Buffer body, long index) {
        var resp = req.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        if (index >= 0) {
            resp.putHeader("X-Consul-Index", Long.toUnsignedString(index))
                    .putHeader("X-Consul-KnownLeader", "true")
                    .putHeader("X-Consul-LastContact", "0");
        }
        if (!resp.ended() && !resp.closed()) {
            resp.end(body);
        }
    }

    private static void text(HttpServerRequest req, int status, String message) {
        var resp = req.response();
        if (!resp.ended() && !resp.closed()) {
            resp.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(message);
        }
    }

}
