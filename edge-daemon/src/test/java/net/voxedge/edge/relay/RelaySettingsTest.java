package net.voxedge.edge.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.voxedge.edge.config.ConfigException;
import net.voxedge.edge.config.EdgeConfig;
import net.voxedge.edge.testing.EdgeFixture;
import org.junit.jupiter.api.Test;

/** {@code relay.*} keys: defaults, parsing, and errors a person can act on. */
class RelaySettingsTest {
    private static EdgeConfig load(String... kv) {
        return EdgeConfig.load(EdgeFixture.config(kv));
    }

    @Test
    void offByDefault() {
        assertThat(load().relay().enabled()).isFalse();
    }

    @Test
    void parsesPeersAndLimits() {
        RelaySettings r = load("pop.id", "3", "host.id", "2", "relay.listen", "10.1.0.3:4000",
                "relay.peers", "1/1=10.1.0.1:4000, 2/7=[fd00::2]:4001", "relay.maxBindings", "500",
                "relay.bindingTimeoutSeconds", "45").relay();
        assertThat(r.enabled()).isTrue();
        assertThat(r.listen().port()).isEqualTo(4000);
        assertThat(r.peers()).hasSize(2);
        assertThat(r.peers().get(1).popId()).isEqualTo(2);
        assertThat(r.peers().get(1).hostId()).isEqualTo(7);
        assertThat(r.peers().get(1).address().getPort()).isEqualTo(4001);
        assertThat(r.peers().get(1).index()).isEqualTo(1);
        assertThat(r.maxEntries()).isEqualTo(500);
        assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void clearErrors() {
        assertThatThrownBy(() -> load("relay.peers", "2/1=10.0.0.2:4000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs relay.listen");
        assertThatThrownBy(() -> load("relay.listen", "10.0.0.1:4000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least one popId/hostId=ip:port");
        assertThatThrownBy(() -> load("relay.listen", "10.0.0.1:0", "relay.peers", "2/1=10.0.0.2:4000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("fixed port");
        assertThatThrownBy(() -> load("relay.listen", "0.0.0.0:4000", "relay.peers", "2/1=10.0.0.2:4000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("specific address");
        assertThatThrownBy(() -> load("relay.listen", "10.0.0.1:4000", "relay.peers", "2-1=10.0.0.2:4000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is not popId/hostId=ip:port");
        assertThatThrownBy(() -> load("relay.listen", "10.0.0.1:4000", "relay.peers", "x/1=10.0.0.2:4000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be numbers");
        assertThatThrownBy(() -> load("relay.listen", "10.0.0.1:4000", "relay.peers", "1/1=10.0.0.2:4000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("this host itself");
        assertThatThrownBy(() -> load("relay.listen", "10.0.0.1:4000", "relay.peers", "2/1=10.0.0.2:0"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("specific relay ip and a port");
        assertThatThrownBy(() -> load("relay.listen", "10.0.0.1:4000", "relay.peers", "2/1=10.0.0.2:4000,2/1=10.0.0.3:4000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> load("relay.listen", "10.0.0.1:4000", "relay.peers", "2/1=10.0.0.2:4000,3/1=10.0.0.2:4000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("for two hosts");
        assertThatThrownBy(() -> load("relay.listen", "10.0.0.1:4000", "relay.peers", "70000/1=10.0.0.2:4000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("0..65535");
        assertThatThrownBy(() -> load("relay.listen", "nonsense", "relay.peers", "2/1=10.0.0.2:4000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("relay.listen");
    }
}
