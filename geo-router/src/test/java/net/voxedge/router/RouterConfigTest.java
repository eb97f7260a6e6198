package net.voxedge.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterConfigTest {

    @Test
    void defaults() {
        RouterConfig c = RouterConfig.defaults();
        assertThat(c.listenPort()).isEqualTo(8090);
        assertThat(c.geoipPath()).isEqualTo(Path.of("data/geoip/GeoLite2-City.mmdb"));
        assertThat(c.unknownRadiusKm()).isEqualTo(500);
        assertThat(c.halfLife()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.horizon()).isEqualTo(Duration.ofMinutes(60));
        assertThat(c.rttModel().inflation()).isEqualTo(1.5);
        assertThat(c.policy().loadKnee()).isEqualTo(0.8);
    }

    @Test
    void fileThenArguments(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("router.conf");
        Files.writeString(f, "geoip { path = \"/srv/GeoIP2-City.mmdb\", unknown-radius-km = 300 }\nmeasured.half-life = 5m\nlisten.port = 9000\n");
        RouterConfig c = RouterConfig.fromArgs(new String[] {"--config=" + f, "--listen.port=9100", "--rtt.inflation=1.3"});
        assertThat(c.geoipPath()).isEqualTo(Path.of("/srv/GeoIP2-City.mmdb"));
        assertThat(c.unknownRadiusKm()).isEqualTo(300);
        assertThat(c.halfLife()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.listenPort()).isEqualTo(9100);
        assertThat(c.rttModel().inflation()).isEqualTo(1.3);
    }

    @Test
    void registryConsulIsOptionalAndChecked() {
        assertThat(RouterConfig.defaults().registryConsul()).isNull();
        assertThat(RouterConfig.fromArgs(new String[] {"--registry.consul=127.0.0.1:8500"}).registryConsul())
                .isEqualTo("127.0.0.1:8500");
        assertThatThrownBy(() -> RouterConfig.fromArgs(new String[] {"--registry.consul=consul"}))
                .hasMessageContaining("registry.consul");
    }

    @Test
    void clientRoundTripsFromTheRegistryFeedTheMeasuredTable() {
        var topology = Fixtures.sampleTopology();
        var scorer = new net.voxedge.router.scoring.PopScorer(topology, net.voxedge.router.model.RttModel.DEFAULT,
                net.voxedge.router.scoring.ScoringPolicy.DEFAULT, new net.voxedge.router.state.InMemoryLiveState(),
                new net.voxedge.router.measured.MeasuredRttTable(100, 600_000_000_000L, 3_600_000_000_000L));
        var service = new RouterService(a -> net.voxedge.router.geo.GeoLocation.NOT_IN_DATABASE, scorer, () -> 1L);
        RouterMain.recordClientRtt(service, new net.voxedge.topology.registry.ClientRtt("203.0.113.0/24", "nrt1", 12_000, 3,
                java.time.Instant.now()));
        RouterMain.recordClientRtt(service, new net.voxedge.topology.registry.ClientRtt("2001:db8:7::/48", "nowhere", 5_000, 1,
                java.time.Instant.now()));
        assertThat(service.measuredEntries()).isEqualTo(1);
        byte[] client = {(byte) 203, 0, 113, 99};
        var decision = service.route(client, 4, -1);
        assertThat(decision.pop().name()).as("a client nobody can place goes where it was measured").isEqualTo("nrt1");
    }

    @Test
    void everyProblemIsNamed() {
        assertThatThrownBy(() -> RouterConfig.fromArgs(new String[] {"--geoip.pth=/x"}))
                .isInstanceOf(RouterConfigException.class).hasMessageContaining("unknown setting(s) [geoip.pth]");
        assertThatThrownBy(() -> RouterConfig.fromArgs(new String[] {"--listen.port=70000", "--measured.half-life=soon", "--load.knee=abc"}))
                .hasMessageContaining("listen.port: must be between 0.0 and 65535.0 (got 70000.0)")
                .hasMessageContaining("measured.half-life: must be a duration")
                .hasMessageContaining("load.knee: must be a number");
        assertThatThrownBy(() -> RouterConfig.fromArgs(new String[] {"stray"})).hasMessageContaining("unexpected argument 'stray'");
        assertThatThrownBy(() -> RouterConfig.fromArgs(new String[] {"--config=/nonexistent/router.conf"}))
                .hasMessageContaining("/nonexistent/router.conf does not exist");
    }
}
