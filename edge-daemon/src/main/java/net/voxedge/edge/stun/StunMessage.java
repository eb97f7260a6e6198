package net.voxedge.edge.stun;

import java.util.zip.CRC32;
import net.voxedge.edge.crypto.HmacSha1;

/**
 * A reusable, allocation-free reader of one STUN message (RFC 8489) lying in a caller's array.
 *
 * <p>{@link #parse} validates the whole message once (header, every attribute's bounds, order and length) and
 * records where the attributes ICE needs sit; the accessors then read straight from the caller's array, so the
 * array must not change while the accessors are in use. Every accessor is defined only after a parse that
 * returned {@link StunParseResult#OK}; after any other result they report "absent" values.
 *
 * <p>One instance per worker thread: it is mutable and not thread-safe. Nothing here allocates, and no input can
 * make it throw: bad input is a {@link StunParseResult}.
 */
public final class StunMessage {
    /** Size of the fixed STUN header. */
    public static final int HEADER_LENGTH = 20;
    /** The fixed value of header bytes 4..7 (RFC 8489 §5). */
    public static final int MAGIC_COOKIE = 0x2112A442;
    /** Length of the transaction id, header bytes 8..19. */
    public static final int TRANSACTION_ID_LENGTH = 12;
    /**
     * Largest datagram we accept. ICE checks are a few hundred bytes at most; 1280 (the IPv6 minimum MTU) keeps a
     * hostile sender from making us hash large buffers and needs no fragmentation on any path.
     */
    public static final int MAX_DATAGRAM_LENGTH = 1280;
    /**
     * Longest USERNAME value we accept: RFC 5389 allows "less than 513 bytes". RFC 8489 tightened that to fewer
     * than 509; we keep the older limit so that no client that was valid yesterday is refused.
     */
    public static final int MAX_USERNAME_LENGTH = 512;
    /** How many unknown comprehension-required attribute types are recorded for a 420 response. */
    public static final int MAX_RECORDED_UNKNOWN_ATTRIBUTES = 8;
    /** The STUN Binding method. */
    public static final int METHOD_BINDING = 0x001;
    /** FINGERPRINT is CRC-32 of the preceding bytes XOR this value (RFC 8489 §14.7). */
    static final int FINGERPRINT_XOR = 0x5354554E;
    /** HMAC-SHA1 output length: the MESSAGE-INTEGRITY value length. */
    static final int MESSAGE_INTEGRITY_LENGTH = 20;

    private final CRC32 crc = new CRC32();
    private final byte[] macScratch = new byte[MESSAGE_INTEGRITY_LENGTH];
    private final int[] unknownTypes = new int[MAX_RECORDED_UNKNOWN_ATTRIBUTES];

    private StunParseResult result = StunParseResult.TOO_SHORT;
    private byte[] buf;
    private int off;
    private int len;
    private int messageType;

    // Offsets are absolute indexes into buf; -1 means the attribute is absent.
    private int usernameOff;
    private int usernameLen;
    private int usernameColonOff;
    private int integrityAttrOff;
    private int integritySha256AttrOff;
    private int fingerprintAttrOff;
    private int softwareOff;
    private int softwareLen;
    private int xorMappedOff;
    private int xorMappedLen;
    private int errorCodeOff;
    private int errorCodeLen;
    private int priorityOff;
    private int controllingOff;
    private int controlledOff;
    private boolean useCandidate;
    private int unknownCount;

    /** Creates an empty reader; {@link #parse} it before use. */
    public StunMessage() {
        reset(null, 0, 0);
    }

    /**
     * Cheap pre-check for demultiplexing: first two bits zero, the magic cookie, and a header length that matches
     * the datagram. A {@code true} here does not mean the message is valid; {@link #parse} decides that.
     */
    public static boolean looksLikeStun(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < HEADER_LENGTH || off > b.length - len) {
            return false;
        }
        return (b[off] & 0xC0) == 0
                && readInt(b, off + 4) == MAGIC_COOKIE
                && readU16(b, off + 2) == len - HEADER_LENGTH;
    }

    /**
     * Parses the datagram {@code buf[off, off+len)}, replacing whatever this reader held before.
     *
     * @return {@link StunParseResult#OK} or the first defect found; never throws
     */
    public StunParseResult parse(byte[] buf, int off, int len) {
        reset(buf, off, len);
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return fail(StunParseResult.BAD_BUFFER_BOUNDS);
        }
        if (len < HEADER_LENGTH) {
            return fail(StunParseResult.TOO_SHORT);
        }
        if (len > MAX_DATAGRAM_LENGTH) {
            return fail(StunParseResult.TOO_LONG);
        }
        if ((buf[off] & 0xC0) != 0 || readInt(buf, off + 4) != MAGIC_COOKIE) {
            return fail(StunParseResult.NOT_STUN);
        }
        int bodyLength = readU16(buf, off + 2);
        if ((bodyLength & 3) != 0 || bodyLength != len - HEADER_LENGTH) {
            return fail(StunParseResult.BAD_LENGTH);
        }
        messageType = readU16(buf, off);
        int end = off + len;
        int p = off + HEADER_LENGTH;
        while (p < end) {
            // The body length is a multiple of 4, so at least a 4-byte attribute header remains here.
            int type = readU16(buf, p);
            int valueLen = readU16(buf, p + 2);
            int value = p + 4;
            int padded = (valueLen + 3) & ~3;
            if (padded > end - value) {
                return fail(StunParseResult.ATTRIBUTE_OVERRUN);
            }
            StunParseResult r = recordAttribute(type, value, valueLen);
            if (r != StunParseResult.OK) {
                return fail(r);
            }
            p = value + padded;
        }
        result = StunParseResult.OK;
        return result;
    }

    private StunParseResult recordAttribute(int type, int value, int valueLen) {
        if (fingerprintAttrOff >= 0) {
            return StunParseResult.DUPLICATE_OR_MISORDERED;
        }
        // RFC 8489 §14.5/§14.6: after MESSAGE-INTEGRITY only MESSAGE-INTEGRITY-SHA256 and FINGERPRINT may follow,
        // after MESSAGE-INTEGRITY-SHA256 only FINGERPRINT. The RFC says "ignore" the rest; we refuse such a
        // message instead, because nothing legitimate sends one and ignoring invites ambiguity.
        if (integritySha256AttrOff >= 0 && type != StunAttributes.FINGERPRINT) {
            return StunParseResult.DUPLICATE_OR_MISORDERED;
        }
        if (integrityAttrOff >= 0 && type != StunAttributes.FINGERPRINT
                && type != StunAttributes.MESSAGE_INTEGRITY_SHA256) {
            return StunParseResult.DUPLICATE_OR_MISORDERED;
        }
        int attrOff = value - 4;
        switch (type) {
            case StunAttributes.USERNAME -> {
                if (usernameOff >= 0) {
                    return StunParseResult.DUPLICATE_OR_MISORDERED;
                }
                if (valueLen > MAX_USERNAME_LENGTH) {
                    return StunParseResult.TOO_LONG;
                }
                usernameOff = value;
                usernameLen = valueLen;
                usernameColonOff = indexOf(buf, value, valueLen, (byte) ':');
            }
            case StunAttributes.MESSAGE_INTEGRITY -> {
                if (valueLen != MESSAGE_INTEGRITY_LENGTH) {
                    return StunParseResult.BAD_ATTRIBUTE_LENGTH;
                }
                integrityAttrOff = attrOff;
            }
            case StunAttributes.MESSAGE_INTEGRITY_SHA256 -> {
                if (integritySha256AttrOff >= 0) {
                    return StunParseResult.DUPLICATE_OR_MISORDERED;
                }
                if (valueLen < 16 || valueLen > 32 || (valueLen & 3) != 0) {
                    return StunParseResult.BAD_ATTRIBUTE_LENGTH;
                }
                integritySha256AttrOff = attrOff;
            }
            case StunAttributes.FINGERPRINT -> {
                if (valueLen != 4) {
                    return StunParseResult.BAD_ATTRIBUTE_LENGTH;
                }
                fingerprintAttrOff = attrOff;
            }
            case StunAttributes.PRIORITY -> {
                if (priorityOff >= 0) {
                    return StunParseResult.DUPLICATE_OR_MISORDERED;
                }
                if (valueLen != 4) {
                    return StunParseResult.BAD_ATTRIBUTE_LENGTH;
                }
                priorityOff = value;
            }
            case StunAttributes.USE_CANDIDATE -> {
                if (useCandidate) {
                    return StunParseResult.DUPLICATE_OR_MISORDERED;
                }
                if (valueLen != 0) {
                    return StunParseResult.BAD_ATTRIBUTE_LENGTH;
                }
                useCandidate = true;
            }
            case StunAttributes.ICE_CONTROLLING -> {
                if (controllingOff >= 0) {
                    return StunParseResult.DUPLICATE_OR_MISORDERED;
                }
                if (valueLen != 8) {
                    return StunParseResult.BAD_ATTRIBUTE_LENGTH;
                }
                controllingOff = value;
            }
            case StunAttributes.ICE_CONTROLLED -> {
                if (controlledOff >= 0) {
                    return StunParseResult.DUPLICATE_OR_MISORDERED;
                }
                if (valueLen != 8) {
                    return StunParseResult.BAD_ATTRIBUTE_LENGTH;
                }
                controlledOff = value;
            }
            case StunAttributes.XOR_MAPPED_ADDRESS -> {
                if (xorMappedOff >= 0) {
                    return StunParseResult.DUPLICATE_OR_MISORDERED;
                }
                if (valueLen != 8 && valueLen != 20) {
                    return StunParseResult.BAD_ATTRIBUTE_LENGTH;
                }
                int family = buf[value + 1] & 0xFF;
                if ((family == 0x01 && valueLen != 8) || (family == 0x02 && valueLen != 20)) {
                    return StunParseResult.BAD_ATTRIBUTE_LENGTH;
                }
                if (family != 0x01 && family != 0x02) {
                    return StunParseResult.BAD_ATTRIBUTE_VALUE;
                }
                xorMappedOff = value;
                xorMappedLen = valueLen;
            }
            case StunAttributes.ERROR_CODE -> {
                if (errorCodeOff >= 0) {
                    return StunParseResult.DUPLICATE_OR_MISORDERED;
                }
                // 4 fixed bytes, then a reason phrase of at most 763 bytes (RFC 8489 §14.8).
                if (valueLen < 4 || valueLen > 4 + 763) {
                    return StunParseResult.BAD_ATTRIBUTE_LENGTH;
                }
                int errorClass = buf[value + 2] & 0x07;
                int number = buf[value + 3] & 0xFF;
                if (errorClass < 3 || errorClass > 6 || number > 99) {
                    return StunParseResult.BAD_ATTRIBUTE_VALUE;
                }
                errorCodeOff = value;
                errorCodeLen = valueLen;
            }
            case StunAttributes.SOFTWARE -> {
                if (softwareOff >= 0) {
                    return StunParseResult.DUPLICATE_OR_MISORDERED;
                }
                softwareOff = value;
                softwareLen = valueLen;
            }
            default -> {
                if (StunAttributes.isUnknownComprehensionRequired(type)) {
                    if (unknownCount < MAX_RECORDED_UNKNOWN_ATTRIBUTES) {
                        unknownTypes[unknownCount] = type;
                    }
                    unknownCount++;
                }
            }
        }
        return StunParseResult.OK;
    }

    private void reset(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        result = StunParseResult.TOO_SHORT;
        messageType = -1;
        usernameOff = -1;
        usernameLen = 0;
        usernameColonOff = -1;
        integrityAttrOff = -1;
        integritySha256AttrOff = -1;
        fingerprintAttrOff = -1;
        softwareOff = -1;
        softwareLen = 0;
        xorMappedOff = -1;
        xorMappedLen = 0;
        errorCodeOff = -1;
        errorCodeLen = 0;
        priorityOff = -1;
        controllingOff = -1;
        controlledOff = -1;
        useCandidate = false;
        unknownCount = 0;
    }

    private StunParseResult fail(StunParseResult reason) {
        reset(buf, off, len);
        result = reason;
        return reason;
    }

    /** The result of the last {@link #parse}. */
    public StunParseResult result() {
        return result;
    }

    /** Whether the last parse returned OK for exactly this range of this array (identity, not content). */
    public boolean isParsedFrom(byte[] b, int o, int l) {
        return result == StunParseResult.OK && buf == b && off == o && len == l;
    }

    /** The array the last parse read. */
    public byte[] buffer() {
        return buf;
    }

    /** Offset of the message in {@link #buffer()}. */
    public int offset() {
        return off;
    }

    /** Length of the whole message, header included. */
    public int length() {
        return len;
    }

    /** The 16-bit message type (class and method interleaved), or -1 when the last parse failed. */
    public int messageType() {
        return messageType;
    }

    /** The 12-bit method (1 = Binding), or -1 when the last parse failed. */
    public int method() {
        if (messageType < 0) {
            return -1;
        }
        return (messageType & 0x000F) | ((messageType & 0x00E0) >> 1) | ((messageType & 0x3E00) >> 2);
    }

    /** The message class, or null when the last parse failed. */
    public StunMessageClass messageClass() {
        if (messageType < 0) {
            return null;
        }
        return StunMessageClass.ofBits(((messageType >> 4) & 0x1) | ((messageType >> 7) & 0x2));
    }

    /** Whether this is a Binding request (type 0x0001). */
    public boolean isBindingRequest() {
        return messageType == 0x0001;
    }

    /** Absolute offset in {@link #buffer()} of the 12-byte transaction id, or -1 when the last parse failed. */
    public int transactionIdOffset() {
        return result == StunParseResult.OK ? off + 8 : -1;
    }

    /** Whether a USERNAME attribute is present. */
    public boolean hasUsername() {
        return usernameOff >= 0;
    }

    /** Absolute offset of the USERNAME value, or -1. */
    public int usernameOffset() {
        return usernameOff;
    }

    /** Length of the USERNAME value (without padding), 0 when absent. */
    public int usernameLength() {
        return usernameLen;
    }

    /**
     * Absolute offset of the first ':' in the USERNAME value, or -1. For ICE the value is
     * "receiverUfrag:senderUfrag", so for us the part before it is our ufrag (the routing token).
     */
    public int usernameColonOffset() {
        return usernameColonOff;
    }

    /** Whether a MESSAGE-INTEGRITY attribute is present. */
    public boolean hasMessageIntegrity() {
        return integrityAttrOff >= 0;
    }

    /** Whether a MESSAGE-INTEGRITY-SHA256 attribute is present (recorded, not verified: ICE does not use it). */
    public boolean hasMessageIntegritySha256() {
        return integritySha256AttrOff >= 0;
    }

    /**
     * Checks MESSAGE-INTEGRITY (RFC 8489 §14.5) with an HMAC already keyed with the short-term key (see
     * {@link ShortTermCredentialMac}). The HMAC covers the message up to the attribute, with the header length
     * rewritten as if MESSAGE-INTEGRITY were the last attribute; the HMAC is fed the patched length byte by byte
     * instead of copying the message. The comparison is constant-time. Allocates nothing.
     *
     * @param hmacSha1AlreadyKeyed the keyed HMAC-SHA1; it is reset first, so leftover state is harmless
     * @return false when absent, when the last parse failed, or on mismatch
     */
    public boolean verifyMessageIntegrity(HmacSha1 hmacSha1AlreadyKeyed) {
        if (result != StunParseResult.OK || integrityAttrOff < 0) {
            return false;
        }
        HmacSha1 mac = hmacSha1AlreadyKeyed;
        mac.reset();
        int lengthUpToIntegrity = integrityAttrOff + 4 + MESSAGE_INTEGRITY_LENGTH - off - HEADER_LENGTH;
        mac.update(buf, off, 2);
        mac.update((byte) (lengthUpToIntegrity >>> 8));
        mac.update((byte) lengthUpToIntegrity);
        mac.update(buf, off + 4, integrityAttrOff - off - 4);
        mac.doFinal(macScratch, 0);
        return constantTimeEquals(macScratch, 0, buf, integrityAttrOff + 4, MESSAGE_INTEGRITY_LENGTH);
    }

    /** Whether a FINGERPRINT attribute is present (it is then the last attribute). */
    public boolean hasFingerprint() {
        return fingerprintAttrOff >= 0;
    }

    /** Whether FINGERPRINT is present and equals CRC-32 of everything before it XOR 0x5354554E. */
    public boolean fingerprintValid() {
        if (result != StunParseResult.OK || fingerprintAttrOff < 0) {
            return false;
        }
        crc.reset();
        crc.update(buf, off, fingerprintAttrOff - off);
        return ((int) crc.getValue() ^ FINGERPRINT_XOR) == readInt(buf, fingerprintAttrOff + 4);
    }

    /** Whether a PRIORITY attribute is present. */
    public boolean hasPriority() {
        return priorityOff >= 0;
    }

    /** PRIORITY as an unsigned 32-bit value, or -1 when absent. */
    public long priority() {
        return priorityOff >= 0 ? readInt(buf, priorityOff) & 0xFFFF_FFFFL : -1;
    }

    /** Whether USE-CANDIDATE is present: the controlling peer nominates this pair. */
    public boolean useCandidate() {
        return useCandidate;
    }

    /** Whether ICE-CONTROLLING is present: the sender claims the controlling role. */
    public boolean iceControlling() {
        return controllingOff >= 0;
    }

    /** Whether ICE-CONTROLLED is present: the sender claims the controlled role. */
    public boolean iceControlled() {
        return controlledOff >= 0;
    }

    /**
     * The tie-breaker from ICE-CONTROLLING, else from ICE-CONTROLLED, else 0. (A message carrying both is a role
     * conflict by itself; the ICE layer decides what to do with it.)
     */
    public long tieBreaker() {
        if (controllingOff >= 0) {
            return readLong(buf, controllingOff);
        }
        return controlledOff >= 0 ? readLong(buf, controlledOff) : 0;
    }

    /** Whether a SOFTWARE attribute is present. */
    public boolean hasSoftware() {
        return softwareOff >= 0;
    }

    /** Absolute offset of the SOFTWARE value, or -1. */
    public int softwareOffset() {
        return softwareOff;
    }

    /** Length of the SOFTWARE value, 0 when absent. */
    public int softwareLength() {
        return softwareLen;
    }

    /** Whether an XOR-MAPPED-ADDRESS attribute is present (its family was checked to be IPv4 or IPv6). */
    public boolean hasXorMappedAddress() {
        return xorMappedOff >= 0;
    }

    /** The mapped port, or -1 when absent. */
    public int xorMappedPort() {
        return xorMappedOff >= 0 ? readU16(buf, xorMappedOff + 2) ^ (MAGIC_COOKIE >>> 16) : -1;
    }

    /** Length of the mapped IP address: 4, 16, or 0 when absent. */
    public int xorMappedAddressLength() {
        return xorMappedOff >= 0 ? xorMappedLen - 4 : 0;
    }

    /**
     * Writes the de-XORed mapped IP address into {@code dst[dstOff..]}.
     *
     * @return the number of bytes written (4 or 16), or -1 when absent or {@code dst} has no room
     */
    public int xorMappedAddress(byte[] dst, int dstOff) {
        int n = xorMappedAddressLength();
        if (n == 0 || dst == null || dstOff < 0 || dstOff > dst.length - n) {
            return -1;
        }
        // The key is the magic cookie followed by the transaction id: exactly header bytes 4..19.
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = (byte) (buf[xorMappedOff + 4 + i] ^ buf[off + 4 + i]);
        }
        return n;
    }

    /** Whether an ERROR-CODE attribute is present. */
    public boolean hasErrorCode() {
        return errorCodeOff >= 0;
    }

    /** The error code (class * 100 + number, e.g. 487), or -1 when absent. */
    public int errorCode() {
        if (errorCodeOff < 0) {
            return -1;
        }
        return (buf[errorCodeOff + 2] & 0x07) * 100 + (buf[errorCodeOff + 3] & 0xFF);
    }

    /** Absolute offset of the ERROR-CODE reason phrase, or -1. */
    public int errorReasonOffset() {
        return errorCodeOff >= 0 ? errorCodeOff + 4 : -1;
    }

    /** Length of the ERROR-CODE reason phrase, 0 when absent. */
    public int errorReasonLength() {
        return errorCodeOff >= 0 ? errorCodeLen - 4 : 0;
    }

    /**
     * How many unknown comprehension-required attributes the message carries. A request with any must be
     * answered with 420 (RFC 8489 §6.3.1); only the first {@link #MAX_RECORDED_UNKNOWN_ATTRIBUTES} are recorded.
     */
    public int unknownComprehensionRequiredCount() {
        return unknownCount;
    }

    /** The i-th recorded unknown comprehension-required attribute type, i below the recorded count. */
    public int unknownComprehensionRequiredType(int i) {
        if (i < 0 || i >= Math.min(unknownCount, MAX_RECORDED_UNKNOWN_ATTRIBUTES)) {
            throw new IndexOutOfBoundsException(i);
        }
        return unknownTypes[i];
    }

    static int readU16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static int readInt(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    static long readLong(byte[] b, int i) {
        return ((long) readInt(b, i) << 32) | (readInt(b, i + 4) & 0xFFFF_FFFFL);
    }

    private static int indexOf(byte[] b, int from, int count, byte wanted) {
        for (int i = from; i < from + count; i++) {
            if (b[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** Compares without an early exit, so the time taken does not tell an attacker how many bytes matched. */
    static boolean constantTimeEquals(byte[] a, int aOff, byte[] b, int bOff, int n) {
        int diff = 0;
        for (int i = 0; i < n; i++) {
            diff |= a[aOff + i] ^ b[bOff + i];
        }
        return diff == 0;
    }
}
