package net.voxedge.edge.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;
import net.voxedge.topology.registry.ClientRtt;
import org.junit.jupiter.api.Test;

class ClientRttAggregatorTest {

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void prefixesAreSlash24AndSlash48AsTheRouterKeysThem() throws Exception {
        assertThat(ClientRttAggregator.prefixOf(ip("203.0.113.77"))).isEqualTo("203.0.113.0/24");
        assertThat(ClientRttAggregator.prefixOf(ip("2001:db8:abcd:12::1"))).isEqualTo("2001:db8:abcd::/48");
        assertThat(ClientRttAggregator.prefixOf(ip("::ffff:198.51.100.9"))).isEqualTo("198.51.100.0/24");
        assertThat(ClientRttAggregator.prefixOf(ip("::1"))).isEqualTo("0:0:0::/48");
    }

    @Test
    void onePeriodGivesTheMeanPerPrefixAndDrainingStartsAFreshPeriod() throws Exception {
        ClientRttAggregator a = new ClientRttAggregator("fra1", 100);
        a.record(ip("203.0.113.5"), 20_000, 1_000);
        a.record(ip("203.0.113.200"), 30_000, 3_000);
        a.record(ip("198.51.100.1"), 90_000, 2_000);
        assertThat(a.drain()).containsExactlyInAnyOrder(
                new ClientRtt("203.0.113.0/24", "fra1", 25_000, 2, Instant.ofEpochMilli(3_000)),
                new ClientRtt("198.51.100.0/24", "fra1", 90_000, 1, Instant.ofEpochMilli(2_000)));
        assertThat(a.drain()).isEmpty();
        a.record(ip("203.0.113.5"), 10_000, 4_000);
        assertThat(a.drain()).containsExactly(new ClientRtt("203.0.113.0/24", "fra1", 10_000, 1, Instant.ofEpochMilli(4_000)));
    }

    @Test
    void prefixesBeyondTheCapAreCountedNotKept() throws Exception {
        ClientRttAggregator a = new ClientRttAggregator("fra1", 2);
        a.record(ip("10.0.1.1"), 1, 1);
        a.record(ip("10.0.2.1"), 1, 1);
        a.record(ip("10.0.3.1"), 1, 1);
        a.record(ip("10.0.1.2"), 3, 1);
        assertThat(a.dropped()).isEqualTo(1);
        assertThat(a.drain()).extracting(ClientRtt::prefix).containsExactlyInAnyOrder("10.0.1.0/24", "10.0.2.0/24");
    }

    @Test
    void negativeRoundTripsAndMissingAddressesAreIgnored() throws Exception {
        ClientRttAggregator a = new ClientRttAggregator("fra1", 10);
        a.record(null, 5, 1);
        a.record(ip("10.0.0.1"), -1, 1);
        assertThat(a.drain()).isEmpty();
    }
}
