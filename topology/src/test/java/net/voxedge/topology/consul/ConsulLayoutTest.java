package net.voxedge.topology.consul;

import io.vertx.ext.consul.Check;
import io.vertx.ext.consul.CheckStatus;
import io.vertx.ext.consul.KeyValue;
import io.vertx.ext.consul.Service;
import io.vertx.ext.consul.ServiceEntry;
import net.voxedge.topology.registry.BackboneRtt;
import net.voxedge.topology.registry.ClientRtt;
import net.voxedge.topology.registry.Health;
import net.voxedge.topology.registry.LatencyBatch;
import net.voxedge.topology.registry.Load;
import net.voxedge.topology.registry.Member;
import net.voxedge.topology.registry.MemberKind;
import net.voxedge.topology.registry.MemberState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The Consul layout: round trips, the keys it owns, and hostile values that must decode to nothing. */
class ConsulLayoutTest {

    private static final Instant AT = Instant.ofEpochMilli(1_780_000_000_123L);
    private final Member edge = new Member("edge-fra1-0", MemberKind.EDGE, "fra1", "fra1-h0", "198.51.100.10", 8443, Map.of("media", "198.51.100.10:3478"));
    private final LatencyBatch batch = new LatencyBatch(
            List.of(new ClientRtt("203.0.113.0/24", "fra1", 12_345, 10, AT)),
            List.of(new BackboneRtt("fra1", "eu-central", 900, 120, 0.001, AT)));

    @Test
    void valuesRoundTrip() {
        Load load = new Load(12, 20_000, 0.42);
        assertThat(ConsulLayout.decodeLoad(ConsulLayout.encodeLoad(load, AT))).contains(new ConsulLayout.Stamped<>(load, AT));
        assertThat(ConsulLayout.decodeDrain(ConsulLayout.encodeDrain(true, AT))).contains(new ConsulLayout.Stamped<>(true, AT));
        assertThat(ConsulLayout.decodeLatency(ConsulLayout.encodeLatency(batch, AT))).contains(new ConsulLayout.Stamped<>(batch, AT));
        assertThat(ConsulLayout.decodeLatency(ConsulLayout.encodeLatency(LatencyBatch.empty(), AT)).orElseThrow().value()).isEqualTo(LatencyBatch.empty());
    }

    @Test
    void aMemberRoundTripsThroughItsServiceMetadata() {
        assertThat(ConsulLayout.meta(edge)).containsEntry("kind", "edge").containsEntry("site", "fra1").containsEntry("host", "fra1-h0");
        assertThat(ConsulLayout.member(edge.id(), edge.address(), edge.port(), ConsulLayout.meta(edge))).contains(edge);
        assertThat(ConsulLayout.tags(edge)).containsExactly("edge", "site-fra1");
        assertThat(ConsulLayout.member("x", "a", 1, Map.of("kind", "pilot", "site", "fra1", "host", "h"))).isEmpty();
        assertThat(ConsulLayout.member("x", "a", 1, Map.of("site", "fra1", "host", "h"))).isEmpty();
        assertThat(ConsulLayout.member("x", "a", 0, Map.of("kind", "edge", "site", "fra1", "host", "h"))).as("port 0").isEmpty();
        assertThat(ConsulLayout.member("x", "a", 1, null)).isEmpty();
    }

    @Test
    void keysParseBackToTheirMemberAndField() {
        assertThat(ConsulLayout.parseKey(ConsulLayout.loadKey("e1"))).contains(new ConsulLayout.KeyRef("e1", ConsulLayout.Field.LOAD));
        assertThat(ConsulLayout.parseKey(ConsulLayout.drainKey("e1"))).contains(new ConsulLayout.KeyRef("e1", ConsulLayout.Field.DRAIN));
        assertThat(ConsulLayout.parseKey(ConsulLayout.latencyKey("fra1", "e1"))).contains(new ConsulLayout.KeyRef("e1", ConsulLayout.Field.LATENCY));
        assertThat(ConsulLayout.loadKey("e1")).isEqualTo("voxedge/members/e1/load");
        assertThat(ConsulLayout.latencyKey("fra1", "e1")).isEqualTo("voxedge/latency/fra1/e1");
        for (String other : new String[] {"voxedge/", "voxedge/members/e1", "voxedge/members//load", "voxedge/members/e1/cpu",
                "voxedge/latency/fra1", "voxedge/latency/fra1/", "voxedge/latency/fra1/e1/x", "elsewhere/members/e1/load"}) {
            assertThat(ConsulLayout.parseKey(other)).as(other).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "{", "{\"sessions\":1}", "{\"sessions\":\"1\",\"capacity\":1,\"cpu\":0,\"atMs\":1}",
            "{\"sessions\":1.5,\"capacity\":1,\"cpu\":0,\"atMs\":1}", "{\"sessions\":1,\"capacity\":0,\"cpu\":0,\"atMs\":1}",
            "{\"sessions\":1,\"capacity\":1,\"cpu\":2,\"atMs\":1}", "{\"sessions\":1,\"capacity\":1,\"cpu\":0,\"atMs\":-1}",
            "{\"sessions\":99999999999,\"capacity\":1,\"cpu\":0,\"atMs\":1}", "{\"sessions\":1,\"capacity\":1,\"cpu\":0,\"atMs\":1e300}"})
    void badLoadsDecodeToNothing(String json) {
        assertThat(ConsulLayout.decodeLoad(json)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "{\"draining\":\"yes\",\"atMs\":1}", "{\"draining\":true}",
            "{\"atMs\":1,\"clients\":[{\"prefix\":\"example.com/24\",\"pop\":\"fra1\",\"rttUs\":1,\"n\":1,\"atMs\":1}]}",
            "{\"atMs\":1,\"clients\":[null]}", "{\"atMs\":1,\"clients\":{}}", "{\"atMs\":1,\"backbone\":[{\"pop\":\"fra1\"}]}"})
    void badDrainAndLatencyValuesDecodeToNothing(String json) {
        assertThat(ConsulLayout.decodeDrain(json)).isEmpty();
        assertThat(ConsulLayout.decodeLatency(json)).isEmpty();
    }

    @Test
    void theAssemblerJoinsHealthAndValuesAndIgnoresOrphans() {
        LiveStateAssembler a = new LiveStateAssembler();
        List<KeyValue> kv = List.of(
                kv(ConsulLayout.loadKey(edge.id()), ConsulLayout.encodeLoad(new Load(5, 10, 0.5), AT)),
                kv(ConsulLayout.drainKey(edge.id()), ConsulLayout.encodeDrain(true, AT.plusMillis(1))),
                kv(ConsulLayout.latencyKey("fra1", edge.id()), ConsulLayout.encodeLatency(batch, AT.plusMillis(2))),
                kv(ConsulLayout.loadKey("dead-member"), ConsulLayout.encodeLoad(new Load(1, 1, 0), AT)),
                kv("voxedge/someone-elses/key", "whatever"));
        LiveStateAssembler.Result r = a.assemble(List.of(entry(edge, CheckStatus.PASSING, "")), kv, AT.plusSeconds(60));
        assertThat(r.rejected()).as("valid values are never rejected").isEmpty();
        assertThat(r.members()).containsOnlyKeys(edge.id());
        MemberState m = r.members().get(edge.id());
        assertThat(m.member()).isEqualTo(edge);
        assertThat(m.load()).contains(new Load(5, 10, 0.5));
        assertThat(m.draining()).isTrue();
        assertThat(m.latency()).contains(batch);
        assertThat(m.updatedAt()).as("newest published stamp").isEqualTo(AT.plusMillis(2));
    }

    @Test
    void theWorstCheckDecidesHealthAndAMemberWithoutItsOwnCheckIsNotTrusted() {
        LiveStateAssembler a = new LiveStateAssembler();
        ServiceEntry e = entry(edge, CheckStatus.WARNING, "slow");
        e.getChecks().add(new Check().setId("serfHealth").setStatus(CheckStatus.CRITICAL).setOutput("node down"));
        MemberState m = a.assemble(List.of(e), List.of(), AT).members().get(edge.id());
        assertThat(m.health()).isEqualTo(Health.CRITICAL);
        assertThat(m.healthNote()).isEqualTo("node down");

        ServiceEntry noCheck = new ServiceEntry().setService(service(edge)).setChecks(new java.util.ArrayList<>());
        MemberState unvouched = a.assemble(List.of(noCheck), List.of(), AT).members().get(edge.id());
        assertThat(unvouched.health()).isEqualTo(Health.CRITICAL);

        ServiceEntry foreign = new ServiceEntry().setService(new Service().setId("web").setName("voxedge").setMeta(Map.of()))
                .setChecks(new java.util.ArrayList<>());
        LiveStateAssembler.Result r = a.assemble(List.of(foreign), List.of(kv(ConsulLayout.loadKey(edge.id()), "garbage")), AT);
        assertThat(r.members()).isEmpty();
        assertThat(r.rejected()).containsExactly("KV voxedge/members/edge-fra1-0/load", "service instance web");
    }

    @Test
    void aMemberFirstSeenKeepsThatTimeUntilItPublishes() {
        LiveStateAssembler a = new LiveStateAssembler();
        ServiceEntry e = entry(edge, CheckStatus.PASSING, "");
        assertThat(a.assemble(List.of(e), List.of(), AT).members().get(edge.id()).updatedAt()).isEqualTo(AT);
        assertThat(a.assemble(List.of(e), List.of(), AT.plusSeconds(5)).members().get(edge.id()).updatedAt())
                .as("the same snapshot content, so no spurious change").isEqualTo(AT);
        assertThat(Optional.ofNullable(a.assemble(List.of(), List.of(), AT).members().get(edge.id()))).isEmpty();
        assertThat(a.assemble(List.of(e), List.of(), AT.plusSeconds(9)).members().get(edge.id()).updatedAt())
                .as("after leaving, it is new again").isEqualTo(AT.plusSeconds(9));
    }

    private static KeyValue kv(String key, String value) {
        return new KeyValue().setKey(key).setValue(value);
    }

    private static Service service(Member m) {
        return new Service().setId(m.id()).setName(ConsulLayout.SERVICE).setAddress(m.address()).setPort(m.port())
                .setTags(ConsulLayout.tags(m)).setMeta(ConsulLayout.meta(m));
    }

    private static ServiceEntry entry(Member m, CheckStatus status, String output) {
        List<Check> checks = new java.util.ArrayList<>();
        checks.add(new Check().setId("serfHealth").setStatus(CheckStatus.PASSING).setOutput("Agent alive and reachable"));
        checks.add(new Check().setId(ConsulLayout.checkId(m.id())).setStatus(status).setOutput(output));
        return new ServiceEntry().setService(service(m)).setChecks(checks);
    }
}
