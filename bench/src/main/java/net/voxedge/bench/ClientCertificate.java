package net.voxedge.bench;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
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
 * A browser's DTLS identity: an ECDSA P-256 key with a self-signed certificate, and the SDP
 * fingerprint that announces it in the offer. Built here rather than borrowed from the daemon,
 * whose {@code DtlsCertificate} keeps its private key to itself.
 */
final class ClientCertificate {
    final AsymmetricKeyParameter privateKey;
    final Certificate chain;
    /** {@code "AB:CD:..."}, as after {@code a=fingerprint:sha-256 }. */
    final String sha256Fingerprint;

    private ClientCertificate(AsymmetricKeyParameter privateKey, Certificate chain, String sha256Fingerprint) {
        this.privateKey = privateKey;
        this.chain = chain;
        this.sha256Fingerprint = sha256Fingerprint;
    }

    static ClientCertificate generate(BcTlsCrypto crypto) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            X500Name name = new X500Name("CN=WebRTC");
            Instant now = Instant.now();
            byte[] der = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), name, kp.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()))
                    .getEncoded();
            Certificate chain = new Certificate(new TlsCertificate[] {crypto.createCertificate(der)});
            String fingerprint = HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(der));
            return new ClientCertificate(PrivateKeyFactory.createKey(kp.getPrivate().getEncoded()), chain, fingerprint);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make the client's DTLS certificate", e);
        }
    }
}
