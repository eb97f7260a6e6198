package net.voxedge.bench;

import java.io.IOException;
import java.util.Hashtable;
import net.voxedge.edge.srtp.SrtpProfile;
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
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The DTLS-SRTP client side of a browser (BouncyCastle): DTLS 1.2, ECDHE-ECDSA, extended master
 * secret, use_srtp offering exactly one profile (so the benchmark picks which one the edge
 * negotiates), and a client certificate. Keeps the exported SRTP keying material.
 */
final class BrowserDtlsClient extends DefaultTlsClient {
    private static final SignatureAndHashAlgorithm ECDSA_SHA256 =
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    private final BcTlsCrypto crypto;
    private final ClientCertificate certificate;
    private final int srtpProfileId;
    private volatile int selectedProfileId = -1;
    private volatile byte[] keyingMaterial;

    BrowserDtlsClient(BcTlsCrypto crypto, ClientCertificate certificate, int srtpProfileId) {
        super(crypto);
        this.crypto = crypto;
        this.certificate = certificate;
        this.srtpProfileId = srtpProfileId;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), new int[] {
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        });
    }

    @Override
    public Hashtable<Integer, byte[]> getClientExtensions() throws IOException {
        @SuppressWarnings("unchecked")
        Hashtable<Integer, byte[]> extensions = super.getClientExtensions();
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {srtpProfileId}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (chosen != null && chosen.getProtectionProfiles().length == 1) {
            selectedProfileId = chosen.getProtectionProfiles()[0];
        }
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                // WebRTC checks the server's fingerprint against the answer; the edge is trusted here.
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) {
                return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                        certificate.privateKey, certificate.chain, ECDSA_SHA256);
            }
        };
    }

    /** BouncyCastle exports keying material only from inside this callback. */
    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        int length = SrtpProfile.fromId(selectedProfileId)
                .map(SrtpProfile::keyingMaterialLength).orElse(0);
        if (length > 0) {
            keyingMaterial = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, length);
        }
    }

    /** The profile the edge chose, or -1. */
    int selectedProfileId() {
        return selectedProfileId;
    }

    /** The exported DTLS-SRTP keying material, or null before the handshake completed. */
    byte[] keyingMaterial() {
        return keyingMaterial;
    }
}
