package net.voxedge.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.voxedge.router.Fixtures;
import net.voxedge.router.RouterService;
import net.voxedge.router.geo.GeoIpLocator;
import net.voxedge.router.measured.MeasuredRttTable;
import net.voxedge.router.model.RttModel;
import net.voxedge.router.scoring.PopScorer;
import net.voxedge.router.scoring.ScoringPolicy;
import net.voxedge.router.state.InMemoryLiveState;
import net.voxedge.router.state.PopState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP API on an ephemeral loopback port, with the fixture GeoIP database and the sample topology. */
class RouterApiTest {

    private static final long MIN = 60_000_000_000L;

    private Vertx vertx;
    private HttpServer server;
    private GeoIpLocator geo;
    private InMemoryLiveState live;
    private SimpleMeterRegistry registry;
    private final AtomicLong clock = new AtomicLong(1_000 * MIN);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        geo = Fixtures.fixtureLocator();
        live = new InMemoryLiveState();
        MeasuredRttTable measured = new MeasuredRttTable(1000, 10 * MIN, 60 * MIN);
        PopScorer scorer = new PopScorer(Fixtures.sampleTopology(), RttModel.DEFAULT, ScoringPolicy.DEFAULT, live, measured);
        RouterService service = new RouterService(geo, scorer, clock::get);
        registry = new SimpleMeterRegistry();
        RouterApi api = new RouterApi(service, registry, () -> "# metrics\n");
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(api.router(vertx)).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        geo.close();
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .timeout(Duration.ofSeconds(10)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        return new JsonObject(r.body());
    }

    @Test
    void routesAnIpv4Client() throws Exception {
        HttpResponse<String> r = get("/v1/route?ip=192.0.2.7");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject o = json(r);
        assertThat(o.getJsonObject("pop").getInteger("id")).isEqualTo(1);
        assertThat(o.getJsonObject("pop").getString("name")).isEqualTo("fra1");
        assertThat(o.getJsonObject("backup").getString("name")).isEqualTo("lhr1");
        assertThat(o.getJsonObject("cluster").getString("id")).isEqualTo("eu-central");
        assertThat(o.getDouble("clientRttMs")).isEqualTo(2.0);
        assertThat(o.getDouble("backboneRttMs")).isEqualTo(1.0);
        assertThat(o.getString("basis")).isEqualTo("geography");
        assertThat(o.getString("reason")).isEqualTo("geography: 0 km, est 2.0 ms");
        assertThat(o.getString("prefix")).isEqualTo("192.0.2.0/24");
        assertThat(o.getJsonObject("location").getBoolean("known")).isTrue();
        assertThat(o.getJsonObject("location").getString("country")).isEqualTo("DE");
        assertThat(registry.counter("voxedge_router_decisions_total", "reason", "geography").count()).isEqualTo(1.0);
        assertThat(registry.timer("voxedge_router_route_seconds").count()).isEqualTo(1);
    }

    @Test
    void routesIpv6ClientsPlainAndPercentEncoded() throws Exception {
        JsonObject syd = json(get("/v1/route?ip=2001:db8:100::1"));
        assertThat(syd.getJsonObject("pop").getString("name")).isEqualTo("syd1");
        assertThat(syd.getJsonObject("cluster").getString("id")).isEqualTo("ap-southeast");
        assertThat(syd.getString("prefix")).isEqualTo("2001:db8:100::/48");
        JsonObject sjc = json(get("/v1/route?ip=2001%3Adb8%3A200%3A%3A1"));
        assertThat(sjc.getJsonObject("pop").getString("name")).isEqualTo("sfo1");
        assertThat(sjc.getJsonObject("cluster").getString("id")).isEqualTo("us-east");
    }

    @Test
    void anUnknownLocationUsesTheArrivalPop() throws Exception {
        JsonObject o = json(get("/v1/route?ip=192.0.2.200&via=iad1"));
        assertThat(o.getJsonObject("pop").getString("name")).isEqualTo("iad1");
        assertThat(o.getString("basis")).isEqualTo("arrival_pop");
        assertThat(o.getValue("clientRttMs")).isNull();
        assertThat(o.getJsonObject("location").getBoolean("known")).isFalse();
        assertThat(o.getJsonObject("location").getInteger("accuracyRadiusKm")).isEqualTo(1000);
        assertThat(o.getString("reason")).startsWith("location unknown (GeoIP accuracy radius too large: 1000 km)");
        assertThat(registry.counter("voxedge_router_decisions_total", "reason", "location_unknown").count()).isEqualTo(1.0);
    }

    @Test
    void badInputIsA400ThatSaysWhat() throws Exception {
        assertError(get("/v1/route"), 400, "missing query parameter 'ip'");
        assertError(get("/v1/route?ip="), 400, "ip '' is empty");
        assertError(get("/v1/route?ip=not-an-ip"), 400, "ip 'not-an-ip' is not an IPv4 address");
        assertError(get("/v1/route?ip=1.2.3.256"), 400, "ip '1.2.3.256' is not an IPv4 address");
        assertError(get("/v1/route?ip=1::2::3"), 400, "ip '1::2::3' is not an IPv6 address");
        assertError(get("/v1/route?ip=fe80::1%25eth0"), 400, "zone id");
        assertError(get("/v1/route?ip=1.2.3.4&ip=5.6.7.8"), 400, "query parameter 'ip' given 2 times");
        assertError(get("/v1/route?ip=192.0.2.7&via=xyz9"), 400, "unknown PoP 'xyz9' in 'via'");
        assertError(get("/v1/route?ip=" + "1".repeat(5000)), 400, "longer than any IP address");
        assertThat(json(get("/v1/route?ip=" + "x".repeat(200))).getString("error")).hasSizeLessThan(200);
        assertThat(registry.counter("voxedge_router_rejected_total", "reason", "bad_ip").count()).isEqualTo(7.0);
    }

    @Test
    void listsThePops() throws Exception {
        live.setPop("lhr1", new PopState(true, true, 0.42)).setPop("nrt1", new PopState(false, false, 0));
        HttpResponse<String> r = get("/v1/pops");
        assertThat(r.statusCode()).isEqualTo(200);
        var pops = json(r).getJsonArray("pops");
        assertThat(pops).hasSize(10);
        JsonObject fra = pops.getJsonObject(0);
        assertThat(fra.getInteger("id")).isEqualTo(1);
        assertThat(fra.getString("city")).isEqualTo("Frankfurt");
        assertThat(fra.getDouble("lat")).isEqualTo(50.1109);
        assertThat(fra.getDouble("lon")).isEqualTo(8.6821);
        assertThat(fra.getString("health")).isEqualTo("healthy");
        assertThat(fra.getBoolean("draining")).isFalse();
        assertThat(fra.getDouble("load")).isEqualTo(0.0);
        JsonObject lhr = json(get("/v1/pops/lhr1"));
        assertThat(lhr.getBoolean("draining")).isTrue();
        assertThat(lhr.getDouble("load")).isEqualTo(0.42);
        assertThat(json(get("/v1/pops/nrt1")).getString("health")).isEqualTo("unhealthy");
        assertError(get("/v1/pops/nope"), 404, "unknown PoP 'nope'");
    }

    @Test
    void measuredSamplesOverrideGeographyUntilTheyDecay() throws Exception {
        assertThat(post("/v1/rtt", "{\"ip\":\"192.0.2.9\",\"pop\":\"fra1\",\"rttMs\":95}").statusCode()).isEqualTo(202);
        HttpResponse<String> ok = post("/v1/rtt", "{\"ip\":\"192.0.2.10\",\"pop\":\"lhr1\",\"rttMs\":14.5}");
        assertThat(ok.statusCode()).isEqualTo(202);
        assertThat(json(ok).getString("prefix")).isEqualTo("192.0.2.0/24");
        JsonObject measured = json(get("/v1/route?ip=192.0.2.7"));
        assertThat(measured.getJsonObject("pop").getString("name")).isEqualTo("lhr1");
        assertThat(measured.getString("reason")).isEqualTo("measured 14.5 ms from 192.0.2.0/24 (1 sample)");
        clock.addAndGet(11 * MIN);
        JsonObject decayed = json(get("/v1/route?ip=192.0.2.7"));
        assertThat(decayed.getJsonObject("pop").getString("name")).isEqualTo("fra1");
        assertThat(decayed.getString("basis")).isEqualTo("geography");
    }

    @Test
    void badSamplesAreA400() throws Exception {
        assertError(post("/v1/rtt", "{nope"), 400, "not a JSON object");
        assertError(post("/v1/rtt", ""), 400, "body is empty");
        assertError(post("/v1/rtt", "{\"ip\":1,\"pop\":\"fra1\",\"rttMs\":5}"), 400, "'ip' must be a string");
        assertError(post("/v1/rtt", "{\"ip\":\"1.2.3.4\",\"pop\":\"fra1\",\"rttMs\":\"5\"}"), 400, "'rttMs' must be a number");
        assertError(post("/v1/rtt", "{\"ip\":\"1.2.3\",\"pop\":\"fra1\",\"rttMs\":5}"), 400, "ip '1.2.3' is not an IPv4 address");
        assertError(post("/v1/rtt", "{\"ip\":\"1.2.3.4\",\"pop\":\"mars1\",\"rttMs\":5}"), 400, "unknown PoP 'mars1'");
        assertError(post("/v1/rtt", "{\"ip\":\"1.2.3.4\",\"pop\":\"fra1\",\"rttMs\":-5}"), 400, "rttMs must be a number in (0, 60000]");
        assertError(post("/v1/rtt", "{\"ip\":\"" + "1".repeat(5000) + "\"}"), 413, "larger than 4096 bytes");
    }

    @Test
    void noHealthyPopIsA503WithTheReason() throws Exception {
        for (String p : new String[] {"fra1", "lhr1", "iad1", "sfo1", "gru1", "nrt1", "sin1", "syd1", "bom1", "jnb1"}) {
            live.setPop(p, new PopState(false, false, 0));
        }
        assertError(get("/v1/route?ip=192.0.2.7"), 503, "no PoP is healthy");
    }

    @Test
    void otherPathsAreJson404sAndTheEndpointsExist() throws Exception {
        assertError(get("/v2/route?ip=1.2.3.4"), 404, "no such endpoint: GET /v2/route");
        assertThat(get("/healthz").body()).isEqualTo("ok\n");
        assertThat(get("/metrics").body()).isEqualTo("# metrics\n");
    }

    private static void assertError(HttpResponse<String> r, int status, String contains) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).getString("error")).contains(contains);
    }
}
