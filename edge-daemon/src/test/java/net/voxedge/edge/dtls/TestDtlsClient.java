package net.voxedge.edge.dtls;

import net.voxedge.edge.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;

import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/**
 * A WebRTC-like DTLS-SRTP client, the way a browser behaves, for driving the server in tests
 * (public for the session tests, which run it against a whole media worker).
 */
public final class TestDtlsClient extends DefaultTlsClient {
    private final DtlsCertificate certificate;
    private final int[] offeredProfiles;
    private boolean offerExtendedMasterSecret = true;
    private boolean offerUseSrtp = true;
    private int resendMillis = 1000;

    volatile String serverFingerprint;
    volatile int selectedProfile = -1;
    volatile byte[] selectedMki;
    volatile boolean closeNotifyReceived;
    private volatile byte[] keyingMaterial;

    public TestDtlsClient(DtlsCertificate certificate, int... offeredProfiles) {
        super(DtlsCrypto.INSTANCE);
        this.certificate = certificate;
        this.offeredProfiles = offeredProfiles;
    }

    TestDtlsClient withoutExtendedMasterSecret() {
        offerExtendedMasterSecret = false;
        return this;
    }

    TestDtlsClient withoutUseSrtp() {
        offerUseSrtp = false;
        return this;
    }

    /** A short resend timer keeps loss tests quick; correctness does not depend on it. */
    TestDtlsClient withResendMillis(int millis) {
        resendMillis = millis;
        return this;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        // Chrome's order, ECDSA and RSA alike: the server must pick an ECDSA one.
        return TlsUtils.getSupportedCipherSuites(getCrypto(), new int[] {
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        });
    }

    @Override
    public boolean shouldUseExtendedMasterSecret() {
        return offerExtendedMasterSecret;
    }

    @Override
    public int getHandshakeResendTimeMillis() {
        return resendMillis;
    }

    /** Keeps a test from hanging if the server vanishes without an alert. */
    @Override
    public int getHandshakeTimeoutMillis() {
        return 30_000;
    }

    @Override
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = super.getClientExtensions();
        if (offerUseSrtp) {
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(offeredProfiles, TlsUtils.EMPTY_BYTES));
        }
        return extensions;
    }

    @Override
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (chosen != null) {
            selectedProfile = chosen.getProtectionProfiles().length == 1 ? chosen.getProtectionProfiles()[0] : -2;
            selectedMki = chosen.getMki();
        }
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        if (alertDescription == org.bouncycastle.tls.AlertDescription.close_notify) {
            closeNotifyReceived = true;
        }
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                serverFingerprint = DtlsCertificate.sha256Fingerprint(serverCertificate.getCertificate());
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) {
                return certificate.signer(context,
                        SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
            }
        };
    }

    /** BC allows exporting only from inside this callback: take the negotiated profile's material now. */
    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        int length = selectedProfile > 0 ? SrtpProfile.fromId(selectedProfile).orElseThrow().keyingMaterialLength() : 0;
        keyingMaterial = length > 0 ? context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, length) : null;
    }

    /** Whether the server's close_notify alert has been received. */
    public boolean closeNotifyReceived() {
        return closeNotifyReceived;
    }

    /** The SRTP profile the server chose, or -1 before its ServerHello. */
    public int selectedProfile() {
        return selectedProfile;
    }

    public byte[] exportSrtpKeyingMaterial(int length) {
        if (keyingMaterial == null || keyingMaterial.length != length) {
            throw new AssertionError("client exported " + (keyingMaterial == null ? "nothing" : keyingMaterial.length + " bytes"));
        }
        return keyingMaterial;
    }
}
