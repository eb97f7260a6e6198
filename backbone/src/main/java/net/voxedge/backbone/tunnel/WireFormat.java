package net.voxedge.backbone.tunnel;

/**
 * Sizes and limits of the tunnel wire format (PROTOCOL.md, "Wire layout") and the big-endian
 * accessors the flyweights share. Callers check lengths before they read.
 */
public final class WireFormat {
    /** The only protocol version this code speaks. */
    public static final int VERSION = 1;
    /** Cleartext header: version, type, key id, reserved, link id u32, epoch u48, packet number u48. */
    public static final int HEADER_LENGTH = 20;
    /** AES-GCM tag. */
    public static final int TAG_LENGTH = 16;
    /**
     * Largest datagram we send or accept: 1280 (IPv6 minimum MTU) - 40 (IPv6) - 8 (UDP), so a tunnel
     * datagram never needs fragmentation on any path.
     */
    public static final int MAX_DATAGRAM = 1232;
    /** Smallest datagram that can be authentic: header, empty body, tag. */
    public static final int MIN_DATAGRAM = HEADER_LENGTH + TAG_LENGTH;
    /** Largest plaintext body. */
    public static final int MAX_BODY = MAX_DATAGRAM - HEADER_LENGTH - TAG_LENGTH;
    /** MEDIA body before the payload: session u64, stream u8, flags u8, seq u32, floor u32, media ts u32. */
    public static final int MEDIA_HEADER = 22;
    /** CONTROL body before the payload: session u64, control type u8, flags u8, seq u32, floor u32. */
    public static final int CONTROL_HEADER = 18;
    /** Largest MEDIA payload (one Opus frame is far smaller). */
    public static final int MAX_MEDIA_PAYLOAD = MAX_BODY - MEDIA_HEADER;
    /** Largest CONTROL payload; the same as media so one limit serves callers. */
    public static final int MAX_CONTROL_PAYLOAD = MAX_MEDIA_PAYLOAD;
    /** Media stream ids are 0..254; 255 is the per-session control stream. */
    public static final int CONTROL_STREAM = 255;
    /** Highest media stream id. */
    public static final int MAX_MEDIA_STREAM = 254;
    /** Epoch and packet number are 48-bit fields. */
    public static final long MAX_U48 = (1L << 48) - 1;

    private WireFormat() {
    }

    static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    static int i32(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    static long u48(byte[] b, int off) {
        return ((long) u16(b, off) << 32) | (i32(b, off + 2) & 0xFFFFFFFFL);
    }

    static long i64(byte[] b, int off) {
        return ((long) i32(b, off) << 32) | (i32(b, off + 4) & 0xFFFFFFFFL);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static void put48(byte[] b, int off, long v) {
        put16(b, off, (int) (v >>> 32));
        put32(b, off + 2, (int) v);
    }

    static void put64(byte[] b, int off, long v) {
        put32(b, off, (int) (v >>> 32));
        put32(b, off + 4, (int) v);
    }

    /** Serial-number order for 32-bit sequence numbers (RFC 1982 style): a before b. */
    static boolean seqBefore(int a, int b) {
        return a - b < 0;
    }
}
