package net.voxedge.topology.consul;

import com.code_intelligence.jazzer.junit.FuzzTest;
import net.voxedge.topology.registry.LatencyBatch;
import net.voxedge.topology.registry.Load;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * KV values come from whoever can write to Consul: decoding any bytes must never throw, and what
 * decodes must encode and decode again to the same thing.
 */
class ConsulLayoutFuzzTest {

    @FuzzTest
    void decodingAnyValueIsSafeAndStable(byte[] data) {
        String json = new String(data, StandardCharsets.UTF_8);
        Optional<ConsulLayout.Stamped<Load>> load = ConsulLayout.decodeLoad(json);
        load.ifPresent(l -> assertThat(ConsulLayout.decodeLoad(ConsulLayout.encodeLoad(l.value(), l.at()))).contains(l));
        Optional<ConsulLayout.Stamped<Boolean>> drain = ConsulLayout.decodeDrain(json);
        drain.ifPresent(d -> assertThat(ConsulLayout.decodeDrain(ConsulLayout.encodeDrain(d.value(), d.at()))).contains(d));
        Optional<ConsulLayout.Stamped<LatencyBatch>> latency = ConsulLayout.decodeLatency(json);
        latency.ifPresent(b -> assertThat(ConsulLayout.decodeLatency(ConsulLayout.encodeLatency(b.value(), b.at()))).contains(b));
        ConsulLayout.parseKey(json).ifPresent(ref -> assertThat(ref.memberId()).isNotEmpty().doesNotContain("/"));
    }
}
