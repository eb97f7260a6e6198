package net.voxedge.router.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.voxedge.router.RouterConfig;
import net.voxedge.router.RouterConfigException;
import net.voxedge.topology.Topology;
import net.voxedge.topology.TopologyLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken front configuration stops the router with messages naming each setting and what is wrong. */
class FrontConfigTest {
    @TempDir
    Path dir;
    private Topology topology;

    @BeforeEach
    void topology() throws Exception {
        Files.writeString(dir.resolve("client-auth.key"), FrontFixture.AUTH_KEY + "\n");
        Files.writeString(dir.resolve("internal.key"), FrontFixture.INTERNAL_KEY);
        Files.writeString(dir.resolve("short.key"), "too short\n");
        Path f = dir.resolve("topology.conf");
        Files.writeString(f, FrontFixture.topologyText(dir, "127.0.0.2:4000", "127.0.0.3:4000"));
        topology = TopologyLoader.load(f);
    }

    private static Map<String, Object> enabled() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("front.enabled", true);
        m.put("front.pop", "popa");
        return m;
    }

    private static FrontConfig parse(Map<String, Object> m) {
        return RouterConfig.from(ConfigFactory.parseMap(m, "router.conf"), "router.conf").front();
    }

    private FrontSetup setup(Map<String, Object> m, Map<String, String> env) {
        return FrontSetup.resolve(parse(m), topology, env::get);
    }

    @Test
    void aWorkingFrontReadsItsKeysAndEdgeUrls() {
        Map<String, Object> m = enabled();
        m.put("front.edges.popb", "http://127.0.0.1:8081/");
        m.put("front.trusted-proxies", "10.0.0.0/8, ::1");
        FrontSetup s = setup(m, Map.of());
        assertThat(s.pop().name()).isEqualTo("popa");
        assertThat(new String(s.authKey(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(FrontFixture.AUTH_KEY);
        assertThat(new String(s.internalKey(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(FrontFixture.INTERNAL_KEY);
        assertThat(s.edgeBases()).containsEntry("popa", URI.create("https://popa.rtc.example.net"))
                .containsEntry("popb", URI.create("http://127.0.0.1:8081"));
        assertThat(s.config().trustedProxies().describe()).containsExactly("10.0.0.0/8", "::1");
        assertThat(s.config().forwardTimeout()).hasSeconds(5);
        assertThat(RouterConfig.defaults().front().enabled()).isFalse();
    }

    @Test
    void keysMayLiveInEnvironmentVariables() {
        Map<String, Object> m = enabled();
        m.put("front.auth-key", "env-key");
        assertThat(setup(m, Map.of("VOXEDGE_TEST_FRONT_KEY", FrontFixture.AUTH_KEY)).authKey()).hasSize(FrontFixture.AUTH_KEY.length());
        assertThatThrownBy(() -> setup(m, Map.of())).hasMessageContaining(
                "front.auth-key: key 'env-key': environment variable VOXEDGE_TEST_FRONT_KEY is not set");
    }

    @Test
    void badSettingsAreAllNamedAtOnce() {
        Map<String, Object> m = enabled();
        m.put("front.pop", "");
        m.put("front.trusted-proxies", List.of("10.0.0.0/33", "proxy.example"));
        m.put("front.edges.popb", "ftp://127.0.0.1:21");
        m.put("front.forward-timeout", "0s");
        m.put("front.listen.host", "0.0.0.0");
        m.put("front.tls.certificate", "/etc/voxedge/front.pem");
        assertThatThrownBy(() -> parse(m)).isInstanceOf(RouterConfigException.class)
                .hasMessageContaining("front.pop: required when front.enabled is true")
                .hasMessageContaining("front.trusted-proxies[0]: '10.0.0.0/33' has a bad prefix length")
                .hasMessageContaining("front.trusted-proxies[1]: 'proxy.example' is not a CIDR")
                .hasMessageContaining("front.edges.popb: 'ftp://127.0.0.1:21' must start with http:// or https://")
                .hasMessageContaining("front.forward-timeout: must be more than 0")
                .hasMessageContaining("front.tls.certificate and front.tls.private-key must be given together")
                .hasMessageContaining("front.listen.host = 0.0.0.0 needs TLS");
    }

    @Test
    void unknownPopsAndMissingOrWeakKeysAreNamed() throws Exception {
        Map<String, Object> m = enabled();
        m.put("front.pop", "mars1");
        m.put("front.edges.venus1", "http://127.0.0.1:8081");
        m.put("front.internal-key", "short-key");
        m.put("front.auth-key", "no-such-key");
        assertThatThrownBy(() -> setup(m, Map.of())).isInstanceOf(RouterConfigException.class)
                .hasMessageContaining("front.pop: unknown PoP 'mars1' (the topology's PoPs: popa, popb)")
                .hasMessageContaining("front.edges.venus1: unknown PoP 'venus1'")
                .hasMessageContaining("front.auth-key: the topology has no key named 'no-such-key'")
                .hasMessageContaining("front.internal-key: key 'short-key' from file " + dir.resolve("short.key")
                        + " is 9 bytes; at least 32 are needed")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("too short"));

        Files.delete(dir.resolve("internal.key"));
        assertThatThrownBy(() -> setup(enabled(), Map.of()))
                .hasMessageContaining("front.internal-key: key 'internal-signaling': cannot read file " + dir.resolve("internal.key"));

        Files.writeString(dir.resolve("internal.key"), FrontFixture.AUTH_KEY);
        assertThatThrownBy(() -> setup(enabled(), Map.of())).hasMessageContaining("holds the same secret as 'client-auth'");
        Map<String, Object> same = enabled();
        same.put("front.internal-key", "client-auth");
        assertThatThrownBy(() -> parse(same)).hasMessageContaining("front.internal-key: must differ from front.auth-key");
    }

    @Test
    void aBrokenTopologyFileIsNamedByTheLoader() throws Exception {
        Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, FrontFixture.topologyText(dir, "127.0.0.2:4000", "127.0.0.2:4000").replace("lat = 35.6762", "lat = 135.6762"));
        assertThatThrownBy(() -> TopologyLoader.load(broken)).hasMessageContaining("broken.conf:")
                .hasMessageContaining("lat").hasMessageContaining("127.0.0.2:4000");
    }
}
