package net.voxedge.edge.rtp;

/**
 * Reusable, allocation-free view of one RTP packet (RFC 3550 section 5.1) held in a caller's
 * {@code byte[]}, with RFC 8285 header-extension lookup and the RFC 6464 audio level.
 *
 * <p>{@link #parse} resets the view and validates every length before anything is read; the
 * accessors are meaningful only after it returned {@link RtpParseResult#OK} and return neutral
 * values (0, -1, false) otherwise. The view does not copy: it reads the caller's buffer, so it is
 * valid only as long as those bytes are unchanged. Not thread-safe; keep one per worker.
 */
public final class RtpPacket {

    /** Size of the fixed RTP header. */
    public static final int FIXED_HEADER_LENGTH = 12;
    /** "defined by profile" value of the RFC 8285 one-byte header form. */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** The RFC 8285 two-byte header form is 0x100 followed by a 4-bit appbits value. */
    public static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;
    /** See {@link #TWO_BYTE_PROFILE_MASK}. */
    public static final int TWO_BYTE_PROFILE = 0x1000;

    private static final int ONE_BYTE_RESERVED_ID = 15;

    private byte[] buf;
    private int off;
    private int len;
    private boolean valid;
    private int headerLength;
    private int paddingLength;
    /** Absolute offset of the first extension element (after the 4-byte extension header), or -1. */
    private int extensionBodyOffset = -1;
    private int extensionBodyLength;
    private int extensionProfile;
    private int foundExtensionLength;

    /**
     * Parses and validates {@code b[off .. off+len)} as a complete, decrypted RTP packet,
     * including its padding.
     */
    public RtpParseResult parse(byte[] b, int off, int len) {
        return parse(b, off, len, true);
    }

    /**
     * Parses only the header (fixed part, CSRCs, extension) and ignores the P bit: for SRTP
     * packets whose payload, and so the padding count, is still encrypted and followed by the
     * authentication tag. {@link #payloadLength()} is then everything after the header.
     */
    public RtpParseResult parseHeader(byte[] b, int off, int len) {
        return parse(b, off, len, false);
    }

    private RtpParseResult parse(byte[] b, int off, int len, boolean checkPadding) {
        this.valid = false;
        this.buf = null;
        this.headerLength = 0;
        this.paddingLength = 0;
        this.extensionBodyOffset = -1;
        this.extensionBodyLength = 0;
        this.extensionProfile = 0;
        this.foundExtensionLength = 0;
        if (b == null || off < 0 || len < 0 || off > b.length - len) {
            return RtpParseResult.OUT_OF_BOUNDS;
        }
        if (len < FIXED_HEADER_LENGTH) {
            return RtpParseResult.TOO_SHORT;
        }
        int b0 = b[off] & 0xFF;
        if ((b0 >>> 6) != 2) {
            return RtpParseResult.BAD_VERSION;
        }
        int header = FIXED_HEADER_LENGTH + 4 * (b0 & 0x0F);
        if (header > len) {
            return RtpParseResult.BAD_CSRC_COUNT;
        }
        if ((b0 & 0x10) != 0) {
            if (header + 4 > len) {
                return RtpParseResult.BAD_EXTENSION_LENGTH;
            }
            int profile = u16(b, off + header);
            int bodyLength = 4 * u16(b, off + header + 2);
            if (bodyLength > len - header - 4) {
                return RtpParseResult.BAD_EXTENSION_LENGTH;
            }
            extensionProfile = profile;
            extensionBodyOffset = off + header + 4;
            extensionBodyLength = bodyLength;
            header += 4 + bodyLength;
        }
        int padding = 0;
        if (checkPadding && (b0 & 0x20) != 0) {
            padding = b[off + len - 1] & 0xFF;
            // The count includes itself (RFC 3550 5.1), so zero is malformed.
            if (padding == 0 || padding > len - header) {
                extensionBodyOffset = -1;
                extensionBodyLength = 0;
                extensionProfile = 0;
                return RtpParseResult.BAD_PADDING;
            }
        }
        this.buf = b;
        this.off = off;
        this.len = len;
        this.headerLength = header;
        this.paddingLength = padding;
        this.valid = true;
        return RtpParseResult.OK;
    }

    /** True after a successful parse. */
    public boolean isValid() {
        return valid;
    }

    /** Offset of the packet in the buffer it was parsed from. */
    public int offset() {
        return valid ? off : 0;
    }

    /** Length of the whole packet as parsed. */
    public int length() {
        return valid ? len : 0;
    }

    /** RTP version; 2 for every valid packet. */
    public int version() {
        return valid ? (buf[off] & 0xFF) >>> 6 : 0;
    }

    /** The P bit. */
    public boolean padding() {
        return valid && (buf[off] & 0x20) != 0;
    }

    /** The X bit. */
    public boolean extension() {
        return valid && (buf[off] & 0x10) != 0;
    }

    /** The CC field: number of CSRCs. */
    public int csrcCount() {
        return valid ? buf[off] & 0x0F : 0;
    }

    /** The M bit. */
    public boolean marker() {
        return valid && (buf[off + 1] & 0x80) != 0;
    }

    /** Payload type, 0..127. */
    public int payloadType() {
        return valid ? buf[off + 1] & 0x7F : 0;
    }

    /** Sequence number, 0..65535. */
    public int sequenceNumber() {
        return valid ? u16(buf, off + 2) : 0;
    }

    /** RTP timestamp as an unsigned 32-bit value. */
    public long timestamp() {
        return valid ? u32(buf, off + 4) : 0;
    }

    /** SSRC as an unsigned 32-bit value. */
    public long ssrc() {
        return valid ? u32(buf, off + 8) : 0;
    }

    /** The {@code i}-th CSRC as an unsigned 32-bit value, or -1 when {@code i} is out of range. */
    public long csrc(int i) {
        if (!valid || i < 0 || i >= csrcCount()) {
            return -1;
        }
        return u32(buf, off + FIXED_HEADER_LENGTH + 4 * i);
    }

    /** Bytes from the start of the packet to the payload: fixed header, CSRCs and extension. */
    public int headerLength() {
        return headerLength;
    }

    /** Absolute offset of the payload in the buffer. */
    public int payloadOffset() {
        return valid ? off + headerLength : 0;
    }

    /** Payload bytes, without padding. */
    public int payloadLength() {
        return valid ? len - headerLength - paddingLength : 0;
    }

    /** Padding bytes at the end, including the count byte; 0 without the P bit. */
    public int paddingLength() {
        return paddingLength;
    }

    /** The extension's "defined by profile" field, or -1 without an extension. */
    public int extensionProfile() {
        return extensionBodyOffset >= 0 ? extensionProfile : -1;
    }

    /**
     * Finds the RFC 8285 extension element with local identifier {@code id}, in either the
     * one-byte (ids 1..14) or the two-byte (ids 1..255) form.
     *
     * @return the absolute offset of the element's data, or -1 when absent (or when the packet
     *     has no extension, uses another profile, or the element would run past the extension);
     *     on success {@link #foundExtensionLength()} holds the data length
     */
    public int findExtension(int id) {
        foundExtensionLength = 0;
        if (!valid || extensionBodyOffset < 0 || id < 1 || id > 255) {
            return -1;
        }
        if (extensionProfile == ONE_BYTE_PROFILE) {
            return id <= 14 ? findOneByte(id) : -1;
        }
        if ((extensionProfile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE) {
            return findTwoByte(id);
        }
        return -1;
    }

    /** Data length of the element the last successful {@link #findExtension} found. */
    public int foundExtensionLength() {
        return foundExtensionLength;
    }

    private int findOneByte(int id) {
        int p = extensionBodyOffset;
        int end = extensionBodyOffset + extensionBodyLength;
        while (p < end) {
            int h = buf[p] & 0xFF;
            int elementId = h >>> 4;
            if (elementId == 0) {
                // Padding byte between or after elements (RFC 8285 section 4.2).
                p++;
                continue;
            }
            if (elementId == ONE_BYTE_RESERVED_ID) {
                // RFC 8285: stop processing the extension at the reserved id.
                return -1;
            }
            int dataLength = (h & 0x0F) + 1;
            if (dataLength > end - p - 1) {
                return -1;
            }
            if (elementId == id) {
                foundExtensionLength = dataLength;
                return p + 1;
            }
            p += 1 + dataLength;
        }
        return -1;
    }

    private int findTwoByte(int id) {
        int p = extensionBodyOffset;
        int end = extensionBodyOffset + extensionBodyLength;
        while (p < end) {
            int elementId = buf[p] & 0xFF;
            if (elementId == 0) {
                p++;
                continue;
            }
            if (p + 1 >= end) {
                return -1;
            }
            int dataLength = buf[p + 1] & 0xFF;
            if (dataLength > end - p - 2) {
                return -1;
            }
            if (elementId == id) {
                foundExtensionLength = dataLength;
                return p + 2;
            }
            p += 2 + dataLength;
        }
        return -1;
    }

    /**
     * The RFC 6464 client-to-mixer audio level carried in extension {@code extId}.
     *
     * @return the level as -dBov, 0 (loudest) .. 127 (silence), or -1 when absent
     */
    public int audioLevel(int extId) {
        int p = findExtension(extId);
        return p < 0 || foundExtensionLength < 1 ? -1 : buf[p] & 0x7F;
    }

    /** The RFC 6464 V flag (the sender believes the packet has voice); false when absent. */
    public boolean voiceActivity(int extId) {
        int p = findExtension(extId);
        return p >= 0 && foundExtensionLength >= 1 && (buf[p] & 0x80) != 0;
    }

    /**
     * Writes a 12-byte fixed header (version 2, no padding, no extension, no CSRC).
     *
     * @return 12, or -1 if it does not fit in {@code b[off .. off+capacity)}
     */
    public static int writeFixedHeader(byte[] b, int off, int capacity, int payloadType, boolean marker,
            int sequenceNumber, long timestamp, long ssrc) {
        if (!fits(b, off, capacity, FIXED_HEADER_LENGTH)) {
            return -1;
        }
        b[off] = (byte) 0x80;
        b[off + 1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        putU16(b, off + 2, sequenceNumber);
        putU32(b, off + 4, timestamp);
        putU32(b, off + 8, ssrc);
        return FIXED_HEADER_LENGTH;
    }

    /** Rewrites the SSRC of the RTP packet at {@code off} in place; false if the header does not fit. */
    public static boolean setSsrc(byte[] b, int off, long ssrc) {
        if (!fits(b, off, FIXED_HEADER_LENGTH, FIXED_HEADER_LENGTH)) {
            return false;
        }
        putU32(b, off + 8, ssrc);
        return true;
    }

    /** Rewrites the sequence number (low 16 bits of {@code seq}) in place; false if the header does not fit. */
    public static boolean setSequenceNumber(byte[] b, int off, int seq) {
        if (!fits(b, off, FIXED_HEADER_LENGTH, FIXED_HEADER_LENGTH)) {
            return false;
        }
        putU16(b, off + 2, seq);
        return true;
    }

    /** Rewrites the timestamp (low 32 bits of {@code timestamp}) in place; false if the header does not fit. */
    public static boolean setTimestamp(byte[] b, int off, long timestamp) {
        if (!fits(b, off, FIXED_HEADER_LENGTH, FIXED_HEADER_LENGTH)) {
            return false;
        }
        putU32(b, off + 4, timestamp);
        return true;
    }

    private static boolean fits(byte[] b, int off, int capacity, int needed) {
        return b != null && off >= 0 && capacity >= needed && off <= b.length - needed;
    }

    static int u16(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    static long u32(byte[] b, int p) {
        return ((long) (b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    static void putU16(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 8);
        b[p + 1] = (byte) v;
    }

    static void putU32(byte[] b, int p, long v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }
}
