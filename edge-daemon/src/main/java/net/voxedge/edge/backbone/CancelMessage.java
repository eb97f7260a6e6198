package net.voxedge.edge.backbone;

/**
 * The 12-byte payload of the edge's CANCEL control (barge-in), big-endian: u32 user media
 * timestamp of the packet that carried the onset, u32 ms of agent audio the user heard of the
 * cancelled response, u32 that response's tag.
 *
 * <p>Private to the edge until the gateway's 12-byte {@code CancelPayload} lands; the byte
 * layout is the contract both follow.
 */
public final class CancelMessage {
    /** Payload length. */
    public static final int LENGTH = 12;

    private CancelMessage() {
    }

    /** Writes the payload; returns {@link #LENGTH}. */
    public static int write(byte[] out, int off, int userMediaTs, int agentPlayedMs, int responseTag) {
        put32(out, off, userMediaTs);
        put32(out, off + 4, agentPlayedMs);
        put32(out, off + 8, responseTag);
        return LENGTH;
    }

    /** True when a payload has the CANCEL layout. */
    public static boolean valid(int len) {
        return len == LENGTH;
    }

    /** User media timestamp of a valid payload. */
    public static int userMediaTs(byte[] b, int off) {
        return get32(b, off);
    }

    /** Agent ms played of a valid payload. */
    public static int agentPlayedMs(byte[] b, int off) {
        return get32(b, off + 4);
    }

    /** Response tag of a valid payload. */
    public static int responseTag(byte[] b, int off) {
        return get32(b, off + 8);
    }

    private static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static int get32(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }
}
