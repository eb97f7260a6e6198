package net.voxedge.topology.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The records refuse what the backends could not carry, with messages that name the field. */
class RegistryModelTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "-edge", "edge/1", "edge 1", "edge%2F", "é"})
    void memberIdsThatCannotBeAServiceIdOrAKeySegmentAreRefused(String id) {
        assertThatThrownBy(() -> Member.of(id, MemberKind.EDGE, "fra1", "fra1-h0", "198.51.100.10", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("member id");
    }

    @Test
    void reservedOrInvalidMetaIsRefused() {
        assertThatThrownBy(() -> new Member("e", MemberKind.EDGE, "fra1", "h", "a", 1, Map.of("kind", "router")))
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> new Member("e", MemberKind.EDGE, "fra1", "h", "a", 1, Map.of("bad key", "x")))
                .hasMessageContaining("meta key");
        assertThatThrownBy(() -> new Member("e", MemberKind.EDGE, "fra1", "h", "a", 1, Map.of("k", "x".repeat(513))))
                .hasMessageContaining("512");
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 33; i++) {
            many.put("k" + i, "v");
        }
        assertThatThrownBy(() -> new Member("e", MemberKind.EDGE, "fra1", "h", "a", 1, many)).hasMessageContaining("32");
        assertThatThrownBy(() -> Member.of("e", MemberKind.EDGE, "fra1", "h", "a", 0)).hasMessageContaining("port");
        assertThatThrownBy(() -> Member.of("e", MemberKind.EDGE, "fra 1", "h", "a", 1)).hasMessageContaining("site");
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.0/24", "0.0.0.0/0", "2001:db8::/32", "::/0", "198.51.100.7/32", "2001:db8::1/128"})
    void clientPrefixesAsTextAreAccepted(String prefix) {
        assertThat(new ClientRtt(prefix, "fra1", 1, 1, Instant.EPOCH).prefix()).isEqualTo(prefix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.0", "203.0.113.0/33", "2001:db8::/129", "example.com/24", "203.0.113/24",
            "/24", "203.0.113.0/", "203.0.113.0/2a", "1.2.3.4/24/1", "203.0.113.0/-1", "[2001:db8::]/32", "999.0.0.0/8"})
    void malformedClientPrefixesAreRefused(String prefix) {
        assertThatThrownBy(() -> new ClientRtt(prefix, "fra1", 1, 1, Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
    }

    @Test
    void measurementsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new Load(1, 10, 1.5)).hasMessageContaining("cpu");
        assertThatThrownBy(() -> new Load(1, 10, Double.NaN)).hasMessageContaining("cpu");
        assertThatThrownBy(() -> new Load(-1, 10, 0)).hasMessageContaining("activeSessions");
        assertThatThrownBy(() -> new Load(1, 0, 0)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> new BackboneRtt("fra1", "eu", 1, 1, 1.01, Instant.EPOCH)).hasMessageContaining("loss");
        assertThatThrownBy(() -> new ClientRtt("203.0.113.0/24", "fra1", -1, 1, Instant.EPOCH)).hasMessageContaining("rttMicros");
        assertThatThrownBy(() -> new ClientRtt("203.0.113.0/24", "fra1", 1, 0, Instant.EPOCH)).hasMessageContaining("samples");
        ClientRtt one = new ClientRtt("203.0.113.0/24", "fra1", 1, 1, Instant.EPOCH);
        assertThatThrownBy(() -> new LatencyBatch(Collections.nCopies(LatencyBatch.MAX_CLIENTS + 1, one), List.of()))
                .hasMessageContaining(String.valueOf(LatencyBatch.MAX_CLIENTS));
    }

    @Test
    void theWorstCheckDecidesAndOnlyCriticalOrDrainingKeepSessionsAway() {
        assertThat(Health.PASSING.worst(Health.WARNING)).isEqualTo(Health.WARNING);
        assertThat(Health.CRITICAL.worst(Health.WARNING)).isEqualTo(Health.CRITICAL);
        assertThat(Health.fromConsul("maintenance")).isEmpty();
        Member m = Member.of("e", MemberKind.EDGE, "fra1", "h", "a", 1);
        assertThat(new MemberState(m, Health.WARNING, "", false, Optional.empty(), Optional.empty(), Instant.EPOCH).acceptsSessions()).isTrue();
        assertThat(new MemberState(m, Health.CRITICAL, "", false, Optional.empty(), Optional.empty(), Instant.EPOCH).acceptsSessions()).isFalse();
        assertThat(new MemberState(m, Health.PASSING, "", true, Optional.empty(), Optional.empty(), Instant.EPOCH).acceptsSessions()).isFalse();
    }

    @Test
    void aStaleStateMustSayWhenItWasLastKnown() {
        assertThatThrownBy(() -> new LiveState(1, Map.of(), true, Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThat(new LiveState(1, Map.of(), true, Optional.of(Instant.EPOCH)).staleSince()).contains(Instant.EPOCH);
    }
}
