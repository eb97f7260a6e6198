package net.voxedge.edge.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.voxedge.edge.config.ConfigException;
import net.voxedge.edge.config.ConfigSource;
import net.voxedge.edge.config.EdgeConfig;
import net.voxedge.edge.testing.EdgeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** backbone.* errors name the key, the problem, and never the secret. */
class BackboneSettingsTest {
    private static final String SECRET = "00112233445566778899aabbccddeeff";

    @TempDir
    Path dir;

    private ConfigSource backbone(String... kv) throws Exception {
        Path key = dir.resolve("k1");
        Files.writeString(key, SECRET + "\n");
        ConfigSource src = ConfigSource.empty()
                .with("pop.id", "7", "test").with("host.id", "2", "test")
                .with("backbone.clusters", "eu1@10.0.0.5:7000,eu2@10.0.1.5:7000/99", "test")
                .with("backbone.linkKeys", "1:file:" + key + ",2:env:VOXEDGE_TEST_LINK_KEY", "test")
                .with("backbone.journal.dir", dir.resolve("j").toString(), "test");
        for (int i = 0; i < kv.length; i += 2) {
            src.with(kv[i], kv[i + 1], "command line");
        }
        return src;
    }

    private static BackboneSettings load(ConfigSource src, boolean dev, Map<String, String> env) {
        return BackboneSettings.load(src, true, dev, 7, 2, env::get);
    }

    @Test
    void loadsClustersInOrderKeysByReferenceAndDerivedLinkIds() throws Exception {
        BackboneSettings s = load(backbone(), false, Map.of("VOXEDGE_TEST_LINK_KEY", "ff" + SECRET));
        assertThat(s.clusters()).extracting(BackboneSettings.Cluster::id).containsExactly("eu1", "eu2");
        assertThat(s.clusters().get(0).linkId()).isEqualTo(7 << 16 | 2 << 8 | 1); // pop, host, position
        assertThat(s.clusters().get(1).linkId()).isEqualTo(99);
        assertThat(s.linkKeys()).containsOnlyKeys(1, 2);
        assertThat(s.linkKeys().get(2)).hasSize(17);
        assertThat(s.linkKeyRefs().get(2)).isEqualTo("env:VOXEDGE_TEST_LINK_KEY");
        assertThat(s.currentKeyId()).isEqualTo(1);
        assertThat(s.bind().toString()).isEqualTo("0.0.0.0:0");
        assertThat(s.journalRetention().toMinutes()).isEqualTo(60);
    }

    @Test
    void errorsNameTheKeyAndTheProblem() throws Exception {
        Map<String, String> env = Map.of("VOXEDGE_TEST_LINK_KEY", SECRET);
        assertThatThrownBy(() -> load(backbone("backbone.clusters", ""), false, env))
                .hasMessageContaining("backbone.clusters is required");
        assertThatThrownBy(() -> load(backbone("backbone.clusters", "eu1@somehost:7000"), false, env))
                .hasMessageContaining("backbone.clusters").hasMessageContaining("not an IP address literal");
        assertThatThrownBy(() -> load(backbone("backbone.clusters", "eu1@10.0.0.5:7000,eu1@10.0.0.6:7000"), false, env))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> load(backbone("backbone.clusters", "a@10.0.0.5:7000/5,b@10.0.0.6:7000/5"), false, env))
                .hasMessageContaining("link id 5");
        assertThatThrownBy(() -> load(backbone("backbone.linkKeys", "1:" + SECRET), false, env))
                .isInstanceOf(ConfigException.class).hasMessageContaining("keyId:file:PATH")
                .hasMessageNotContaining(SECRET.substring(4));
        assertThatThrownBy(() -> load(backbone("backbone.linkKeys", "1:file:/nonexistent/key"), false, env))
                .hasMessageContaining("/nonexistent/key").hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> load(backbone(), false, Map.of()))
                .hasMessageContaining("VOXEDGE_TEST_LINK_KEY").hasMessageContaining("not set");
        assertThatThrownBy(() -> load(backbone(), false, Map.of("VOXEDGE_TEST_LINK_KEY", "abcd")))
                .hasMessageContaining("key 2").hasMessageContaining("at least 16");
        assertThatThrownBy(() -> load(backbone(), false, Map.of("VOXEDGE_TEST_LINK_KEY", "not hex at all!")))
                .hasMessageContaining("not a hex string").hasMessageNotContaining("not hex at all");
        assertThatThrownBy(() -> load(backbone("backbone.currentKeyId", "3"), false, env))
                .hasMessageContaining("backbone.currentKeyId").hasMessageContaining("[1, 2]");
        assertThatThrownBy(() -> load(backbone("backbone.journal.dir", ""), false, env))
                .hasMessageContaining("backbone.journal.dir is required outside dev mode");
        assertThat(load(backbone("backbone.journal.dir", ""), true, env).journalDir()).isNull(); // dev: a temp dir
    }

    @Test
    void theDaemonConfigAcceptsBackboneAndIgnoresItsKeysOtherwise() throws Exception {
        ConfigSource src = EdgeFixture.config("media.handler", "backbone", "backbone.clusters", "c@127.0.0.1:9",
                "backbone.linkKeys", "1:file:" + dir.resolve("k"));
        Files.writeString(dir.resolve("k"), SECRET);
        EdgeConfig c = EdgeConfig.load(src);
        assertThat(c.mediaHandler()).isEqualTo("backbone");
        assertThat(c.backbone().enabled()).isTrue();
        assertThat(c.backbone().bind().toString()).isEqualTo("127.0.0.1:0");
        EdgeConfig echo = EdgeConfig.load(EdgeFixture.config("backbone.clusters", "c@127.0.0.1:9"));
        assertThat(echo.backbone().enabled()).isFalse();
        assertThat(src.unknownKeys()).isEmpty();
        assertThatThrownBy(() -> EdgeConfig.load(EdgeFixture.config("media.handler", "gpt")))
                .hasMessageContaining("'backbone'");
    }
}
