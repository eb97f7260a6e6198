package net.voxedge.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.voxedge.edge.testing.EdgeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration errors must say which key was wrong, where it was set, and what would be right. */
class EdgeConfigTest {
    private static final String SECRET_HEX = "00112233445566778899aabbccddeeff";
    private static final String AUTH_KEY = "an auth key that is 32 bytes+ long";

    /** Production-shaped settings that load: not dev, TLS, explicit keys. */
    private static ConfigSource production() {
        return ConfigSource.empty()
                .with("pop.name", "fra1", "test")
                .with("routing.keys", "3:" + SECRET_HEX, "test")
                .with("auth.key", AUTH_KEY, "test")
                .with("signaling.bind", "0.0.0.0:443", "test")
                .with("signaling.tls.certificate", "/etc/voxedge/cert.pem", "test")
                .with("signaling.tls.privateKey", "/etc/voxedge/key.pem", "test");
    }

    @Test
    void productionSettingsLoadWithTheirDefaults() {
        EdgeConfig c = EdgeConfig.load(production());
        assertThat(c.dev()).isFalse();
        assertThat(c.routingKeys()).containsOnlyKeys(3);
        assertThat(c.routingCurrentKeyId()).isEqualTo(3);
        assertThat(c.tlsEnabled()).isTrue();
        assertThat(c.corsOrigins()).isEmpty();
        assertThat(c.maxAddressesPerSession()).isEqualTo(8);
        assertThat(c.srtpProfileIds()).containsExactly(EdgeConfig.SRTP_AEAD_AES_128_GCM, EdgeConfig.SRTP_AES128_CM_HMAC_SHA1_80);
    }

    @Test
    void aPortOutOfRangeNamesTheKeyAndWhereItWasSet() {
        assertRejected(production().with("media.bind", "127.0.0.1:70000", "config file edge.properties"),
                "media.bind", "70000", "config file edge.properties");
        assertRejected(production().with("signaling.bind", "127.0.0.1:http", "command line"),
                "signaling.bind", "http", "command line");
        assertRejected(production().with("media.advertise", "edge.example.com:3478", "command line"),
                "media.advertise", "not an IP address literal", "command line");
    }

    @Test
    void anUnknownTransportNamesTheChoices() {
        assertRejected(production().with("media.transport", "dpdk", "command line"),
                "media.transport=dpdk", "command line", "io_uring");
    }

    @Test
    void theMediaHandlerIsEchoOrParrotAndAnythingElseNamesBoth() {
        assertThat(EdgeConfig.load(production()).mediaHandler()).isEqualTo("echo");
        assertThat(EdgeConfig.load(production().with("media.handler", "parrot", "command line")).mediaHandler())
                .isEqualTo("parrot");
        assertRejected(production().with("media.handler", "gpt", "command line"),
                "media.handler", "command line", "'echo'", "'parrot'");
    }

    @Test
    void anUnknownSrtpProfileNamesTheKnownOnes() {
        assertRejected(production().with("dtls.srtpProfiles", "AES128_CM_HMAC_SHA1_80,NULL_HMAC_SHA1_80", "command line"),
                "dtls.srtpProfiles", "NULL_HMAC_SHA1_80", "command line", "AEAD_AES_128_GCM");
    }

    @Test
    void outOfRangeNumbersNameTheirBounds() {
        assertRejected(production().with("ice.consentTimeoutSeconds", "1", "command line"),
                "ice.consentTimeoutSeconds=1", "command line", "between 5 and 3600");
        assertRejected(production().with("media.workers", "many", "command line"),
                "media.workers=many", "not a whole number");
    }

    @Test
    void routingKeysAreRequiredOutsideDevMode() {
        ConfigSource src = production();
        ConfigSource without = ConfigSource.empty();
        for (String k : List.of("pop.name", "auth.key", "signaling.bind", "signaling.tls.certificate", "signaling.tls.privateKey")) {
            without.with(k, src.string(k, null), "test");
        }
        assertRejected(without, "routing.keys is required outside dev mode");
    }

    @Test
    void authKeyIsRequiredOutsideDevMode() {
        ConfigSource src = ConfigSource.empty().with("pop.name", "fra1", "test").with("routing.keys", "0:" + SECRET_HEX, "test")
                .with("signaling.tls.certificate", "/c.pem", "test").with("signaling.tls.privateKey", "/k.pem", "test");
        assertRejected(src, "auth.key is required");
    }

    @Test
    void plainHttpIsRefusedOffLoopbackEvenInDevModeAndOutsideDevModeEverywhere() {
        assertRejected(EdgeFixture.config("signaling.bind", "0.0.0.0:8080"), "signaling.bind=0.0.0.0:8080", "needs HTTPS", "test");
        ConfigSource plain = ConfigSource.empty().with("pop.name", "fra1", "test").with("routing.keys", "0:" + SECRET_HEX, "test")
                .with("auth.key", AUTH_KEY, "test").with("signaling.bind", "127.0.0.1:8080", "command line");
        assertRejected(plain, "signaling.bind=127.0.0.1:8080", "needs HTTPS", "command line");
        assertRejected(production().with("signaling.tls.privateKey", null, "test"), "must be given together");
    }

    @Test
    void secretsNeverAppearInErrors() {
        String weak = "0123456789abcdef0123";
        assertThatThrownBy(() -> EdgeConfig.load(production().with("auth.key", "short-" + weak, "command line")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.key").hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining(weak);
        String shortSecret = "deadbeefcafe";
        assertThatThrownBy(() -> EdgeConfig.load(production().with("routing.keys", "3:" + SECRET_HEX + ",4:" + shortSecret, "command line")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("routing.keys").hasMessageContaining("command line")
                .hasMessageNotContaining(shortSecret).hasMessageNotContaining(SECRET_HEX);
        assertThatThrownBy(() -> EdgeConfig.load(production().with("routing.keys", SECRET_HEX, "command line")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("keyId:hexSecret").hasMessageNotContaining(SECRET_HEX);
    }

    @Test
    void unknownKeysAreReportedWithTheirOrigin(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("edge.properties");
        Files.writeString(file, "pop.name=fra1\nmedia.wrokers=4\n");
        ConfigSource src = ConfigSource.empty().withFile(file);
        List<String> positional = ConfigSource.applyArgs(src, new String[] {"--dev", "--sesions.max=5", "stray"});
        EdgeConfig.load(src);
        assertThat(positional).containsExactly("stray");
        assertThat(src.unknownKeys()).containsExactlyInAnyOrder(
                "media.wrokers (config file " + file + ")", "sesions.max (command line)");
    }

    @Test
    void aCommandLineValueOverridesTheFileAndErrorsSayWhichOneWasRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("edge.properties");
        Files.writeString(file, "dev=true\nmedia.workers=0\n");
        ConfigSource src = ConfigSource.empty().withFile(file);
        assertRejected(src, "media.workers=0", "config file " + file);
        ConfigSource.applyArgs(src, new String[] {"--media.workers=3"});
        assertThat(EdgeConfig.load(src).workers()).isEqualTo(3);
    }

    @Test
    void theInternalKeyIsOptionalLongEnoughAndNotTheAuthKey() {
        assertThat(EdgeConfig.load(production()).internalApiEnabled()).isFalse();
        String internal = "an internal key of 32 bytes or more";
        EdgeConfig c = EdgeConfig.load(production().with("internal.key", internal, "test"));
        assertThat(c.internalApiEnabled()).isTrue();
        assertThat(new String(c.internalKey(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(internal);
        assertRejected(production().with("internal.key", "short", "command line"),
                "internal.key=<redacted>", "command line", "at least 32 bytes");
        assertRejected(production().with("internal.key", AUTH_KEY, "config file edge.properties"),
                "internal.key=<redacted>", "must differ from auth.key");
    }

    private static void assertRejected(ConfigSource src, String... named) {
        assertThatThrownBy(() -> EdgeConfig.load(src)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(named));
    }
}
