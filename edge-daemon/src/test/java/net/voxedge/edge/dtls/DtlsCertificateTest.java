package net.voxedge.edge.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import org.bouncycastle.tls.Certificate;
import org.junit.jupiter.api.Test;

class DtlsCertificateTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.750Z");
    private static final DtlsCertificate CERT = DtlsCertificate.generate(Duration.ofDays(30), NOW);

    private static X509Certificate parse(DtlsCertificate c) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(c.encoded()));
    }

    @Test
    void isASelfSignedEcdsaP256CertificateWithTheRequestedValidity() throws Exception {
        X509Certificate x509 = parse(CERT);
        assertThat(x509.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(x509.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) x509.getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
        assertThat(x509.getSubjectX500Principal()).isEqualTo(x509.getIssuerX500Principal());
        x509.verify(x509.getPublicKey());
        assertThat(x509.getSerialNumber().signum()).isPositive();
        // Backdated a day (clock skew), whole seconds as X.509 stores them.
        assertThat(x509.getNotBefore().toInstant()).isEqualTo(Instant.parse("2026-02-28T12:00:00Z"));
        assertThat(x509.getNotAfter().toInstant()).isEqualTo(Instant.parse("2026-03-31T12:00:00Z"));
        assertThat(CERT.notBefore()).isEqualTo(x509.getNotBefore().toInstant());
        assertThat(CERT.notAfter()).isEqualTo(x509.getNotAfter().toInstant());
    }

    @Test
    void fingerprintIsTheSdpFormOfTheSha256OfTheDer() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(CERT.encoded());
        String expected = HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        assertThat(CERT.sha256Fingerprint())
                .isEqualTo(expected)
                .matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    void formatMatchesTheFips180SampleDigest() {
        // FIPS 180-2 appendix B.1: SHA-256("abc").
        byte[] digest = Sha256Fingerprint.digest("abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(Sha256Fingerprint.format(digest)).isEqualTo(
                "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD");
    }

    @Test
    void peerFingerprintHelperAgreesWithTheInstance() {
        assertThat(DtlsCertificate.sha256Fingerprint(CERT.chain())).isEqualTo(CERT.sha256Fingerprint());
        assertThat(DtlsCertificate.sha256Fingerprint(Certificate.EMPTY_CHAIN)).isNull();
        assertThat(DtlsCertificate.sha256Fingerprint(null)).isNull();
    }

    @Test
    void everyGenerationIsANewIdentity() throws Exception {
        DtlsCertificate other = DtlsCertificate.generate(Duration.ofDays(30), NOW);
        assertThat(other.sha256Fingerprint()).isNotEqualTo(CERT.sha256Fingerprint());
        assertThat(parse(other).getPublicKey().getEncoded()).isNotEqualTo(parse(CERT).getPublicKey().getEncoded());
    }

    @Test
    void encodedIsADefensiveCopy() {
        byte[] der = CERT.encoded();
        der[0] ^= 1;
        assertThat(CERT.encoded()).isNotEqualTo(der);
    }

    @Test
    void fingerprintsCompareByValueIgnoringCase() {
        String fp = CERT.sha256Fingerprint();
        assertThat(DtlsCertificate.fingerprintsEqual(fp, fp.toLowerCase())).isTrue();
        assertThat(DtlsCertificate.fingerprintsEqual(fp, new String(fp))).isTrue();
        String lastDiffers = fp.substring(0, fp.length() - 1) + (fp.endsWith("0") ? "1" : "0");
        assertThat(DtlsCertificate.fingerprintsEqual(fp, lastDiffers)).isFalse();
        assertThat(DtlsCertificate.fingerprintsEqual(fp, null)).isFalse();
        assertThat(DtlsCertificate.fingerprintsEqual(null, null)).isFalse();
        assertThat(DtlsCertificate.fingerprintsEqual(fp, fp.substring(3))).isFalse();
    }

    @Test
    void malformedFingerprintsAreRecognised() {
        String fp = CERT.sha256Fingerprint();
        assertThat(DtlsCertificate.isValidFingerprint(fp)).isTrue();
        assertThat(DtlsCertificate.isValidFingerprint(fp.replace(':', '-'))).isFalse();
        assertThat(DtlsCertificate.isValidFingerprint(fp + ":00")).isFalse();
        assertThat(DtlsCertificate.isValidFingerprint(fp.substring(0, fp.length() - 3))).isFalse();
        assertThat(DtlsCertificate.isValidFingerprint("G" + fp.substring(1))).isFalse();
        assertThat(DtlsCertificate.isValidFingerprint("")).isFalse();
        assertThat(DtlsCertificate.isValidFingerprint(null)).isFalse();
    }

    @Test
    void validityMustBePositive() {
        assertThatThrownBy(() -> DtlsCertificate.generate(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DtlsCertificate.generate(Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
