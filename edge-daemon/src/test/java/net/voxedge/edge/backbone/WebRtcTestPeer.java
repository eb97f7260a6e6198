package net.voxedge.edge.backbone;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigInteger;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.voxedge.edge.rtp.RtpPacket;
import net.voxedge.edge.rtp.RtpParseResult;
import net.voxedge.edge.srtp.SrtpContext;
import net.voxedge.edge.srtp.SrtpKeyMaterial;
import net.voxedge.edge.srtp.SrtpProfile;
import net.voxedge.edge.stun.IceRoleAttribute;
import net.voxedge.edge.stun.ShortTermCredentialMac;
import net.voxedge.edge.stun.StunMessage;
import net.voxedge.edge.stun.StunMessageWriter;
import net.voxedge.edge.testing.EdgeFixture;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DatagramTransport;
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
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The browser's half of a call, deterministic and fast: the recorded Chromium offer with this
 * peer's own fingerprint, a nominating ICE check, a real DTLS-SRTP handshake (BouncyCastle), then
 * SRTP Opus-shaped packets with an RFC 6464 audio level, at whatever rate the test wants. Agent
 * audio the edge sends back is decrypted and kept. (The bench module's BrowserPeer does the same
 * against an in-process worker; bench depends on edge-daemon, so this is the test tree's own.)
 */
public final class WebRtcTestPeer implements AutoCloseable {
    static final int LOUD = 20;   // -20 dBov: speech
    public static final int QUIET = 127; // silence
    private static final BcTlsCrypto CRYPTO = new BcTlsCrypto(new SecureRandom());
    private static final int AUDIO_LEVEL_EXT_ID = 1; // the recorded offer's extmap id for ssrc-audio-level
    private static final long SSRC = 2903188375L;     // the recorded offer's a=ssrc

    /** One RTP packet the edge sent us, decrypted. */
    public record Received(int seq, long timestamp, boolean marker, byte[] payload) {
    }

    private final DatagramSocket socket;
    private final InetSocketAddress edge;
    private final BlockingQueue<byte[]> dtlsIn = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> stunIn = new LinkedBlockingQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile SrtpContext in;
    private SrtpContext out;
    private final byte[] packet = new byte[1500];
    /** The call's resource (for DELETE). */
    String location;
    /** The edge's 201 (headers and answer). */
    HttpResponse<String> answer;
    /** The answer's ICE ufrag (the signed routing token). */
    public String answerUfrag;
    /** The answer's ICE password. */
    public String answerPwd;
    /** The edge's binding success response to our nominating check. */
    public volatile byte[] bindingResponse;

    private WebRtcTestPeer(InetSocketAddress edge) throws IOException {
        this.edge = edge;
        // The loopback of the edge's family: an IPv6 media address is reached from ::1.
        this.socket = new DatagramSocket(new InetSocketAddress(edge.getAddress() instanceof java.net.Inet6Address
                ? InetAddress.getByName("::1") : InetAddress.getLoopbackAddress(), 0));
        this.reader = Thread.ofPlatform().daemon().name("test-peer-reader").start(this::readLoop);
    }

    /** How the offer reaches the edge (the public API, or the internal one with a front's token). */
    @FunctionalInterface
    interface OfferPoster {
        HttpResponse<String> post(String sdp) throws Exception;
    }

    /** POSTs an offer to the daemon, checks ICE in, completes DTLS: the call is ready for media. */
    static WebRtcTestPeer connect(EdgeFixture fixture) throws Exception {
        return connect(fixture::post, null);
    }

    /** As {@link #connect(EdgeFixture)}, the offer sent by {@code poster}; the answer's response is kept. */
    static WebRtcTestPeer connect(OfferPoster poster) throws Exception {
        return connect(poster, null);
    }

    /**
     * As {@link #connect(EdgeFixture)}, but all media (ICE, DTLS, SRTP) goes to {@code mediaVia} instead of the
     * answer's first candidate when it is not null: e.g. another host that relays to the call's owner.
     */
    public static WebRtcTestPeer connect(EdgeFixture fixture, InetSocketAddress mediaVia) throws Exception {
        return connect(fixture::post, mediaVia);
    }

    private static WebRtcTestPeer connect(OfferPoster poster, InetSocketAddress mediaVia) throws Exception {
        Identity id = Identity.generate();
        StringBuilder offer = new StringBuilder();
        for (String line : EdgeFixture.offer().split("\r?\n")) {
            offer.append(line.startsWith("a=fingerprint:") ? "a=fingerprint:sha-256 " + id.fingerprint : line).append("\r\n");
        }
        HttpResponse<String> res = poster.post(offer.toString());
        if (res.statusCode() != 201) {
            throw new AssertionError("POST answered " + res.statusCode() + ": " + res.body());
        }
        String ufrag = null;
        String pwd = null;
        InetSocketAddress media = null;
        for (String line : res.body().split("\r?\n")) {
            if (line.startsWith("a=ice-ufrag:")) {
                ufrag = line.substring(12).trim();
            } else if (line.startsWith("a=ice-pwd:")) {
                pwd = line.substring(10).trim();
            } else if (line.startsWith("a=candidate:") && media == null) {
                String[] f = line.substring(12).trim().split(" ");
                media = new InetSocketAddress(InetAddress.getByName(f[4]), Integer.parseInt(f[5]));
            }
        }
        WebRtcTestPeer p = new WebRtcTestPeer(mediaVia != null ? mediaVia : media);
        p.location = res.headers().firstValue("Location").orElseThrow();
        p.answer = res;
        p.answerUfrag = ufrag;
        p.answerPwd = pwd;
        try {
            p.iceCheck(ufrag + ":" + EdgeFixture.OFFER_UFRAG, pwd);
            p.handshake(id);
            return p;
        } catch (Exception | AssertionError e) {
            p.close();
            throw e;
        }
    }

    private void iceCheck(String username, String pwd) throws IOException, InterruptedException {
        StunMessageWriter w = new StunMessageWriter();
        byte[] buf = new byte[StunMessage.MAX_DATAGRAM_LENGTH];
        for (int attempt = 0; attempt < 25; attempt++) {
            byte[] tid = new byte[StunMessage.TRANSACTION_ID_LENGTH];
            new SecureRandom().nextBytes(tid);
            int n = w.writeBindingRequest(buf, 0, tid, 0, username.getBytes(StandardCharsets.US_ASCII), 0x6E7F1EFFL,
                    IceRoleAttribute.CONTROLLING, 0x1122334455667788L, true, ShortTermCredentialMac.create(pwd));
            send(buf, n);
            byte[] reply = stunIn.poll(200, TimeUnit.MILLISECONDS);
            if (reply != null && (reply[0] & 0xFF) == 0x01 && (reply[1] & 0xFF) == 0x01) { // binding success
                bindingResponse = reply;
                return;
            }
        }
        throw new AssertionError("the edge answered no ICE check");
    }

    private void handshake(Identity id) throws IOException {
        Client client = new Client(id, SrtpProfile.AEAD_AES_128_GCM.id());
        DatagramTransport transport = new DatagramTransport() {
            @Override
            public int getReceiveLimit() {
                return 1500;
            }

            @Override
            public int getSendLimit() {
                return 1200;
            }

            @Override
            public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
                try {
                    byte[] d = dtlsIn.poll(Math.max(1, waitMillis), TimeUnit.MILLISECONDS);
                    if (d == null || d.length > len) {
                        return -1;
                    }
                    System.arraycopy(d, 0, buf, off, d.length);
                    return d.length;
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
            }

            @Override
            public void send(byte[] buf, int off, int len) throws IOException {
                socket.send(new DatagramPacket(buf, off, len, edge));
            }

            @Override
            public void close() {
            }
        };
        new DTLSClientProtocol().connect(client, transport);
        SrtpProfile profile = SrtpProfile.fromId(client.selected).orElseThrow();
        SrtpKeyMaterial keys = SrtpKeyMaterial.fromDtlsExport(profile, client.keyingMaterial, false);
        out = SrtpContext.forSending(keys);
        in = SrtpContext.forReceiving(keys);
    }

    /**
     * Sends one SRTP packet: 12-byte header + audio-level extension + {@code payload}.
     *
     * @param level the RFC 6464 level (0 loud .. 127 silent)
     */
    public synchronized void sendAudio(int seq16, long timestamp, int level, byte[] payload) throws IOException {
        packet[0] = (byte) 0x90;
        packet[1] = 111;
        packet[2] = (byte) (seq16 >>> 8);
        packet[3] = (byte) seq16;
        put32(packet, 4, (int) timestamp);
        put32(packet, 8, (int) SSRC);
        packet[12] = (byte) 0xBE;
        packet[13] = (byte) 0xDE;
        packet[14] = 0;
        packet[15] = 1;
        packet[16] = (byte) (AUDIO_LEVEL_EXT_ID << 4);
        packet[17] = (byte) ((level < 127 ? 0x80 : 0) | level);
        packet[18] = 0;
        packet[19] = 0;
        System.arraycopy(payload, 0, packet, 20, payload.length);
        int n = out.protectRtp(packet, 0, 20 + payload.length);
        if (n < 0) {
            throw new AssertionError("SRTP protect failed: " + n);
        }
        send(packet, n);
    }

    /** The payload the tests send as user frame {@code ext}: a recognisable pattern of 60..139 bytes, Opus TOC first. */
    public static byte[] userPayload(long ext) {
        byte[] p = new byte[60 + (int) (ext % 80)];
        p[0] = (byte) 0x78; // Opus TOC: SILK-only wideband 20 ms, mono, one frame
        for (int i = 1; i < p.length; i++) {
            p[i] = (byte) (ext * 7 + i * 37);
        }
        return p;
    }

    /** Agent packets received so far, in arrival order. */
    public List<Received> received() {
        return received;
    }

    /** Our socket's local address (what the edge should see as the client). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Sends raw bytes to the media address (for hostile-input tests). */
    public void sendRaw(byte[] b, int n) throws IOException {
        send(b, n);
    }

    private void send(byte[] b, int n) throws IOException {
        socket.send(new DatagramPacket(b, 0, n, edge));
    }

    private void readLoop() {
        byte[] buf = new byte[2048];
        RtpPacket rtp = new RtpPacket();
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return;
            }
            int first = buf[0] & 0xFF;
            byte[] d = Arrays.copyOf(buf, p.getLength());
            if (first <= 3) {
                stunIn.add(d);
            } else if (first >= 20 && first <= 63) {
                dtlsIn.add(d);
            } else if (first >= 128 && first <= 191 && in != null) {
                int pt = d[1] & 0xFF;
                if (pt >= 192 && pt <= 223) {
                    continue; // RTCP
                }
                int n = in.unprotectRtp(d, 0, d.length);
                if (n > 0 && rtp.parse(d, 0, n) == RtpParseResult.OK) {
                    received.add(new Received(rtp.sequenceNumber(), rtp.timestamp(), rtp.marker(),
                            Arrays.copyOfRange(d, rtp.payloadOffset(), rtp.payloadOffset() + rtp.payloadLength())));
                }
            }
        }
    }

    private static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    @Override
    public void close() {
        socket.close();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A browser's DTLS identity: ECDSA P-256 key, self-signed certificate, its SDP fingerprint. */
    private record Identity(AsymmetricKeyParameter privateKey, Certificate chain, String fingerprint) {
        static Identity generate() throws Exception {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            X500Name name = new X500Name("CN=WebRTC");
            Instant now = Instant.now();
            byte[] der = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), name,
                    kp.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())).getEncoded();
            Certificate chain = new Certificate(new TlsCertificate[] {CRYPTO.createCertificate(der)});
            String fp = HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
            return new Identity(PrivateKeyFactory.createKey(kp.getPrivate().getEncoded()), chain, fp);
        }
    }

    /** DTLS 1.2 client as a browser: ECDHE-ECDSA, one SRTP profile offered, a client certificate. */
    private static final class Client extends DefaultTlsClient {
        private final Identity id;
        private final int profile;
        volatile int selected = -1;
        volatile byte[] keyingMaterial;

        Client(Identity id, int profile) {
            super(CRYPTO);
            this.id = id;
            this.profile = profile;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), new int[] {
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256});
        }

        @Override
        public Hashtable<Integer, byte[]> getClientExtensions() throws IOException {
            @SuppressWarnings("unchecked")
            Hashtable<Integer, byte[]> ext = super.getClientExtensions();
            TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(new int[] {profile}, TlsUtils.EMPTY_BYTES));
            return ext;
        }

        @Override
        @SuppressWarnings("rawtypes")
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
            if (chosen != null && chosen.getProtectionProfiles().length == 1) {
                selected = chosen.getProtectionProfiles()[0];
            }
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) {
                    return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), CRYPTO, id.privateKey,
                            id.chain, SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            int len = SrtpProfile.fromId(selected).map(SrtpProfile::keyingMaterialLength).orElse(0);
            if (len > 0) {
                keyingMaterial = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, len);
            }
        }
    }
}
