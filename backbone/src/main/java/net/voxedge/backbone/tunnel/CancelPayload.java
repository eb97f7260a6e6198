package net.voxedge.backbone.tunnel;

/**
 * The 8-byte payload of a {@link ControlType#CANCEL} message: the user started speaking at media
 * timestamp {@code userMediaTs} (48 kHz, user stream clock), and agent audio had played up to
 * {@code agentPlayedMs} milliseconds of the current reply.
 */
public final class CancelPayload {
    /** Payload length. */
    public static final int LENGTH = 8;

    private CancelPayload() {
    }

    /** Writes the payload; returns {@link #LENGTH}. */
    public static int write(byte[] out, int off, int userMediaTs, int agentPlayedMs) {
        WireFormat.put32(out, off, userMediaTs);
        WireFormat.put32(out, off + 4, agentPlayedMs);
        return LENGTH;
    }

    /** True when a payload has the CANCEL layout. */
    public static boolean valid(int len) {
        return len == LENGTH;
    }

    /** User media timestamp of a valid payload. */
    public static int userMediaTs(byte[] buf, int off) {
        return WireFormat.i32(buf, off);
    }

    /** Agent audio played, ms, of a valid payload. */
    public static int agentPlayedMs(byte[] buf, int off) {
        return WireFormat.i32(buf, off + 4);
    }
}
