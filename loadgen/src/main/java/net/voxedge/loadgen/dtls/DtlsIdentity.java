package net.voxedge.loadgen.dtls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The generator's DTLS identity, as a browser has one: an ECDSA P-256 key, a self-signed
 * certificate, and the SHA-256 fingerprint the offer announces. One per run (a browser also reuses
 * its RTCCertificate across connections), so key generation stays out of the measured setups.
 */
public final class DtlsIdentity {
    final BcTlsCrypto crypto;
    final AsymmetricKeyParameter privateKey;
    final Certificate chain;
    private final String sha256Fingerprint;

    private DtlsIdentity(BcTlsCrypto crypto, AsymmetricKeyParameter privateKey, Certificate chain, String fp) {
        this.crypto = crypto;
        this.privateKey = privateKey;
        this.chain = chain;
        this.sha256Fingerprint = fp;
    }

    /** Makes a new key and certificate (valid from a day ago for 30 days). */
    public static DtlsIdentity generate() {
        try {
            BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            X500Name name = new X500Name("CN=voxedge-loadgen");
            Instant now = Instant.now();
            byte[] der = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), name, kp.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()))
                    .getEncoded();
            Certificate chain = new Certificate(new TlsCertificate[] {crypto.createCertificate(der)});
            return new DtlsIdentity(crypto, PrivateKeyFactory.createKey(kp.getPrivate().getEncoded()), chain,
                    fingerprint(der));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make the generator's DTLS certificate", e);
        }
    }

    /** {@code "AB:CD:..."}: what follows {@code a=fingerprint:sha-256 } in the offer. */
    public String sha256Fingerprint() {
        return sha256Fingerprint;
    }

    /** The SHA-256 fingerprint of DER bytes, upper-case hex pairs joined by colons. */
    static String fingerprint(byte[] der) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks the peer's end-entity certificate against the fingerprint its SDP announced: what a
     * browser does, and what makes a man in the middle fail the handshake.
     */
    static void verifyPeer(Certificate peer, String expectedFingerprint) throws IOException {
        if (peer == null || peer.isEmpty()) {
            throw new IOException("the peer sent no certificate");
        }
        String actual = fingerprint(peer.getCertificateAt(0).getEncoded());
        if (!actual.equalsIgnoreCase(expectedFingerprint)) {
            throw new IOException("the peer's certificate fingerprint " + actual
                    + " does not match the SDP's " + expectedFingerprint);
        }
    }
}
