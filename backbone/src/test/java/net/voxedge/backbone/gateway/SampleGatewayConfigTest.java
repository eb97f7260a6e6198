package net.voxedge.backbone.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sample file backbone/README.md runs the local chain with ("Running the chain locally") loads,
 * and says what the edge's command line there must match.
 */
class SampleGatewayConfigTest {
    private static final Path SAMPLE = Path.of("src/main/resources/sample/gateway.conf");
    private static final String HEX = "00112233445566778899aabbccddeeff0011223344556677";

    @Test
    void theSampleLoadsWithTheLinkKeyFromTheEnvironment() {
        GatewayConfig c = GatewayConfig.load(SAMPLE, Map.of(), name -> name.equals("VOXEDGE_LINK_KEY") ? HEX : null);
        assertThat(c.cluster()).isEqualTo("c1");
        assertThat(c.bind().toString()).endsWith("127.0.0.1:7400");
        assertThat(c.modelUrl()).isEqualTo("ws://127.0.0.1:8700/v1/realtime");
        assertThat(c.edges()).singleElement().satisfies(e -> {
            assertThat(e.address().getPort()).as("the edge's --backbone.bind").isEqualTo(7401);
            assertThat(e.linkId()).as("the /1 in the edge's --backbone.clusters").isEqualTo(1);
            assertThat(e.keyId()).as("the 1: in the edge's --backbone.linkKeys").isEqualTo(1);
            assertThat(e.secret()).isEqualTo(HexFormat.of().parseHex(HEX));
        });
    }

    @Test
    void withoutTheVariableItSaysWhichOneIsMissing() {
        assertThatThrownBy(() -> GatewayConfig.load(SAMPLE, Map.of(), name -> null))
                .isInstanceOf(GatewayConfigException.class).hasMessageContaining("VOXEDGE_LINK_KEY");
    }
}
