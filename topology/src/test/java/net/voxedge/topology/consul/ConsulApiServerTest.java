package net.voxedge.topology.consul;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.voxedge.topology.registry.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The conformance tests against the stand-in, plus its test controls and the parts a real agent can't be made to show. */
class ConsulApiServerTest extends ConsulApiConformance {

    private static Vertx vertx;
    private static ConsulApiServer server;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        server = Await.join(new ConsulApiServer(vertx, Duration.ofMillis(500)).start());
    }

    @AfterAll
    static void stop() {
        Await.join(server.close());
        Await.join(vertx.close());
    }

    @Override
    protected String baseUrl() {
        return server.baseUrl();
    }

    @Test
    void stopAndStartKeepThePortAndTheData() {
        ConsulHttp c = new ConsulHttp(server.baseUrl());
        c.put("/v1/kv/ctl/kept", "v");
        int port = server.port();
        Await.join(server.stop());
        Await.join(server.start());
        assertThat(server.port()).isEqualTo(port);
        assertThat(c.get("/v1/kv/ctl/kept?raw").body()).isEqualTo("v");
    }

    @Test
    void forgettingEverythingRestartsTheIndexAsARestartedDevAgentDoes() {
        ConsulHttp c = new ConsulHttp(server.baseUrl());
        c.put("/v1/kv/ctl/gone", "v");
        long before = server.index();
        server.forgetEverything();
        assertThat(server.index()).isLessThan(before);
        assertThat(c.get("/v1/kv/ctl/gone").status()).isEqualTo(404);
    }

    @Test
    void aBlockedQueryIsCutWhenTheServerStops() throws Exception {
        ConsulHttp c = new ConsulHttp(server.baseUrl());
        c.put("/v1/kv/ctl/cut", "v");
        long index = c.get("/v1/kv/ctl/cut").index();
        var blocked = c.getAsync("/v1/kv/ctl/cut?index=" + index + "&wait=5m");
        Await.until("request parked", () -> server.requests("GET /v1/kv/ctl") >= 2);
        Await.join(server.stop());
        try {
            assertThat(blocked).failsWithin(Await.LIMIT);
        } finally {
            Await.join(server.start());
        }
    }

    @Test
    void criticalServicesAreReapedAfterDeregisterCriticalServiceAfter() {
        ConsulHttp c = new ConsulHttp(server.baseUrl());
        c.put("/v1/agent/service/register", new JsonObject().put("ID", "reap-me").put("Name", "reap").put("Port", 1)
                .put("Check", new JsonObject().put("TTL", "1s").put("DeregisterCriticalServiceAfter", "100ms")).encode());
        assertThat(server.checkStatus("service:reap-me")).as("the documented default check id").isEqualTo("critical");
        Await.until("reaped", () -> !server.hasService("reap-me"));
        assertThat(new JsonArray(c.get("/v1/health/service/reap").body())).isEmpty();
    }

    @Test
    void forcingACheckShowsInHealth() {
        ConsulHttp c = new ConsulHttp(server.baseUrl());
        c.put("/v1/agent/service/register", new JsonObject().put("ID", "forced").put("Name", "forced").put("Port", 1)
                .put("Check", new JsonObject().put("CheckID", "forced-ttl").put("TTL", "30s").put("Status", "passing")).encode());
        assertThat(server.forceCheck("forced-ttl", "warning", "forced")).isTrue();
        JsonObject e = new JsonArray(c.get("/v1/health/service/forced").body()).getJsonObject(0);
        assertThat(statusOf(e, "forced-ttl")).isEqualTo("warning");
        assertThat(server.forceCheck("no-such-check", "warning", "")).isFalse();
        c.put("/v1/agent/service/deregister/forced", "");
    }

    @Test
    void goDurationsParseAsGoDoes() {
        assertThat(GoDuration.parse("5s")).contains(Duration.ofSeconds(5));
        assertThat(GoDuration.parse("1m30s")).contains(Duration.ofSeconds(90));
        assertThat(GoDuration.parse("1.5h")).contains(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("250ms")).contains(Duration.ofMillis(250));
        assertThat(GoDuration.parse("0")).contains(Duration.ZERO);
        assertThat(GoDuration.parse("-1s")).contains(Duration.ofSeconds(-1));
        for (String bad : new String[] {"", "5", "s", "5x", "1..5s", "1m 5s", "5S"}) {
            assertThat(GoDuration.parse(bad)).as(bad).isEqualTo(Optional.empty());
        }
    }

    @Test
    void pathEscapesDecodeLikeGoAndBadOnesAreNoted() {
        assertThat(PercentDecoder.decode("/v1/kv/a%2Fb+c")).contains("/v1/kv/a/b+c");
        assertThat(PercentDecoder.decode("/v1/kv/%zz")).isEmpty();
        assertThat(PercentDecoder.decode("/v1/kv/%4")).isEmpty();
        assertThat(PercentDecoder.decode("/v1/kv/%C3%A9")).contains("/v1/kv/é");
    }
}
