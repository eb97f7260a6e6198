package net.voxedge.loadgen.turn;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.crypto.Mac;

/**
 * Writes the TURN requests a client sends (RFC 8656): a header, attributes appended one by one,
 * then MESSAGE-INTEGRITY (long-term credentials) and FINGERPRINT. Writes into the caller's array.
 */
public final class TurnRequestWriter {
    private final CRC32 crc = new CRC32();
    private byte[] out;
    private int off;
    private int p;

    /** Starts a request of {@code method} with transaction id {@code tid} (12 bytes) at {@code out[off..]}. */
    public TurnRequestWriter begin(byte[] out, int off, int method, byte[] tid) {
        this.out = out;
        this.off = off;
        int type = (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2); // class bits 0: request
        TurnMessage.putU16(out, off, type);
        TurnMessage.putU16(out, off + 2, 0);
        putInt(out, off + 4, TurnMessage.MAGIC_COOKIE);
        System.arraycopy(tid, 0, out, off + 8, 12);
        p = off + TurnMessage.HEADER;
        return this;
    }

    /** REQUESTED-TRANSPORT: UDP. */
    public TurnRequestWriter requestedTransportUdp() {
        attribute(TurnMessage.ATTR_REQUESTED_TRANSPORT, 4);
        out[p] = 17;
        out[p + 1] = 0;
        out[p + 2] = 0;
        out[p + 3] = 0;
        p += 4;
        return this;
    }

    public TurnRequestWriter lifetime(long seconds) {
        attribute(TurnMessage.ATTR_LIFETIME, 4);
        putInt(out, p, (int) seconds);
        p += 4;
        return this;
    }

    /** CHANNEL-NUMBER: 0x4000..0x4FFF. */
    public TurnRequestWriter channelNumber(int channel) {
        attribute(TurnMessage.ATTR_CHANNEL_NUMBER, 4);
        TurnMessage.putU16(out, p, channel);
        TurnMessage.putU16(out, p + 2, 0);
        p += 4;
        return this;
    }

    /** XOR-PEER-ADDRESS of an IPv4 peer. */
    public TurnRequestWriter xorPeerAddress(byte[] ip, int port) {
        attribute(TurnMessage.ATTR_XOR_PEER_ADDRESS, 8);
        out[p] = 0;
        out[p + 1] = 0x01;
        TurnMessage.putU16(out, p + 2, port ^ (TurnMessage.MAGIC_COOKIE >>> 16));
        for (int i = 0; i < 4; i++) {
            out[p + 4 + i] = (byte) (ip[i] ^ (TurnMessage.MAGIC_COOKIE >>> (24 - 8 * i)));
        }
        p += 8;
        return this;
    }

    /** USERNAME, REALM and NONCE, the long-term credential attributes. */
    public TurnRequestWriter credentials(String username, byte[] realm, byte[] nonce) {
        bytes(TurnMessage.ATTR_USERNAME, username.getBytes(StandardCharsets.UTF_8));
        bytes(TurnMessage.ATTR_REALM, realm);
        bytes(TurnMessage.ATTR_NONCE, nonce);
        return this;
    }

    private void bytes(int type, byte[] v) {
        attribute(type, v.length);
        System.arraycopy(v, 0, out, p, v.length);
        p += v.length;
        while ((p - off) % 4 != 0) {
            out[p++] = 0;
        }
    }

    /**
     * Appends MESSAGE-INTEGRITY (when {@code mac} is not null) and FINGERPRINT; returns the length.
     */
    public int finish(Mac mac) {
        if (mac != null) {
            TurnMessage.putU16(out, off + 2, p - off - TurnMessage.HEADER + 24);
            mac.update(out, off, p - off);
            byte[] h = mac.doFinal();
            attribute(TurnMessage.ATTR_MESSAGE_INTEGRITY, 20);
            System.arraycopy(h, 0, out, p, 20);
            p += 20;
        }
        TurnMessage.putU16(out, off + 2, p - off - TurnMessage.HEADER + 8);
        crc.reset();
        crc.update(out, off, p - off);
        attribute(TurnMessage.ATTR_FINGERPRINT, 4);
        putInt(out, p, (int) crc.getValue() ^ TurnMessage.FINGERPRINT_XOR);
        p += 4;
        return p - off;
    }

    private void attribute(int type, int len) {
        TurnMessage.putU16(out, p, type);
        TurnMessage.putU16(out, p + 2, len);
        p += 4;
    }

    private static void putInt(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }
}
