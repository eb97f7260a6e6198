package net.voxedge.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DevNetworkMainTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        DevNetwork.Options o = DevNetworkMain.parse(new String[0]);
        assertThat(o.frontHost()).isEqualTo("127.0.0.1");
        assertThat(o.frontPort()).isEqualTo(8080);
        assertThat(o.geoipPath()).isEqualTo(Path.of("data/geoip/GeoLite2-City.mmdb"));
    }

    @Test
    void optionsOverrideTheDefaults() {
        DevNetwork.Options o = DevNetworkMain.parse(new String[] {"--port=18080", "--host=127.0.0.9", "--geoip=/x.mmdb"});
        assertThat(o).isEqualTo(new DevNetwork.Options("127.0.0.9", 18080, Path.of("/x.mmdb")));
        assertThat(DevNetworkMain.parse(new String[] {"--help"})).isNull();
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> DevNetworkMain.parse(new String[] {"--port=http"})).hasMessageContaining("--port");
        assertThatThrownBy(() -> DevNetworkMain.parse(new String[] {"--port=70000"})).hasMessageContaining("0..65535");
        assertThatThrownBy(() -> DevNetworkMain.parse(new String[] {"--host=0.0.0.0"})).hasMessageContaining("loopback");
        assertThatThrownBy(() -> DevNetworkMain.parse(new String[] {"--media.handler=echo"}))
                .hasMessageContaining("unknown argument '--media.handler=echo'");
    }
}
