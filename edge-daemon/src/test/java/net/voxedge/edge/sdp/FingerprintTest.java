package net.voxedge.edge.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    @Test
    void parsesAnyCaseAndPrintsUpperCase() throws SdpException {
        Fingerprint f = Fingerprint.parse("SHA-256 " + "ab:".repeat(31) + "0f");
        assertThat(f.algorithm()).isEqualTo("sha-256");
        assertThat(f.hex()).isEqualTo("AB:".repeat(31) + "0F");
        assertThat(f.toSdpValue()).isEqualTo("sha-256 " + "AB:".repeat(31) + "0F");
        assertThat(f.isSupported()).isTrue();
        byte[] d = f.digest();
        assertThat(f.matches(d)).isTrue();
        d[0] ^= 1;
        assertThat(f.matches(d)).isFalse();
        assertThat(f.digest()).as("defensive copy").isNotEqualTo(d);
        assertThat(f).isEqualTo(Fingerprint.of("sha-256", f.digest())).hasSameHashCodeAs(Fingerprint.of("SHA-256", f.digest()));
    }

    @Test
    void knowsDigestLengthsOfRfc8122Algorithms() throws SdpException {
        assertThat(Fingerprint.parse("sha-384 " + "01:".repeat(47) + "02").isSupported()).isTrue();
        assertThat(Fingerprint.parse("sha-512 " + "01:".repeat(63) + "02").isSupported()).isTrue();
        assertThat(Fingerprint.parse("sha-1 " + "01:".repeat(19) + "02").isSupported()).isFalse();
        assertThat(Fingerprint.parse("x-new-hash 01:02").isSupported()).isFalse();
        assertThatThrownBy(() -> Fingerprint.parse("sha-384 " + "01:".repeat(31) + "02"))
                .hasMessage("a=fingerprint sha-384 digest has 32 bytes, expected 48");
    }

    @Test
    void rejectsMalformedDigests() {
        for (String bad : new String[] {"sha-256 ", "sha-256 A", "sha-256 ABC", "sha-256 AB:", "sha-256 AB-CD",
                "sha-256 AB::CD", "sha-256 G1:00", "sha-256 \u0661\u0662:00", "sha-256 " + "AB:".repeat(64) + "CD", "sha(256) AB"}) {
            assertThatThrownBy(() -> Fingerprint.parse(bad)).as(bad).isInstanceOf(SdpException.class);
        }
        assertThatThrownBy(() -> Fingerprint.of("sha-256", new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fingerprint.of("sha 256", new byte[32])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fingerprint.of("sha-256", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundTripsBytes() throws SdpException {
        byte[] digest = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        Fingerprint f = Fingerprint.of("sha-256", digest);
        assertThat(Fingerprint.parse(f.toSdpValue())).isEqualTo(f);
    }
}
