package net.voxedge.edge.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

class Sha256FingerprintFuzzTest {
    /** The SDP fingerprint comes from the client's offer: parsing it must never throw. */
    @FuzzTest
    void parseIsTotalAndRoundTrips(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        byte[] parsed = Sha256Fingerprint.parse(text);
        assertThat(DtlsCertificate.isValidFingerprint(text)).isEqualTo(parsed != null);
        assertThat(DtlsCertificate.fingerprintsEqual(text, text)).isEqualTo(parsed != null);
        if (parsed != null) {
            assertThat(parsed).hasSize(Sha256Fingerprint.LENGTH);
            assertThat(Sha256Fingerprint.format(parsed)).isEqualToIgnoringCase(text);
        }
    }
}
