package net.voxedge.edge.dtls;

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
import java.time.temporal.ChronoUnit;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;

/**
 * The daemon's DTLS identity: an ECDSA P-256 key and a self-signed X.509 certificate, whose
 * SHA-256 fingerprint the SDP answer carries ({@code a=fingerprint:sha-256 ...}). WebRTC
 * authenticates the certificate by that fingerprint only, so no CA, name or extension matters.
 *
 * <p>Immutable. Rotation is by replacement: the daemon keeps the current instance in a volatile
 * field and each new session captures whatever it finds there, so sessions already running keep
 * the certificate their SDP answer named.
 */
public final class DtlsCertificate {
    /** Browsers generate their own certificates a day in the past, for peers with skewed clocks. */
    private static final Duration BACKDATE = Duration.ofDays(1);
    private static final X500Name SUBJECT = new X500Name("CN=voxedge");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AsymmetricKeyParameter privateKey;
    private final byte[] der;
    private final Certificate chain;
    private final String fingerprint;
    private final Instant notBefore;
    private final Instant notAfter;

    private DtlsCertificate(AsymmetricKeyParameter privateKey, byte[] der, Instant notBefore, Instant notAfter)
            throws IOException {
        this.privateKey = privateKey;
        this.der = der;
        this.chain = new Certificate(new TlsCertificate[] {DtlsCrypto.INSTANCE.createCertificate(der)});
        this.fingerprint = Sha256Fingerprint.format(Sha256Fingerprint.digest(der));
        this.notBefore = notBefore;
        this.notAfter = notAfter;
    }

    /** Generates a fresh key and certificate valid from a day ago until {@code validity} from now. */
    public static DtlsCertificate generate(Duration validity) {
        return generate(validity, Instant.now());
    }

    /** Generates a fresh key and certificate valid from a day before {@code now} until {@code now + validity}. */
    public static DtlsCertificate generate(Duration validity, Instant now) {
        if (validity == null || validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("certificate validity must be positive, was " + validity);
        }
        // X.509 times have whole seconds: truncate so the accessors tell what the certificate says.
        Instant from = now.minus(BACKDATE).truncatedTo(ChronoUnit.SECONDS);
        Instant until = now.plus(validity).truncatedTo(ChronoUnit.SECONDS);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair keyPair = generator.generateKeyPair();
            // A positive serial of 63 random bits: unique enough, and no sign-byte surprises.
            BigInteger serial = new BigInteger(63, RANDOM).setBit(62);
            byte[] der = new JcaX509v3CertificateBuilder(SUBJECT, serial, Date.from(from), Date.from(until),
                    SUBJECT, keyPair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate()))
                    .getEncoded();
            return new DtlsCertificate(PrivateKeyFactory.createKey(keyPair.getPrivate().getEncoded()), der, from, until);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            // Only a broken JDK (no SunEC) gets here: nothing a caller could handle.
            throw new IllegalStateException("cannot generate the DTLS certificate", e);
        }
    }

    /** SDP form of the certificate's SHA-256 fingerprint: "AB:CD:...", uppercase, 95 characters. */
    public String sha256Fingerprint() {
        return fingerprint;
    }

    /** Start of validity (a day before creation). */
    public Instant notBefore() {
        return notBefore;
    }

    /** End of validity: the daemon should have rotated before this. */
    public Instant notAfter() {
        return notAfter;
    }

    /** DER encoding of the X.509 certificate (a copy). */
    public byte[] encoded() {
        return der.clone();
    }

    /** The certificate as a one-element TLS chain. */
    Certificate chain() {
        return chain;
    }

    /** Signing credentials for one handshake's ServerKeyExchange (or a test client's CertificateVerify). */
    TlsCredentialedSigner signer(TlsContext context, SignatureAndHashAlgorithm algorithm) {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), DtlsCrypto.INSTANCE,
                privateKey, chain, algorithm);
    }

    /**
     * SDP-form SHA-256 fingerprint of a peer's end-entity certificate, or {@code null} if the
     * chain is empty or unreadable.
     */
    public static String sha256Fingerprint(Certificate peer) {
        byte[] digest = sha256Digest(peer);
        return digest == null ? null : Sha256Fingerprint.format(digest);
    }

    /**
     * Whether two SDP-form SHA-256 fingerprints name the same certificate, in time independent
     * of where they differ; false if either is malformed. Case-insensitive, since RFC 8122's
     * uppercase rule is not universally followed.
     */
    public static boolean fingerprintsEqual(String a, String b) {
        byte[] x = Sha256Fingerprint.parse(a);
        byte[] y = Sha256Fingerprint.parse(b);
        return x != null && y != null && MessageDigest.isEqual(x, y);
    }

    /** Whether {@code text} is a well-formed SDP-form SHA-256 fingerprint. */
    public static boolean isValidFingerprint(String text) {
        return Sha256Fingerprint.parse(text) != null;
    }

    static byte[] sha256Digest(Certificate peer) {
        if (peer == null || peer.isEmpty()) {
            return null;
        }
        try {
            return Sha256Fingerprint.digest(peer.getCertificateAt(0).getEncoded());
        } catch (IOException e) {
            return null;
        }
    }
}
