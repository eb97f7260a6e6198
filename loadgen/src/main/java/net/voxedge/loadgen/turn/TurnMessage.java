package net.voxedge.loadgen.turn;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.zip.CRC32;
import javax.crypto.Mac;

/**
 * A reusable reader of one STUN/TURN message (RFC 8489, RFC 8656) from a TURN server: the header,
 * and the attributes a TURN client acts on (ERROR-CODE, REALM, NONCE, XOR-RELAYED-ADDRESS,
 * XOR-MAPPED-ADDRESS, XOR-PEER-ADDRESS, LIFETIME, DATA, MESSAGE-INTEGRITY, FINGERPRINT).
 * {@link #parse} validates every length before reading; nothing here throws on any input.
 * Mutable, one per thread; the accessors read the caller's array, which must not change meanwhile.
 */
public final class TurnMessage {
    /** What {@link #parse} found. */
    public enum Result { OK, TOO_SHORT, NOT_STUN, BAD_LENGTH, ATTRIBUTE_OVERRUN, BAD_ATTRIBUTE }

    public static final int HEADER = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int METHOD_ALLOCATE = 0x003;
    public static final int METHOD_REFRESH = 0x004;
    public static final int METHOD_SEND = 0x006;
    public static final int METHOD_DATA = 0x007;
    public static final int METHOD_CREATE_PERMISSION = 0x008;
    public static final int METHOD_CHANNEL_BIND = 0x009;

    static final int ATTR_USERNAME = 0x0006;
    static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    static final int ATTR_ERROR_CODE = 0x0009;
    static final int ATTR_CHANNEL_NUMBER = 0x000C;
    static final int ATTR_LIFETIME = 0x000D;
    static final int ATTR_XOR_PEER_ADDRESS = 0x0012;
    static final int ATTR_DATA = 0x0013;
    static final int ATTR_REALM = 0x0014;
    static final int ATTR_NONCE = 0x0015;
    static final int ATTR_XOR_RELAYED_ADDRESS = 0x0016;
    static final int ATTR_REQUESTED_TRANSPORT = 0x0019;
    static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    static final int ATTR_FINGERPRINT = 0x8028;
    static final int FINGERPRINT_XOR = 0x5354554E;

    private final CRC32 crc = new CRC32();
    private byte[] buf;
    private int off;
    private int len;
    private Result result = Result.TOO_SHORT;
    private int type;
    private int errorCode;
    private int realmOff;
    private int realmLen;
    private int nonceOff;
    private int nonceLen;
    private int relayedOff;
    private int mappedOff;
    private int peerOff;
    private int dataOff;
    private int dataLen;
    private long lifetime;
    private int integrityOff;
    private int fingerprintOff;

    /** Parses {@code b[off, off+len)}; every accessor is valid only after {@link Result#OK}. */
    public Result parse(byte[] b, int off, int len) {
        this.buf = b;
        this.off = off;
        this.len = len;
        type = -1;
        errorCode = -1;
        realmOff = nonceOff = relayedOff = mappedOff = peerOff = dataOff = integrityOff = fingerprintOff = -1;
        realmLen = nonceLen = dataLen = 0;
        lifetime = -1;
        result = check(b, off, len);
        return result;
    }

    private Result check(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < 0 || off > b.length - len || len < HEADER) {
            return Result.TOO_SHORT;
        }
        if ((b[off] & 0xC0) != 0 || getInt(b, off + 4) != MAGIC_COOKIE) {
            return Result.NOT_STUN;
        }
        int body = getU16(b, off + 2);
        if ((body & 3) != 0 || body != len - HEADER) {
            return Result.BAD_LENGTH;
        }
        int p = off + HEADER;
        int end = off + len;
        while (p < end) {
            int t = getU16(b, p);
            int vlen = getU16(b, p + 2);
            int v = p + 4;
            int padded = (vlen + 3) & ~3;
            if (padded > end - v) {
                return Result.ATTRIBUTE_OVERRUN;
            }
            if (fingerprintOff >= 0) {
                return Result.BAD_ATTRIBUTE; // nothing may follow FINGERPRINT
            }
            if (integrityOff >= 0 && t != ATTR_FINGERPRINT) {
                p = v + padded; // RFC 8489 §14.5: attributes after MESSAGE-INTEGRITY are ignored
                continue;
            }
            switch (t) {
                case ATTR_ERROR_CODE -> {
                    if (vlen < 4) {
                        return Result.BAD_ATTRIBUTE;
                    }
                    int cls = b[v + 2] & 0x07;
                    int num = b[v + 3] & 0xFF;
                    if (cls < 3 || cls > 6 || num > 99) {
                        return Result.BAD_ATTRIBUTE;
                    }
                    errorCode = cls * 100 + num;
                }
                case ATTR_REALM -> {
                    realmOff = v;
                    realmLen = vlen;
                }
                case ATTR_NONCE -> {
                    nonceOff = v;
                    nonceLen = vlen;
                }
                case ATTR_XOR_RELAYED_ADDRESS -> {
                    if (!ipv4Address(b, v, vlen)) {
                        return Result.BAD_ATTRIBUTE;
                    }
                    relayedOff = v;
                }
                case ATTR_XOR_MAPPED_ADDRESS -> {
                    if (!ipv4Address(b, v, vlen)) {
                        return Result.BAD_ATTRIBUTE;
                    }
                    mappedOff = v;
                }
                case ATTR_XOR_PEER_ADDRESS -> {
                    if (!ipv4Address(b, v, vlen)) {
                        return Result.BAD_ATTRIBUTE;
                    }
                    peerOff = v;
                }
                case ATTR_DATA -> {
                    dataOff = v;
                    dataLen = vlen;
                }
                case ATTR_LIFETIME -> {
                    if (vlen != 4) {
                        return Result.BAD_ATTRIBUTE;
                    }
                    lifetime = getInt(b, v) & 0xFFFF_FFFFL;
                }
                case ATTR_MESSAGE_INTEGRITY -> {
                    if (vlen != 20) {
                        return Result.BAD_ATTRIBUTE;
                    }
                    integrityOff = p;
                }
                case ATTR_FINGERPRINT -> {
                    if (vlen != 4) {
                        return Result.BAD_ATTRIBUTE;
                    }
                    fingerprintOff = p;
                }
                default -> {
                    // other attributes (SOFTWARE, RESERVATION-TOKEN, ...) are skipped
                }
            }
            p = v + padded;
        }
        type = getU16(b, off);
        return Result.OK;
    }

    /** Only IPv4 addresses: the generator relays on 127.0.0.1. */
    private static boolean ipv4Address(byte[] b, int v, int vlen) {
        return vlen == 8 && (b[v + 1] & 0xFF) == 0x01;
    }

    public Result result() {
        return result;
    }

    /** The STUN method (Allocate = 3, ...), or -1. */
    public int method() {
        if (result != Result.OK) {
            return -1;
        }
        return (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);
    }

    /** 0 request, 1 indication, 2 success response, 3 error response; -1 if not parsed. */
    public int messageClass() {
        if (result != Result.OK) {
            return -1;
        }
        return ((type >> 4) & 1) | ((type >> 7) & 2);
    }

    public boolean isSuccess() {
        return messageClass() == 2;
    }

    public boolean isError() {
        return messageClass() == 3;
    }

    /** ERROR-CODE as a number (401, 438, ...), or -1. */
    public int errorCode() {
        return result == Result.OK ? errorCode : -1;
    }

    /** Whether the transaction id equals {@code tid[0..12)}. */
    public boolean hasTransactionId(byte[] tid) {
        if (result != Result.OK || tid == null || tid.length < 12) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            if (buf[off + 8 + i] != tid[i]) {
                return false;
            }
        }
        return true;
    }

    /** REALM's bytes, or null. */
    public byte[] realm() {
        return result == Result.OK && realmOff >= 0 ? java.util.Arrays.copyOfRange(buf, realmOff, realmOff + realmLen) : null;
    }

    /** NONCE's bytes, or null. */
    public byte[] nonce() {
        return result == Result.OK && nonceOff >= 0 ? java.util.Arrays.copyOfRange(buf, nonceOff, nonceOff + nonceLen) : null;
    }

    /** LIFETIME in seconds, or -1. */
    public long lifetime() {
        return result == Result.OK ? lifetime : -1;
    }

    public boolean hasRelayedAddress() {
        return result == Result.OK && relayedOff >= 0;
    }

    /** The XOR-RELAYED-ADDRESS's IPv4 address (4 bytes), or null. */
    public byte[] relayedIp() {
        return hasRelayedAddress() ? xorIp(relayedOff) : null;
    }

    /** The XOR-RELAYED-ADDRESS's port, or -1. */
    public int relayedPort() {
        return hasRelayedAddress() ? xorPort(relayedOff) : -1;
    }

    /** The XOR-PEER-ADDRESS's port (a Data indication's sender), or -1. */
    public int peerPort() {
        return result == Result.OK && peerOff >= 0 ? xorPort(peerOff) : -1;
    }

    /** DATA's offset in the array (a Data indication's payload), or -1. */
    public int dataOffset() {
        return result == Result.OK ? dataOff : -1;
    }

    public int dataLength() {
        return result == Result.OK && dataOff >= 0 ? dataLen : 0;
    }

    private byte[] xorIp(int v) {
        byte[] ip = new byte[4];
        for (int i = 0; i < 4; i++) {
            ip[i] = (byte) (buf[v + 4 + i] ^ (MAGIC_COOKIE >>> (24 - 8 * i)));
        }
        return ip;
    }

    private int xorPort(int v) {
        return getU16(buf, v + 2) ^ (MAGIC_COOKIE >>> 16);
    }

    public boolean hasMessageIntegrity() {
        return result == Result.OK && integrityOff >= 0;
    }

    /**
     * Checks MESSAGE-INTEGRITY with {@code mac} (HMAC-SHA1 keyed with the long-term key): the HMAC
     * of the message up to the attribute, with the header length counting up to its end.
     */
    public boolean verifyIntegrity(Mac mac) {
        if (!hasMessageIntegrity()) {
            return false;
        }
        int covered = integrityOff - off;
        byte[] copy = java.util.Arrays.copyOfRange(buf, off, integrityOff);
        putU16(copy, 2, covered - HEADER + 24);
        byte[] expected = mac.doFinal(copy);
        return MessageDigest.isEqual(expected, java.util.Arrays.copyOfRange(buf, integrityOff + 4, integrityOff + 24));
    }

    /** Whether a FINGERPRINT is present and right. */
    public boolean fingerprintValid() {
        if (result != Result.OK || fingerprintOff < 0) {
            return false;
        }
        crc.reset();
        crc.update(buf, off, fingerprintOff - off);
        return ((int) crc.getValue() ^ FINGERPRINT_XOR) == getInt(buf, fingerprintOff + 4);
    }

    static int getU16(byte[] b, int o) {
        return ((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF);
    }

    static int getInt(byte[] b, int o) {
        return ((b[o] & 0xFF) << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
    }

    static void putU16(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 8);
        b[o + 1] = (byte) v;
    }

    /** HMAC-SHA1 keyed with the long-term credential key MD5(username ":" realm ":" password) (RFC 8489 §9.2.2). */
    public static Mac longTermMac(String username, byte[] realm, String password) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update((username + ":").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md5.update(realm);
            md5.update((":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new javax.crypto.spec.SecretKeySpec(md5.digest(), "HmacSHA1"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 and HmacSHA1 are in every JDK", e);
        }
    }
}
