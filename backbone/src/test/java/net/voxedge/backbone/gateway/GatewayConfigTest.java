package net.voxedge.backbone.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {
    private static final String HEX = "00112233445566778899aabbccddeeff";

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        Path f = dir.resolve("gateway.conf");
        Files.writeString(f, text);
        return f;
    }

    private GatewayConfig load(String text, Map<String, String> overrides) throws Exception {
        return GatewayConfig.load(write(text), overrides, name -> name.equals("LINK_KEY") ? HEX : null);
    }

    private String error(String text) {
        return assertThatThrownBy(() -> load(text, Map.of())).isInstanceOf(GatewayConfigException.class)
                .actual().getMessage();
    }

    private static final String EDGE = "{ name = fra1-h0, address = \"127.0.0.1:7500\", link-id = 9, key-id = 2, secret { env = LINK_KEY } }";

    @Test
    void aFullFileLoadsWithKeysByReferenceAndOverridesWin() throws Exception {
        Files.writeString(dir.resolve("nyc.key"), HEX.toUpperCase() + "\n");
        GatewayConfig c = load("""
                gateway {
                  cluster = c1
                  bind = "127.0.0.1:7400"
                  model-url = "ws://127.0.0.1:8700/v1/realtime"
                  model-token { env = LINK_KEY }
                  voice = alloy
                  tick = 2ms
                  pacing { lead = 200ms, staleness = 1s, max-queued = 10s }
                  edges = [
                    %s,
                    { name = nyc1-h0, address = "[::1]:7501", secret { file = nyc.key } }
                  ]
                  registry { enabled = false, capacity = 50 }
                  metrics-bind = "127.0.0.1:9400"
                }
                """.formatted(EDGE), Map.of("gateway.bind", "127.0.0.1:7401"));
        assertThat(c.cluster()).isEqualTo("c1");
        assertThat(c.bind().getPort()).isEqualTo(7401);
        assertThat(c.modelToken()).isEqualTo(HEX);
        assertThat(c.voice()).isEqualTo("alloy");
        assertThat(c.tickNanos()).isEqualTo(2_000_000L);
        assertThat(c.pacing()).isEqualTo(new PacingSettings(200_000_000L, 1_000_000_000L, 500));
        assertThat(c.edges()).hasSize(2);
        assertThat(c.edges().get(0).linkId()).isEqualTo(9);
        assertThat(c.edges().get(0).keyId()).isEqualTo(2);
        assertThat(c.edges().get(0).secret()).hasSize(16);
        assertThat(c.edges().get(1).address().getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(c.edges().get(1).secret()).isEqualTo(c.edges().get(0).secret());
        assertThat(c.registerMember()).isFalse();
        assertThat(c.capacity()).isEqualTo(50);
        assertThat(c.metricsBind().getPort()).isEqualTo(9400);
        assertThat(c.toString()).doesNotContain(HEX).doesNotContain(HEX.toUpperCase());
    }

    @Test
    void acceptKeysAreInstalledBesidesTheSealingKeyAndMistakesInThemAreNamed() throws Exception {
        Files.writeString(dir.resolve("new.key"), "ffeeddccbbaa99887766554433221100\n");
        GatewayConfig c = load("""
                gateway { cluster = c1, bind = "127.0.0.1:7400", model-url = "ws://127.0.0.1:8700/v1/realtime"
                  edges = [ { name = fra1-h0, address = "127.0.0.1:7500", key-id = 2, secret { env = LINK_KEY },
                              accept-keys = [ { key-id = 3, secret { file = new.key } } ] } ] }
                """, Map.of());
        EdgePeerConfig e = c.edges().getFirst();
        assertThat(e.keyId()).isEqualTo(2);
        assertThat(e.acceptKeys()).containsOnlyKeys(3);
        assertThat(e.keys()).containsOnlyKeys(2, 3);
        assertThat(e.keys().get(3)).isEqualTo(java.util.HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100"));
        assertThat(e.toString()).doesNotContain("ffeedd").contains("acceptKeys=[3]");

        String base = "gateway { cluster = c1, bind = \"127.0.0.1:7400\", model-url = \"ws://127.0.0.1:8700/v1/realtime\"\n"
                + "  edges = [ { name = fra1-h0, address = \"127.0.0.1:7500\", key-id = 2, secret { env = LINK_KEY },\n"
                + "    accept-keys = %s } ] }";
        assertThat(error(base.formatted("[ { key-id = 2, secret { env = LINK_KEY } } ]")))
                .contains("gateway.edges[0].accept-keys[0].key-id").contains("key id 2 is given twice");
        assertThat(error(base.formatted("[ { key-id = 4 } ]"))).contains("accept-keys[0]").contains("needs key-id and secret");
        assertThat(error(base.formatted("[ { key-id = 4, secret { env = LINK_KEY }, color = red } ]")))
                .contains("accept-keys[0].color").contains("unknown key");
        assertThat(error(base.formatted("[ { key-id = 300, secret { env = LINK_KEY } } ]"))).contains("must be 0..255");
        assertThat(error(base.formatted("[ {key-id = 3, secret {env = LINK_KEY}}, {key-id = 4, secret {env = LINK_KEY}},"
                + " {key-id = 5, secret {env = LINK_KEY}}, {key-id = 6, secret {env = LINK_KEY}} ]")))
                .contains("at most 3 keys besides key-id");
    }

    @Test
    void defaultsApply() throws Exception {
        GatewayConfig c = load("gateway { cluster = c1, bind = \"127.0.0.1:0\", model-url = \"ws://m/v1\" }", Map.of());
        assertThat(c.pacing()).isEqualTo(PacingSettings.DEFAULT);
        assertThat(c.tickNanos()).isEqualTo(5_000_000L);
        assertThat(c.edges()).isEmpty();
        assertThat(c.registerMember()).isTrue();
        assertThat(c.memberId()).isEqualTo("gateway-c1");
        assertThat(c.metricsBind()).isNull();
    }

    @Test
    void registryConsulIsTheAgentsAddressAndDefaultsToInProcess() throws Exception {
        String head = "gateway { cluster = c1, bind = \"127.0.0.1:0\", model-url = \"ws://m/v1\"";
        assertThat(load(head + " }", Map.of()).registryConsul()).isNull();
        GatewayConfig c = load(head + ", registry { consul = \"127.0.0.1:8500\" } }", Map.of());
        assertThat(c.registryConsul()).isEqualTo(new java.net.InetSocketAddress("127.0.0.1", 8500));
        assertThat(error(head + ", registry { consul = \"consul\" } }")).startsWith("gateway.registry.consul (");
    }

    @Test
    void mistakesAreNamedWithKeyAndPlace() throws Exception {
        String head = "gateway { cluster = c1, bind = \"127.0.0.1:0\", model-url = \"ws://m/v1\"";
        assertThat(error("gateway { bind = \"127.0.0.1:0\", model-url = \"ws://m/v1\" }"))
                .startsWith("gateway.cluster (").endsWith("is missing");
        assertThat(error(head + ", bnid = 1 }")).startsWith("gateway.bnid (").contains("gateway.conf: 1)").contains("unknown key");
        assertThat(error("gateway { cluster = c1, bind = \"nowhere\", model-url = \"ws://m/v1\" }"))
                .startsWith("gateway.bind (").contains("must be host:port");
        assertThat(error("gateway { cluster = c1, bind = \"127.0.0.1:99999\", model-url = \"ws://m/v1\" }"))
                .contains("port must be 0..65535");
        assertThat(error("gateway { cluster = c1, bind = \"127.0.0.1:0\", model-url = \"http://m\" }"))
                .startsWith("gateway.model-url (").contains("ws://");
        assertThat(error(head + ", edges = [ { name = a, address = \"127.0.0.1:1\", secret = \"" + HEX + "\" } ] }"))
                .startsWith("gateway.edges[0].secret (").contains("inline secrets are not allowed");
        assertThat(error(head + ", edges = [ { name = a, address = \"127.0.0.1:1\" } ] }"))
                .contains("'secret' is missing");
        assertThat(error(head + ", edges = [ { name = a, address = \"127.0.0.1:1\", secret { env = NOPE } } ] }"))
                .contains("environment variable NOPE is not set");
        assertThat(error(head + ", edges = [ { name = a, address = \"127.0.0.1:1\", secret { file = missing.key } } ] }"))
                .contains("cannot read key file");
        assertThat(error(head + ", edges = [ { name = a, address = \"127.0.0.1:1\", secret { file = x, env = y } } ] }"))
                .contains("exactly one of file or env (got both)");
        Files.writeString(dir.resolve("short.key"), "0011");
        assertThat(error(head + ", edges = [ { name = a, address = \"127.0.0.1:1\", secret { file = short.key } } ] }"))
                .contains("the key is 2 bytes");
        Files.writeString(dir.resolve("text.key"), "not hex at all, not hex at all!!");
        assertThat(error(head + ", edges = [ { name = a, address = \"127.0.0.1:1\", secret { file = text.key } } ] }"))
                .contains("must be hex digits");
        assertThat(error(head + ", edges = [ " + EDGE + ", " + EDGE.replace("7500", "7600") + " ] }"))
                .contains("edge name 'fra1-h0' is used twice");
        assertThat(error(head + ", edges = [ { name = a, address = \"127.0.0.1:1\", key-id = 256, secret { env = LINK_KEY } } ] }"))
                .startsWith("gateway.edges[0].key-id (").contains("0..255");
        assertThat(error(head + ", pacing { lead = 20s } }")).startsWith("gateway.pacing (").contains("lead must be 0..10 s");
        assertThat(error(head + ", tick = 1s }")).startsWith("gateway.tick (").contains("1..20 ms");
        assertThat(error(head + ", tick = banana }")).startsWith("gateway config: ").contains("tick");
        assertThat(error("gateway { cluster = ")).startsWith("gateway config: ");
        assertThat(error("other { }")).contains("no 'gateway { ... }' object");
        assertThatThrownBy(() -> GatewayConfig.load(dir.resolve("absent.conf"), Map.of()))
                .isInstanceOf(GatewayConfigException.class).hasMessageContaining("does not exist");
    }
}
