package net.voxedge.edge.stun;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import net.voxedge.edge.crypto.HmacSha1;

/**
 * Writes the STUN messages an ICE-lite server answers with (Binding success and error responses) and the Binding
 * requests an ICE client sends (tests and the load generator), straight into a caller's array.
 *
 * <p>Every message ends with MESSAGE-INTEGRITY (when an HMAC is given) and FINGERPRINT, which ICE requires
 * (RFC 8445 §7.1.2, §7.3.1). Writing allocates nothing. Arguments come from our own code, not the network, so a
 * wrong one (an output array without room, an IP that is not 4 or 16 bytes) is a bug and throws
 * {@link IllegalArgumentException}; size output arrays with {@link #MAX_MESSAGE_LENGTH}.
 *
 * <p>One instance per worker thread: the configuration setters and the CRC state make it not thread-safe.
 */
public final class StunMessageWriter {
    /** No message this writer produces is longer than this. */
    public static final int MAX_MESSAGE_LENGTH = StunMessage.MAX_DATAGRAM_LENGTH;
    /** RFC 8489 §14.14: SOFTWARE is fewer than 128 characters, at most 763 bytes. */
    public static final int MAX_SOFTWARE_LENGTH = 763;

    private static final int ATTR_HEADER = 4;
    private static final int INTEGRITY_ATTR = ATTR_HEADER + StunMessage.MESSAGE_INTEGRITY_LENGTH;
    private static final int FINGERPRINT_ATTR = ATTR_HEADER + 4;

    private static final int TYPE_BINDING_REQUEST = 0x0001;
    private static final int TYPE_BINDING_SUCCESS = 0x0101;
    private static final int TYPE_BINDING_ERROR = 0x0111;

    private static final byte[] REASON_400 = ascii("Bad Request");
    private static final byte[] REASON_401 = ascii("Unauthorized");
    private static final byte[] REASON_403 = ascii("Forbidden");
    private static final byte[] REASON_420 = ascii("Unknown Attribute");
    private static final byte[] REASON_487 = ascii("Role Conflict");
    private static final byte[] REASON_500 = ascii("Server Error");
    private static final byte[] REASON_OTHER = ascii("Error");

    private final CRC32 crc = new CRC32();
    private byte[] software;
    private byte padding;

    /** A writer that adds no SOFTWARE attribute and pads with zero bytes. */
    public StunMessageWriter() {
    }

    /**
     * Adds a SOFTWARE attribute (first, as RFC 5769's vectors have it) to every message from now on; null removes
     * it. Production servers leave it off: it tells a scanner what we run and costs bytes.
     */
    public StunMessageWriter software(String description) {
        if (description == null) {
            software = null;
            return this;
        }
        byte[] bytes = description.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_SOFTWARE_LENGTH) {
            throw new IllegalArgumentException("SOFTWARE is at most " + MAX_SOFTWARE_LENGTH + " bytes");
        }
        software = bytes;
        return this;
    }

    /**
     * The byte written into attribute padding. RFC 8489 §14 lets padding hold anything and receivers ignore it;
     * zero is the default. It exists so RFC 5769's vectors, which pad with 0x20, can be reproduced byte for byte.
     */
    public StunMessageWriter paddingByte(int value) {
        padding = (byte) value;
        return this;
    }

    /**
     * Writes a Binding success response to {@code request}: its transaction id, XOR-MAPPED-ADDRESS, then
     * MESSAGE-INTEGRITY and FINGERPRINT.
     *
     * @param request a request that parsed OK; its transaction id is copied
     * @param ip the address the request came from, 4 or 16 bytes
     * @param integrity the HMAC-SHA1 keyed with our ICE password, or null to write no MESSAGE-INTEGRITY
     * @return the length of the message written at {@code out[off..]}
     */
    public int writeBindingSuccess(byte[] out, int off, StunMessage request, byte[] ip, int port, HmacSha1 integrity) {
        requireParsed(request);
        return writeBindingSuccess(out, off, request.buffer(), request.transactionIdOffset(), ip, port, integrity);
    }

    /**
     * Writes a Binding success response with the given transaction id ({@code tid[tidOff, tidOff+12)}); see
     * {@link #writeBindingSuccess(byte[], int, StunMessage, byte[], int, HmacSha1)}.
     */
    public int writeBindingSuccess(byte[] out, int off, byte[] tid, int tidOff, byte[] ip, int port,
                                   HmacSha1 integrity) {
        if (ip == null || (ip.length != 4 && ip.length != 16)) {
            throw new IllegalArgumentException("an IP address is 4 or 16 bytes");
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        int addressValue = 4 + ip.length;
        int total = StunMessage.HEADER_LENGTH + softwareSize() + ATTR_HEADER + addressValue + trailerSize(integrity);
        requireRoom(out, off, total);
        int p = writeHeader(out, off, TYPE_BINDING_SUCCESS, tid, tidOff);
        p = writeSoftware(out, p);
        p = writeAttributeHeader(out, p, StunAttributes.XOR_MAPPED_ADDRESS, addressValue);
        out[p] = 0;
        out[p + 1] = (byte) (ip.length == 4 ? 0x01 : 0x02);
        putU16(out, p + 2, port ^ (StunMessage.MAGIC_COOKIE >>> 16));
        // The XOR key is the magic cookie then the transaction id, which is exactly header bytes 4..19.
        for (int i = 0; i < ip.length; i++) {
            out[p + 4 + i] = (byte) (ip[i] ^ out[off + 4 + i]);
        }
        p += addressValue;
        return finish(out, off, p, integrity);
    }

    /**
     * Writes a Binding error response to {@code request} with ERROR-CODE {@code errorCode} and a standard reason
     * phrase; for 420 it adds UNKNOWN-ATTRIBUTES listing the request's recorded unknown attributes.
     *
     * @param errorCode 300..699; 400, 401, 420 and 487 are the ones ICE-lite sends
     * @param integrityOrNull the keyed HMAC-SHA1 when the request authenticated (420, 487), null when it did not
     *     (400, 401: RFC 8489 §9.1.3 forbids MESSAGE-INTEGRITY then)
     * @return the length of the message written at {@code out[off..]}
     */
    public int writeBindingError(byte[] out, int off, StunMessage request, int errorCode, HmacSha1 integrityOrNull) {
        requireParsed(request);
        if (errorCode < 300 || errorCode > 699) {
            throw new IllegalArgumentException("STUN error codes are 300..699: " + errorCode);
        }
        byte[] reason = reasonPhrase(errorCode);
        int unknownCount = errorCode == 420
                ? Math.min(request.unknownComprehensionRequiredCount(), StunMessage.MAX_RECORDED_UNKNOWN_ATTRIBUTES)
                : 0;
        int errorValue = 4 + reason.length;
        int total = StunMessage.HEADER_LENGTH + softwareSize() + ATTR_HEADER + padded(errorValue)
                + (errorCode == 420 ? ATTR_HEADER + padded(2 * unknownCount) : 0) + trailerSize(integrityOrNull);
        requireRoom(out, off, total);
        int p = writeHeader(out, off, TYPE_BINDING_ERROR, request.buffer(), request.transactionIdOffset());
        p = writeSoftware(out, p);
        p = writeAttributeHeader(out, p, StunAttributes.ERROR_CODE, errorValue);
        out[p] = 0;
        out[p + 1] = 0;
        out[p + 2] = (byte) (errorCode / 100);
        out[p + 3] = (byte) (errorCode % 100);
        System.arraycopy(reason, 0, out, p + 4, reason.length);
        p = pad(out, p + errorValue, errorValue);
        if (errorCode == 420) {
            p = writeAttributeHeader(out, p, StunAttributes.UNKNOWN_ATTRIBUTES, 2 * unknownCount);
            for (int i = 0; i < unknownCount; i++) {
                putU16(out, p + 2 * i, request.unknownComprehensionRequiredType(i));
            }
            p = pad(out, p + 2 * unknownCount, 2 * unknownCount);
        }
        return finish(out, off, p, integrityOrNull);
    }

    /**
     * Writes an ICE connectivity check: a Binding request with PRIORITY, the role attribute, USE-CANDIDATE when
     * nominating, USERNAME, MESSAGE-INTEGRITY and FINGERPRINT (the order of RFC 5769's sample request).
     *
     * @param tid the 12-byte transaction id at {@code tid[tidOff..]}; the caller picks it at random
     * @param username the USERNAME value, "remoteUfrag:localUfrag" in UTF-8
     * @param priority unsigned 32-bit PRIORITY
     * @param integrity HMAC-SHA1 keyed with the remote agent's password, or null for no MESSAGE-INTEGRITY
     * @return the length of the message written at {@code out[off..]}
     */
    public int writeBindingRequest(byte[] out, int off, byte[] tid, int tidOff, byte[] username, long priority,
                                   IceRoleAttribute role, long tieBreaker, boolean useCandidate, HmacSha1 integrity) {
        if (username == null || username.length > StunMessage.MAX_USERNAME_LENGTH) {
            throw new IllegalArgumentException("USERNAME must be present and at most "
                    + StunMessage.MAX_USERNAME_LENGTH + " bytes");
        }
        if (priority < 0 || priority > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("PRIORITY is an unsigned 32-bit value: " + priority);
        }
        int total = StunMessage.HEADER_LENGTH + softwareSize() + ATTR_HEADER + 4
                + (role == IceRoleAttribute.NONE ? 0 : ATTR_HEADER + 8)
                + (useCandidate ? ATTR_HEADER : 0)
                + ATTR_HEADER + padded(username.length) + trailerSize(integrity);
        requireRoom(out, off, total);
        int p = writeHeader(out, off, TYPE_BINDING_REQUEST, tid, tidOff);
        p = writeSoftware(out, p);
        p = writeAttributeHeader(out, p, StunAttributes.PRIORITY, 4);
        putInt(out, p, (int) priority);
        p += 4;
        if (role != IceRoleAttribute.NONE) {
            int type = role == IceRoleAttribute.CONTROLLING ? StunAttributes.ICE_CONTROLLING
                    : StunAttributes.ICE_CONTROLLED;
            p = writeAttributeHeader(out, p, type, 8);
            putInt(out, p, (int) (tieBreaker >>> 32));
            putInt(out, p + 4, (int) tieBreaker);
            p += 8;
        }
        if (useCandidate) {
            p = writeAttributeHeader(out, p, StunAttributes.USE_CANDIDATE, 0);
        }
        p = writeAttributeHeader(out, p, StunAttributes.USERNAME, username.length);
        System.arraycopy(username, 0, out, p, username.length);
        p = pad(out, p + username.length, username.length);
        return finish(out, off, p, integrity);
    }

    private int writeHeader(byte[] out, int off, int type, byte[] tid, int tidOff) {
        if (tid == null || tidOff < 0 || tidOff > tid.length - StunMessage.TRANSACTION_ID_LENGTH) {
            throw new IllegalArgumentException("the transaction id is 12 bytes inside its array");
        }
        // The id first: a response may be written over its own request, and the id must be read before the
        // bytes around it are overwritten.
        System.arraycopy(tid, tidOff, out, off + 8, StunMessage.TRANSACTION_ID_LENGTH);
        putU16(out, off, type);
        putU16(out, off + 2, 0); // patched by finish()
        putInt(out, off + 4, StunMessage.MAGIC_COOKIE);
        return off + StunMessage.HEADER_LENGTH;
    }

    private int writeSoftware(byte[] out, int p) {
        if (software == null) {
            return p;
        }
        p = writeAttributeHeader(out, p, StunAttributes.SOFTWARE, software.length);
        System.arraycopy(software, 0, out, p, software.length);
        return pad(out, p + software.length, software.length);
    }

    /**
     * Appends MESSAGE-INTEGRITY (when {@code integrity} is given) and FINGERPRINT. Each covers the message up to
     * itself with the header length already counting itself, which is why the length is written twice.
     */
    private int finish(byte[] out, int off, int p, HmacSha1 integrity) {
        if (integrity != null) {
            putU16(out, off + 2, p + INTEGRITY_ATTR - off - StunMessage.HEADER_LENGTH);
            integrity.reset();
            integrity.update(out, off, p - off);
            p = writeAttributeHeader(out, p, StunAttributes.MESSAGE_INTEGRITY, StunMessage.MESSAGE_INTEGRITY_LENGTH);
            integrity.doFinal(out, p);
            p += StunMessage.MESSAGE_INTEGRITY_LENGTH;
        }
        putU16(out, off + 2, p + FINGERPRINT_ATTR - off - StunMessage.HEADER_LENGTH);
        crc.reset();
        crc.update(out, off, p - off);
        p = writeAttributeHeader(out, p, StunAttributes.FINGERPRINT, 4);
        putInt(out, p, (int) crc.getValue() ^ StunMessage.FINGERPRINT_XOR);
        return p + 4 - off;
    }

    private int trailerSize(HmacSha1 integrity) {
        return (integrity != null ? INTEGRITY_ATTR : 0) + FINGERPRINT_ATTR;
    }

    private int softwareSize() {
        return software == null ? 0 : ATTR_HEADER + padded(software.length);
    }

    private int pad(byte[] out, int p, int valueLength) {
        int end = p + (padded(valueLength) - valueLength);
        for (int i = p; i < end; i++) {
            out[i] = padding;
        }
        return end;
    }

    private static int writeAttributeHeader(byte[] out, int p, int type, int valueLength) {
        putU16(out, p, type);
        putU16(out, p + 2, valueLength);
        return p + ATTR_HEADER;
    }

    private static int padded(int n) {
        return (n + 3) & ~3;
    }

    private static void requireParsed(StunMessage request) {
        if (request.result() != StunParseResult.OK) {
            throw new IllegalArgumentException("the request did not parse: " + request.result());
        }
    }

    private static void requireRoom(byte[] out, int off, int total) {
        if (out == null || off < 0 || off > out.length - total) {
            throw new IllegalArgumentException("the output array has no room for " + total + " bytes at " + off);
        }
    }

    private static byte[] reasonPhrase(int code) {
        return switch (code) {
            case 400 -> REASON_400;
            case 401 -> REASON_401;
            case 403 -> REASON_403;
            case 420 -> REASON_420;
            case 487 -> REASON_487;
            case 500 -> REASON_500;
            default -> REASON_OTHER;
        };
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void putU16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    private static void putInt(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
