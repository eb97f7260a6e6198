package net.voxedge.edge.dtls;

import net.voxedge.edge.srtp.SrtpProfile;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Hashtable;
import java.util.Vector;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/**
 * BouncyCastle server policy for one WebRTC DTLS-SRTP handshake: DTLS 1.2 only, ECDHE_ECDSA
 * suites, extended master secret required, use_srtp negotiated in our preference order, and a
 * client certificate that must match the fingerprint from the client's SDP.
 *
 * <p>Every rejection records a reason before raising the alert, so the endpoint can report
 * "no common SRTP profile" rather than "handshake_failure(40)". One instance per handshake;
 * BouncyCastle calls it from the handshake thread only.
 */
final class WebRtcDtlsServer extends DefaultTlsServer {
    /**
     * Our credential is ECDSA only, so only ECDHE_ECDSA suites can work: left to its defaults BC
     * may pick an RSA suite and then abort for lack of an RSA key. AES-128-GCM first, as browsers
     * do; the CBC suites are there for older non-browser stacks.
     */
    private static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    };

    private static final SignatureAndHashAlgorithm ECDSA_SHA256 =
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    private final DtlsCertificate certificate;
    private final int[] offeredProfiles;
    private final byte[] expectedRemoteFingerprint;

    private SrtpProfile selectedProfile;
    private String rejectionReason;
    private String remoteAlert;
    private String localAlert;
    private boolean closeNotifyReceived;
    private byte[] srtpKeyingMaterial;

    WebRtcDtlsServer(DtlsCertificate certificate, int[] offeredProfiles, byte[] expectedRemoteFingerprint) {
        super(DtlsCrypto.INSTANCE);
        this.certificate = certificate;
        this.offeredProfiles = offeredProfiles;
        this.expectedRemoteFingerprint = expectedRemoteFingerprint;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        // BC 1.84 has no DTLS 1.3, and DTLS 1.0 is obsolete for WebRTC (RFC 8827 section 6.5).
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
    }

    @Override
    protected boolean preferLocalCipherSuites() {
        return true;
    }

    /**
     * Every current WebRTC stack sends extended_master_secret; requiring it binds the exported
     * SRTP keys to this handshake's transcript (RFC 7627), closing the triple-handshake family.
     */
    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        if (!TlsExtensionsUtils.hasExtendedMasterSecretExtension(clientExtensions)) {
            throw reject("client did not offer extended_master_secret", AlertDescription.handshake_failure);
        }
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            throw reject("client did not offer use_srtp", AlertDescription.handshake_failure);
        }
        selectedProfile = choose(offeredProfiles, offered.getProtectionProfiles());
        if (selectedProfile == null) {
            // RFC 5764 would let a server just omit use_srtp, but WebRTC has no use for DTLS without SRTP.
            throw reject("no common SRTP profile", AlertDescription.handshake_failure);
        }
    }

    /** Our first profile the client also offered: our order wins, so configuration decides the suite. */
    private static SrtpProfile choose(int[] ours, int[] theirs) {
        for (int id : ours) {
            for (int offered : theirs) {
                if (offered == id) {
                    return SrtpProfile.fromId(id).orElse(null);
                }
            }
        }
        return null;
    }

    @Override
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        // Empty MKI: RFC 5764 4.1.2 lets the server decline the client's MKI, and WebRTC uses none.
        TlsSRTPUtils.addUseSRTPExtension(extensions,
                new UseSRTPData(new int[] {selectedProfile.id()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        Vector clientSigAlgs = context.getSecurityParametersHandshake().getClientSigAlgs();
        SignatureAndHashAlgorithm algorithm = clientSigAlgs != null && clientSigAlgs.contains(ECDSA_SHA256)
                ? ECDSA_SHA256
                : TlsUtils.chooseSignatureAndHashAlgorithm(context, clientSigAlgs, SignatureAlgorithm.ecdsa);
        return certificate.signer(context, algorithm);
    }

    /** WebRTC authenticates the client by its certificate's fingerprint, so we must ask for one. */
    @Override
    public CertificateRequest getCertificateRequest() {
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    /**
     * BC has already parsed the chain and will verify CertificateVerify against it (proof the
     * client holds the key); what is left to us is that it is the certificate the SDP named.
     */
    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            throw reject("client sent no certificate", AlertDescription.handshake_failure);
        }
        byte[] actual = DtlsCertificate.sha256Digest(clientCertificate);
        if (actual == null || !MessageDigest.isEqual(actual, expectedRemoteFingerprint)) {
            throw reject("remote fingerprint mismatch", AlertDescription.bad_certificate);
        }
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        if (alertLevel == AlertLevel.fatal && localAlert == null) {
            localAlert = "local alert " + AlertDescription.getText(alertDescription)
                    + (message != null ? ": " + message : "");
        }
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        if (alertDescription == AlertDescription.close_notify) {
            closeNotifyReceived = true;
        } else if (alertLevel == AlertLevel.fatal && remoteAlert == null) {
            remoteAlert = "remote alert " + AlertDescription.getText(alertDescription);
        }
    }

    private TlsFatalAlert reject(String reason, short alert) {
        if (rejectionReason == null) {
            rejectionReason = reason;
        }
        return new TlsFatalAlert(alert, reason);
    }

    /** BC allows exporting only from inside this callback, so take the SRTP material now. */
    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        srtpKeyingMaterial = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                selectedProfile.keyingMaterialLength());
    }

    /** After the handshake: the SRTP master keys and salts (RFC 5764 section 4.2). */
    byte[] srtpKeyingMaterial() {
        return srtpKeyingMaterial;
    }

    SrtpProfile selectedProfile() {
        return selectedProfile;
    }

    /** Why our policy refused the client, or null if it did not. */
    String rejectionReason() {
        return rejectionReason;
    }

    /** The first fatal alert the peer sent, or null. */
    String remoteAlert() {
        return remoteAlert;
    }

    /** The first fatal alert we raised, with BC's detail message, or null. */
    String localAlert() {
        return localAlert;
    }

    boolean closeNotifyReceived() {
        return closeNotifyReceived;
    }
}
