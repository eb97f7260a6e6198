package net.voxedge.edge.testing;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Reads a STUN response the daemon sent, independently of the daemon's STUN reader: walks the attributes and
 * checks MESSAGE-INTEGRITY and FINGERPRINT from first principles (RFC 8489 §14.5, §14.7).
 */
public final class StunReply {
    private final byte[] m;

    private StunReply(byte[] m) {
        this.m = m;
    }

    /** Wraps a datagram; fails unless it has a STUN header whose length matches. */
    public static StunReply of(byte[] datagram) {
        if (datagram.length < 20 || ByteBuffer.wrap(datagram).getInt(4) != 0x2112A442
                || u16(datagram, 2) != datagram.length - 20) {
            throw new AssertionError("not a well-formed STUN message: " + datagram.length + " bytes");
        }
        return new StunReply(datagram);
    }

    public int type() {
        return u16(m, 0);
    }

    public int length() {
        return m.length;
    }

    public byte[] transactionId() {
        return Arrays.copyOfRange(m, 8, 20);
    }

    /** The offset of the first attribute of {@code type}, or -1. */
    public int find(int attrType) {
        int p = 20;
        while (p + 4 <= m.length) {
            int t = u16(m, p);
            int len = u16(m, p + 2);
            if (t == attrType) {
                return p;
            }
            p += 4 + ((len + 3) & ~3);
        }
        return -1;
    }

    /** The ERROR-CODE as a number (e.g. 487), or -1 when absent. */
    public int errorCode() {
        int p = find(0x0009);
        return p < 0 ? -1 : (m[p + 6] & 7) * 100 + (m[p + 7] & 0xFF);
    }

    /** XOR-MAPPED-ADDRESS decoded (IPv4 or IPv6). */
    public InetSocketAddress xorMappedAddress() {
        int p = find(0x0020);
        if (p < 0) {
            throw new AssertionError("no XOR-MAPPED-ADDRESS");
        }
        int family = m[p + 5];
        int port = u16(m, p + 6) ^ 0x2112;
        byte[] ip = new byte[family == 1 ? 4 : 16];
        for (int i = 0; i < ip.length; i++) {
            ip[i] = (byte) (m[p + 8 + i] ^ m[4 + i]);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Whether MESSAGE-INTEGRITY is present and verifies under {@code password}. */
    public boolean integrityValid(String password) {
        int p = find(0x0008);
        if (p < 0) {
            return false;
        }
        byte[] covered = Arrays.copyOf(m, p);
        int lengthUpToMi = p + 24 - 20;
        covered[2] = (byte) (lengthUpToMi >>> 8);
        covered[3] = (byte) lengthUpToMi;
        byte[] expected = StunCheck.hmacSha1(password, covered);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(m, p + 4, p + 24));
    }

    /** Whether the message ends with a FINGERPRINT that matches. */
    public boolean fingerprintValid() {
        int p = m.length - 8;
        if (p < 20 || u16(m, p) != 0x8028 || u16(m, p + 2) != 4) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(m, 0, p);
        return ((int) crc.getValue() ^ 0x5354554E) == ByteBuffer.wrap(m).getInt(p + 4);
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }
}
