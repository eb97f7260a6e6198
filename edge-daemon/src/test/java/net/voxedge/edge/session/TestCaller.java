package net.voxedge.edge.session;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.voxedge.edge.dtls.DtlsCertificate;
import net.voxedge.edge.dtls.TestDtlsClient;
import net.voxedge.edge.rtp.RtcpWriter;
import net.voxedge.edge.rtp.RtpPacket;
import net.voxedge.edge.rtp.RtpParseResult;
import net.voxedge.edge.srtp.SrtpContext;
import net.voxedge.edge.srtp.SrtpKeyMaterial;
import net.voxedge.edge.srtp.SrtpProfile;
import net.voxedge.edge.testing.EdgeFixture;
import net.voxedge.edge.testing.StunCheck;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;

/**
 * The browser's half of one call against a {@link WorkerHarness}: the recorded Chromium offer
 * with this caller's own certificate fingerprint, a nominating ICE check, a real DTLS-SRTP
 * handshake (BouncyCastle's client), then SRTP/SRTCP, and the edge's echo decrypted.
 */
final class TestCaller {
    static final long SSRC = 2903188375L; // the recorded offer's a=ssrc
    private static final DtlsCertificate CERT = DtlsCertificate.generate(Duration.ofDays(2));

    /** One RTP packet the edge sent back, decrypted. */
    record Echo(int seq, long ssrc, byte[] payload) {
    }

    private final WorkerHarness edge;
    final InetSocketAddress address;
    final EdgeSession session;
    private final String username;
    private final String password;
    final TestDtlsClient client;
    /** Every DTLS datagram this caller sent, in order. */
    final List<byte[]> sentDtls = Collections.synchronizedList(new ArrayList<>());
    DTLSTransport dtls;
    private SrtpContext out;
    private SrtpContext in;
    private final RtpPacket rtp = new RtpPacket();

    TestCaller(WorkerHarness edge, int port) throws Exception {
        this(edge, port, SrtpProfile.AEAD_AES_128_GCM);
    }

    /** A caller whose DTLS offers only {@code profile}. */
    TestCaller(WorkerHarness edge, int port, SrtpProfile profile) throws Exception {
        this.edge = edge;
        this.client = new TestDtlsClient(CERT, profile.id());
        this.address = new InetSocketAddress("127.0.0.1", port);
        StringBuilder offer = new StringBuilder();
        for (String line : EdgeFixture.offer().split("\r?\n")) {
            offer.append(line.startsWith("a=fingerprint:") ? "a=fingerprint:sha-256 " + CERT.sha256Fingerprint() : line)
                    .append("\r\n");
        }
        var answer = edge.manager.create(offer.toString(), "test");
        String ufrag = null;
        String pwd = null;
        for (String line : answer.answerSdp().split("\r?\n")) {
            if (line.startsWith("a=ice-ufrag:")) {
                ufrag = line.substring(12).trim();
            } else if (line.startsWith("a=ice-pwd:")) {
                pwd = line.substring(10).trim();
            }
        }
        this.username = ufrag + ":" + EdgeFixture.OFFER_UFRAG;
        this.password = pwd;
        this.session = edge.manager.registry().byCallId(answer.callId());
    }

    /** A nominating check; returns once the edge has answered it with a success. */
    void iceCheck() throws Exception {
        edge.deliver(StunCheck.as(username, password).nominate().build(), address);
        var reply = edge.sender.stun.poll(10, TimeUnit.SECONDS);
        if (reply == null || (reply.bytes()[0] & 0xFF) != 0x01 || (reply.bytes()[1] & 0xFF) != 0x01) {
            throw new AssertionError("no binding success from the edge");
        }
    }

    /** The whole DTLS handshake, client side; returns when the client has the edge's Finished. */
    void handshake() throws IOException {
        dtls = new DTLSClientProtocol().connect(client, transport());
        SrtpProfile profile = SrtpProfile.fromId(client.selectedProfile()).orElseThrow();
        SrtpKeyMaterial keys = SrtpKeyMaterial.fromDtlsExport(profile,
                client.exportSrtpKeyingMaterial(profile.keyingMaterialLength()), false);
        out = SrtpContext.forSending(keys);
        in = SrtpContext.forReceiving(keys);
    }

    /** SRTP keys of the caller's own making, for media sent with no handshake (the edge cannot have them). */
    void useKeysWithoutHandshake(SrtpProfile profile) {
        byte[] material = new byte[profile.keyingMaterialLength()];
        new java.util.Random(7).nextBytes(material);
        SrtpKeyMaterial keys = SrtpKeyMaterial.fromDtlsExport(profile, material, false);
        out = SrtpContext.forSending(keys);
        in = SrtpContext.forReceiving(keys);
    }

    private DatagramTransport transport() {
        return new DatagramTransport() {
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
                    var d = edge.sender.dtls.poll(Math.max(1, waitMillis), TimeUnit.MILLISECONDS);
                    if (d == null || d.bytes().length > len) {
                        return -1;
                    }
                    System.arraycopy(d.bytes(), 0, buf, off, d.bytes().length);
                    return d.bytes().length;
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
            }

            @Override
            public void send(byte[] buf, int off, int len) {
                byte[] copy = Arrays.copyOfRange(buf, off, off + len);
                sentDtls.add(copy);
                edge.deliver(copy, address);
            }

            @Override
            public void close() {
            }
        };
    }

    /** Reads the client's DTLS until it has seen the edge's close_notify (bounded: 50 reads of up to 100 ms). */
    boolean readUntilCloseNotify() throws IOException {
        byte[] buf = new byte[1500];
        for (int i = 0; i < 50 && !client.closeNotifyReceived(); i++) {
            dtls.receive(buf, 0, buf.length, 100);
        }
        return client.closeNotifyReceived();
    }

    /** The payload of packet {@code seq}: recognisable, 40..79 bytes. */
    static byte[] payload(int seq) {
        byte[] p = new byte[40 + seq % 40];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (seq * 13 + i * 7);
        }
        return p;
    }

    /** One SRTP packet with sequence number {@code seq} and {@link #payload}. */
    void sendRtp(int seq) {
        edge.deliver(protectedRtp(seq), address);
    }

    /** The wire bytes of {@link #sendRtp}'s packet {@code seq}, without sending them. */
    byte[] protectedRtp(int seq) {
        byte[] p = new byte[1500];
        int n = RtpPacket.writeFixedHeader(p, 0, p.length, 111, false, seq, seq * 960L, SSRC);
        byte[] payload = payload(seq);
        System.arraycopy(payload, 0, p, n, payload.length);
        int m = out.protectRtp(p, 0, n + payload.length);
        if (m < 0) {
            throw new AssertionError("protect failed: " + m);
        }
        return Arrays.copyOf(p, m);
    }

    /** One SRTCP receiver report. */
    void sendRtcp() {
        byte[] p = new byte[1500];
        int n = RtcpWriter.writeReceiverReport(p, 0, p.length, SSRC, new net.voxedge.edge.rtp.ReportBlock[0], 0);
        int m = out.protectRtcp(p, 0, n);
        if (m < 0) {
            throw new AssertionError("protect failed: " + m);
        }
        edge.deliver(Arrays.copyOf(p, m), address);
    }

    /** The next RTP packet the edge sent to this caller, decrypted; skips RTCP; fails after 10 s. */
    Echo nextEcho() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            var d = edge.sender.media.poll(100, TimeUnit.MILLISECONDS);
            if (d == null) {
                continue;
            }
            byte[] b = d.bytes();
            int pt = b.length > 1 ? b[1] & 0xFF : 0;
            if (pt >= 192 && pt <= 223) {
                continue;
            }
            if (!address.equals(d.to())) {
                throw new AssertionError("media went to " + d.to() + ", not " + address);
            }
            int n = in.unprotectRtp(b, 0, b.length);
            if (n < 0 || rtp.parse(b, 0, n) != RtpParseResult.OK) {
                throw new AssertionError("the echo did not decrypt: " + n);
            }
            return new Echo(rtp.sequenceNumber(), rtp.ssrc(),
                    Arrays.copyOfRange(b, rtp.payloadOffset(), rtp.payloadOffset() + rtp.payloadLength()));
        }
        throw new AssertionError("no echo within 10 s");
    }

    /** Any RTP sent to this caller not yet taken, without waiting. */
    int pendingRtp() {
        int n = 0;
        for (var d : edge.sender.media) {
            int pt = d.bytes().length > 1 ? d.bytes()[1] & 0xFF : 0;
            if (!(pt >= 192 && pt <= 223)) {
                n++;
            }
        }
        return n;
    }
}
