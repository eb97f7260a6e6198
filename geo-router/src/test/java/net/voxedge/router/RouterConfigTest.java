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
