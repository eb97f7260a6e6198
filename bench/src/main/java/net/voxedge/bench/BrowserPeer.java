package net.voxedge.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import net.voxedge.edge.srtp.SrtpKeyMaterial;
import net.voxedge.edge.srtp.SrtpProfile;
import net.voxedge.edge.stun.IceRoleAttribute;
import net.voxedge.edge.stun.ShortTermCredentialMac;
import net.voxedge.edge.stun.StunMessage;
import net.voxedge.edge.stun.StunMessageClass;
import net.voxedge.edge.stun.StunMessageWriter;
import net.voxedge.edge.stun.StunParseResult;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The browser's side of one call, as far as the edge can tell: a recorded Chromium audio offer
 * (its fingerprint replaced by this peer's own certificate), ICE checks signed with the edge's
 * password, a real DTLS-SRTP handshake, and Opus RTP packets as Chromium sends them.
 */
final class BrowserPeer {
    /** Opus at 20 ms a frame: the RTP timestamp step at 48 kHz. */
    static final int TIMESTAMP_STEP = 960;
    /** The Opus payload size the benchmarks use (a typical 20 ms voice frame at ~64 kbit/s). */
    static final int OPUS_PAYLOAD = 160;
    /** 12-byte header + a one-byte-header extension block carrying ssrc-audio-level (RFC 6464). */
    static final int RTP_HEADER = 12 + 8;
    static final int RTP_LENGTH = RTP_HEADER + OPUS_PAYLOAD;

    private static final BcTlsCrypto CRYPTO = new BcTlsCrypto(new SecureRandom());
    /** The extmap id the recorded offer gives ssrc-audio-level (the edge's answer keeps it). */
    private static final int AUDIO_LEVEL_EXT_ID = 1;

    final ClientCertificate certificate = ClientCertificate.generate(CRYPTO);
    final String offerSdp;
    final String iceUfrag;
    final String icePwd;
    final long ssrc;
    private final StunMessageWriter stunWriter = new StunMessageWriter();
    private int tid;

    BrowserPeer() {
        String recorded = resource("chrome-audio-only.sdp");
        StringBuilder sb = new StringBuilder();
        String ufrag = null;
        String pwd = null;
        long ssrc = -1;
        for (String line : recorded.split("\r?\n")) {
            if (line.startsWith("a=fingerprint:")) {
                line = "a=fingerprint:sha-256 " + certificate.sha256Fingerprint;
            } else if (line.startsWith("a=ice-ufrag:")) {
                ufrag = line.substring("a=ice-ufrag:".length());
            } else if (line.startsWith("a=ice-pwd:")) {
                pwd = line.substring("a=ice-pwd:".length());
            } else if (line.startsWith("a=ssrc:") && ssrc < 0) {
                ssrc = Long.parseLong(line.substring("a=ssrc:".length(), line.indexOf(' ')));
            }
            sb.append(line).append("\r\n");
        }
        this.offerSdp = sb.toString();
        this.iceUfrag = ufrag;
        this.icePwd = pwd;
        this.ssrc = ssrc;
    }

    /**
     * An ICE connectivity check as Chromium sends it to an ICE-lite peer: USERNAME
     * {@code edgeUfrag:ourUfrag}, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE when nominating,
     * MESSAGE-INTEGRITY under the edge's password, FINGERPRINT. Each call gets a new transaction id.
     */
    byte[] bindingRequest(EdgeCall call, boolean nominate) {
        byte[] id = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        int t = ++tid;
        for (int i = 0; i < id.length; i++) {
            id[i] = (byte) (t * 31 + i);
        }
        byte[] username = (call.iceUfrag() + ":" + iceUfrag).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[StunMessage.MAX_DATAGRAM_LENGTH];
        int n = stunWriter.writeBindingRequest(out, 0, id, 0, username, 0x6E7F1EFFL, IceRoleAttribute.CONTROLLING,
                0x1122334455667788L, nominate, ShortTermCredentialMac.create(call.icePwd()));
        return Arrays.copyOf(out, n);
    }

    /**
     * Makes {@code from} the call's selected address with a nominating check, and checks the edge
     * answered it with a success response.
     */
    void nominate(BenchEdge edge, EdgeCall call, InetSocketAddress from) {
        edge.deliver(bindingRequest(call, true), from);
        byte[] response = poll(edge.sender.other(), "the binding success response");
        StunMessage m = new StunMessage();
        if (m.parse(response, 0, response.length) != StunParseResult.OK
                || m.messageClass() != StunMessageClass.SUCCESS_RESPONSE) {
            throw new IllegalStateException("the edge did not accept the binding request");
        }
    }

    /**
     * Runs a DTLS-SRTP handshake with the edge through its worker (the call must be nominated
     * from {@code from} first) and returns this side's SRTP keys.
     */
    SrtpKeyMaterial handshake(BenchEdge edge, InetSocketAddress from, SrtpProfile profile) {
        BrowserDtlsClient client = new BrowserDtlsClient(CRYPTO, certificate, profile.id());
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
                    byte[] d = edge.sender.dtls().poll(Math.max(waitMillis, 1), TimeUnit.MILLISECONDS);
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
            public void send(byte[] buf, int off, int len) {
                edge.deliver(Arrays.copyOfRange(buf, off, off + len), from);
            }

            @Override
            public void close() {
            }
        };
        try {
            new DTLSClientProtocol().connect(client, transport);
        } catch (IOException e) {
            throw new IllegalStateException("DTLS handshake with the edge failed", e);
        }
        if (client.selectedProfileId() != profile.id() || client.keyingMaterial() == null) {
            throw new IllegalStateException("the edge negotiated SRTP profile " + client.selectedProfileId()
                    + ", not " + profile);
        }
        return SrtpKeyMaterial.fromDtlsExport(profile, client.keyingMaterial(), false);
    }

    /**
     * Writes an unprotected Opus RTP packet as Chromium sends it (header, audio-level extension,
     * {@link #OPUS_PAYLOAD} bytes) at {@code out[0..]}, with room after it for the SRTP tag.
     *
     * @return {@link #RTP_LENGTH}
     */
    int writeRtp(byte[] out, int seq, long timestamp) {
        out[0] = (byte) 0x90; // V=2, X=1
        out[1] = 111; // Opus, as negotiated from this offer
        out[2] = (byte) (seq >>> 8);
        out[3] = (byte) seq;
        putInt(out, 4, (int) timestamp);
        putInt(out, 8, (int) ssrc);
        out[12] = (byte) 0xBE; // RFC 8285 one-byte header profile
        out[13] = (byte) 0xDE;
        out[14] = 0;
        out[15] = 1; // one 32-bit word of extensions
        out[16] = (byte) (AUDIO_LEVEL_EXT_ID << 4); // id, length-1 = 0
        out[17] = (byte) (0x80 | 42); // voice, -42 dBov
        out[18] = 0;
        out[19] = 0;
        for (int i = 0; i < OPUS_PAYLOAD; i++) {
            out[RTP_HEADER + i] = (byte) (seq * 7 + i * 37);
        }
        return RTP_LENGTH;
    }

    static byte[] poll(BlockingQueue<byte[]> q, String what) {
        try {
            byte[] d = q.poll(10, TimeUnit.SECONDS);
            if (d == null) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            return d;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static String resource(String name) {
        try (InputStream in = BrowserPeer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
