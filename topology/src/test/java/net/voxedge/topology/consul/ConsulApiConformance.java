package net.voxedge.topology.consul;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.voxedge.topology.registry.Await;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Consul HTTP API documents, for the parts voxedge uses, asserted over plain HTTP so the
 * same tests run against {@link ConsulApiServer} and a real {@code consul agent -dev}. Every test
 * works under its own random key prefix and service name, so they can share one agent.
 */
abstract class ConsulApiConformance {

    protected abstract String baseUrl();

    private final String run = "conf-" + UUID.randomUUID().toString().substring(0, 8);

    private ConsulHttp http() {
        return new ConsulHttp(baseUrl());
    }

    private String key(String k) {
        return run + "/" + k;
    }

    // ------------------------------------------------------------------ KV

    @Test
    void kvRoundTripsBytesAsBase64WithItsIndexes() {
        ConsulHttp c = http();
        byte[] value = {0, 1, 2, (byte) 0xff, 'v', 'x'};
        ConsulHttp.Reply put = c.put("/v1/kv/" + key("a"), value);
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body().trim()).isEqualTo("true");

        ConsulHttp.Reply get = c.get("/v1/kv/" + key("a"));
        assertThat(get.status()).isEqualTo(200);
        JsonObject e = new JsonArray(get.body()).getJsonObject(0);
        assertThat(e.getString("Key")).isEqualTo(key("a"));
        assertThat(Base64.getDecoder().decode(e.getString("Value"))).isEqualTo(value);
        assertThat(e.getLong("Flags")).isZero();
        assertThat(e.getLong("LockIndex")).isZero();
        assertThat(e.getLong("CreateIndex")).isEqualTo(e.getLong("ModifyIndex"));
        assertThat(get.index()).as("X-Consul-Index of a single key is its ModifyIndex").isEqualTo(e.getLong("ModifyIndex"));

        c.put("/v1/kv/" + key("a") + "?flags=42", "second");
        JsonObject e2 = new JsonArray(c.get("/v1/kv/" + key("a")).body()).getJsonObject(0);
        assertThat(e2.getLong("ModifyIndex")).isGreaterThan(e.getLong("ModifyIndex"));
        assertThat(e2.getLong("CreateIndex")).isEqualTo(e.getLong("CreateIndex"));
        assertThat(e2.getLong("Flags")).isEqualTo(42);
        assertThat(new String(Base64.getDecoder().decode(e2.getString("Value")), StandardCharsets.UTF_8)).isEqualTo("second");

        ConsulHttp.Reply raw = c.get("/v1/kv/" + key("a") + "?raw");
        assertThat(raw.body()).isEqualTo("second");
    }

    @Test
    void aMissingKeyIs404AndStillCarriesAnIndex() {
        ConsulHttp.Reply r = http().get("/v1/kv/" + key("missing"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.index()).isPositive();
        assertThat(http().get("/v1/kv/" + key("missing/") + "?recurse").status()).isEqualTo(404);
    }

    @Test
    void checkAndSetWritesOnlyOverTheIndexItNames() {
        ConsulHttp c = http();
        assertThat(c.put("/v1/kv/" + key("cas") + "?cas=0", "first").body().trim()).as("cas=0 creates").isEqualTo("true");
        assertThat(c.put("/v1/kv/" + key("cas") + "?cas=0", "again").body().trim()).as("cas=0 never overwrites").isEqualTo("false");
        long modify = new JsonArray(c.get("/v1/kv/" + key("cas")).body()).getJsonObject(0).getLong("ModifyIndex");
        assertThat(c.put("/v1/kv/" + key("cas") + "?cas=" + (modify + 1000), "wrong").body().trim()).isEqualTo("false");
        assertThat(c.put("/v1/kv/" + key("cas") + "?cas=" + modify, "right").body().trim()).isEqualTo("true");
        assertThat(c.get("/v1/kv/" + key("cas") + "?raw").body()).isEqualTo("right");

        long now = new JsonArray(c.get("/v1/kv/" + key("cas")).body()).getJsonObject(0).getLong("ModifyIndex");
        assertThat(c.delete("/v1/kv/" + key("cas") + "?cas=" + modify).body().trim()).as("stale cas delete").isEqualTo("false");
        assertThat(c.delete("/v1/kv/" + key("cas") + "?cas=" + now).body().trim()).isEqualTo("true");
        assertThat(c.get("/v1/kv/" + key("cas")).status()).isEqualTo(404);
    }

    @Test
    void recurseAndKeysListWhatIsUnderAPrefix() {
        ConsulHttp c = http();
        c.put("/v1/kv/" + key("p/b/2"), "2");
        c.put("/v1/kv/" + key("p/b/1"), "1");
        c.put("/v1/kv/" + key("p/c"), "c");
        c.put("/v1/kv/" + key("pz"), "not under p/");

        JsonArray all = new JsonArray(c.get("/v1/kv/" + key("p/b/") + "?recurse").body());
        assertThat(all.stream().map(o -> ((JsonObject) o).getString("Key")).toList()).containsExactly(key("p/b/1"), key("p/b/2"));

        JsonArray keys = new JsonArray(c.get("/v1/kv/" + key("p/") + "?keys").body());
        assertThat(ConsulHttp.strings(keys)).containsExactly(key("p/b/1"), key("p/b/2"), key("p/c"));
        JsonArray cut = new JsonArray(c.get("/v1/kv/" + key("p/") + "?keys&separator=/").body());
        assertThat(ConsulHttp.strings(cut)).containsExactly(key("p/b/"), key("p/c"));

        assertThat(c.delete("/v1/kv/" + key("p/") + "?recurse").body().trim()).isEqualTo("true");
        assertThat(c.get("/v1/kv/" + key("p/") + "?recurse").status()).isEqualTo(404);
        assertThat(c.get("/v1/kv/" + key("pz")).status()).as("a sibling prefix is untouched").isEqualTo(200);
    }

    @Test
    void aBlockingReadReturnsWhenTheKeyChanges() throws Exception {
        ConsulHttp c = http();
        c.put("/v1/kv/" + key("w"), "before");
        long index = c.get("/v1/kv/" + key("w")).index();
        CompletableFuture<ConsulHttp.Reply> blocked = c.getAsync("/v1/kv/" + key("w") + "?index=" + index + "&wait=20s");
        c.put("/v1/kv/" + key("w"), "after");
        ConsulHttp.Reply r = blocked.get(Await.LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.index()).isGreaterThan(index);
        JsonObject e = new JsonArray(r.body()).getJsonObject(0);
        assertThat(new String(Base64.getDecoder().decode(e.getString("Value")), StandardCharsets.UTF_8))
                .as("a read that did not wait would have seen the old value").isEqualTo("after");
    }

    @Test
    void aBlockingPrefixReadWakesOnDeleteAndOnANewKey() throws Exception {
        ConsulHttp c = http();
        c.put("/v1/kv/" + key("d/x"), "x");
        long index = c.get("/v1/kv/" + key("d/") + "?recurse").index();
        CompletableFuture<ConsulHttp.Reply> blocked = c.getAsync("/v1/kv/" + key("d/") + "?recurse&index=" + index + "&wait=20s");
        c.delete("/v1/kv/" + key("d/x"));
        ConsulHttp.Reply afterDelete = blocked.get(Await.LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertThat(afterDelete.status()).isEqualTo(404);
        assertThat(afterDelete.index()).as("a delete moves the prefix's index").isGreaterThan(index);

        blocked = c.getAsync("/v1/kv/" + key("d/") + "?recurse&index=" + afterDelete.index() + "&wait=20s");
        c.put("/v1/kv/" + key("d/y"), "y");
        ConsulHttp.Reply afterPut = blocked.get(Await.LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertThat(afterPut.status()).isEqualTo(200);
        assertThat(new JsonArray(afterPut.body()).getJsonObject(0).getString("Key")).isEqualTo(key("d/y"));
    }

    @Test
    void aBlockingReadWithNoChangeEndsAfterTheWaitWithTheSameIndex() {
        ConsulHttp c = http();
        c.put("/v1/kv/" + key("quiet"), "q");
        long index = c.get("/v1/kv/" + key("quiet")).index();
        ConsulHttp.Reply r = c.get("/v1/kv/" + key("quiet") + "?index=" + index + "&wait=1s");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.index()).isEqualTo(index);
    }

    @Test
    void writesElsewhereDoNotMoveAKeysIndex() {
        ConsulHttp c = http();
        c.put("/v1/kv/" + key("mine"), "m");
        long index = c.get("/v1/kv/" + key("mine")).index();
        c.put("/v1/kv/" + key("other"), "o");
        assertThat(c.get("/v1/kv/" + key("mine")).index()).isEqualTo(index);
    }

    @Test
    void aBadWaitIsRefused() {
        assertThat(http().get("/v1/kv/" + key("x") + "?index=5&wait=soon").status()).isEqualTo(400);
    }

    // ------------------------------------------------------------------ agent, health, catalog

    @Test
    void aTtlCheckStartsCriticalPassesOnDemandAndLapsesWhenNotRenewed() {
        ConsulHttp c = http();
        String svc = run + "-svc";
        JsonObject def = new JsonObject().put("ID", svc + "-1").put("Name", svc).put("Tags", new JsonArray(List.of("edge", "site-fra1")))
                .put("Address", "198.51.100.10").put("Port", 8443).put("Meta", new JsonObject().put("kind", "edge"))
                .put("Check", new JsonObject().put("CheckID", "service:" + svc + "-1").put("Name", "ttl").put("TTL", "1s")
                        .put("DeregisterCriticalServiceAfter", "10m"));
        assertThat(c.put("/v1/agent/service/register", def.encode()).status()).isEqualTo(200);
        try {
            JsonArray h = new JsonArray(c.get("/v1/health/service/" + svc).body());
            assertThat(h).hasSize(1);
            JsonObject entry = h.getJsonObject(0);
            assertThat(entry.getJsonObject("Node").getString("Node")).isNotEmpty();
            JsonObject s = entry.getJsonObject("Service");
            assertThat(s.getString("ID")).isEqualTo(svc + "-1");
            assertThat(s.getString("Service")).isEqualTo(svc);
            assertThat(ConsulHttp.strings(s.getJsonArray("Tags"))).containsExactly("edge", "site-fra1");
            assertThat(s.getString("Address")).isEqualTo("198.51.100.10");
            assertThat(s.getInteger("Port")).isEqualTo(8443);
            assertThat(s.getJsonObject("Meta").getString("kind")).isEqualTo("edge");
            assertThat(statusOf(entry, "service:" + svc + "-1")).as("TTL checks start critical").isEqualTo("critical");
            assertThat(statusOf(entry, "serfHealth")).as("the node's own check is listed too").isEqualTo("passing");
            assertThat(new JsonArray(c.get("/v1/health/service/" + svc + "?passing").body())).isEmpty();

            assertThat(c.put("/v1/agent/check/pass/service:" + svc + "-1?note=all+good", "").status()).isEqualTo(200);
            JsonObject passing = new JsonArray(c.get("/v1/health/service/" + svc + "?passing").body()).getJsonObject(0);
            assertThat(statusOf(passing, "service:" + svc + "-1")).isEqualTo("passing");
            assertThat(outputOf(passing, "service:" + svc + "-1")).isEqualTo("all good");

            c.put("/v1/agent/check/warn/service:" + svc + "-1", "");
            assertThat(new JsonArray(c.get("/v1/health/service/" + svc + "?passing").body())).as("?passing leaves warnings out").isEmpty();
            c.put("/v1/agent/check/update/service:" + svc + "-1", new JsonObject().put("Status", "passing").put("Output", "updated").encode());
            JsonObject updated = new JsonArray(c.get("/v1/health/service/" + svc).body()).getJsonObject(0);
            assertThat(statusOf(updated, "service:" + svc + "-1")).isEqualTo("passing");
            assertThat(outputOf(updated, "service:" + svc + "-1")).isEqualTo("updated");

            Await.until("TTL lapsed", () -> "critical".equals(statusOf(new JsonArray(c.get("/v1/health/service/" + svc).body()).getJsonObject(0), "service:" + svc + "-1")));
            JsonObject lapsed = new JsonArray(c.get("/v1/health/service/" + svc).body()).getJsonObject(0);
            assertThat(outputOf(lapsed, "service:" + svc + "-1")).isEqualTo("TTL expired");
        } finally {
            c.put("/v1/agent/service/deregister/" + svc + "-1", "");
        }
        assertThat(new JsonArray(c.get("/v1/health/service/" + svc).body())).isEmpty();
    }

    @Test
    void aBlockingHealthReadWakesOnACheckChange() throws Exception {
        ConsulHttp c = http();
        String svc = run + "-blk";
        c.put("/v1/agent/service/register", new JsonObject().put("ID", svc).put("Name", svc).put("Port", 1)
                .put("Check", new JsonObject().put("CheckID", "service:" + svc).put("TTL", "30s").put("Status", "passing")).encode());
        try {
            long index = c.get("/v1/health/service/" + svc).index();
            CompletableFuture<ConsulHttp.Reply> blocked = c.getAsync("/v1/health/service/" + svc + "?index=" + index + "&wait=20s");
            c.put("/v1/agent/check/fail/service:" + svc + "?note=down", "");
            ConsulHttp.Reply r = blocked.get(Await.LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.index()).isGreaterThan(index);
            assertThat(statusOf(new JsonArray(r.body()).getJsonObject(0), "service:" + svc)).isEqualTo("critical");
        } finally {
            c.put("/v1/agent/service/deregister/" + svc, "");
        }
    }

    @Test
    void theCatalogListsServicesWithTheirTags() {
        ConsulHttp c = http();
        String svc = run + "-cat";
        c.put("/v1/agent/service/register", new JsonObject().put("ID", svc + "-a").put("Name", svc).put("Tags", new JsonArray(List.of("edge")))
                .put("Address", "192.0.2.1").put("Port", 7).encode());
        c.put("/v1/agent/service/register", new JsonObject().put("ID", svc + "-b").put("Name", svc).put("Tags", new JsonArray(List.of("gateway")))
                .put("Address", "192.0.2.2").put("Port", 8).encode());
        try {
            ConsulHttp.Reply services = c.get("/v1/catalog/services");
            assertThat(services.index()).isPositive();
            assertThat(ConsulHttp.strings(new JsonObject(services.body()).getJsonArray(svc))).containsExactlyInAnyOrder("edge", "gateway");
            JsonArray instances = new JsonArray(c.get("/v1/catalog/service/" + svc).body());
            assertThat(instances.stream().map(o -> ((JsonObject) o).getString("ServiceID")).toList()).containsExactlyInAnyOrder(svc + "-a", svc + "-b");
            JsonObject a = instances.stream().map(o -> (JsonObject) o).filter(o -> o.getString("ServiceID").equals(svc + "-a")).findFirst().orElseThrow();
            assertThat(a.getString("ServiceAddress")).isEqualTo("192.0.2.1");
            assertThat(a.getInteger("ServicePort")).isEqualTo(7);
            assertThat(a.getString("ServiceName")).isEqualTo(svc);
            assertThat(a.getString("Node")).isNotEmpty();
        } finally {
            c.put("/v1/agent/service/deregister/" + svc + "-a", "");
            c.put("/v1/agent/service/deregister/" + svc + "-b", "");
        }
        assertThat(new JsonObject(c.get("/v1/catalog/services").body()).containsKey(svc)).isFalse();
    }

    @Test
    void unknownChecksAndServicesAreErrorsAndAServiceNeedsAName() {
        ConsulHttp c = http();
        assertThat(c.put("/v1/agent/check/pass/" + run + "-nope", "").status()).isBetween(400, 599);
        assertThat(c.put("/v1/agent/service/deregister/" + run + "-nope", "").status()).isBetween(400, 599);
        assertThat(c.put("/v1/agent/service/register", new JsonObject().put("ID", run + "-x").encode()).status()).isEqualTo(400);
        assertThat(c.put("/v1/agent/service/register", "{not json").status()).isEqualTo(400);
    }

    static String statusOf(JsonObject entry, String checkId) {
        return check(entry, checkId).getString("Status");
    }

    static String outputOf(JsonObject entry, String checkId) {
        return check(entry, checkId).getString("Output");
    }

    private static JsonObject check(JsonObject entry, String checkId) {
        return entry.getJsonArray("Checks").stream().map(o -> (JsonObject) o)
                .filter(o -> checkId.equals(o.getString("CheckID"))).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + checkId + " in " + entry.encode()));
    }
}
