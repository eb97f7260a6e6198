package net.voxedge.backbone.tunnel;

/**
 * The 12-byte payload of a {@link ControlType#CANCEL} message (edge → cluster, barge-in): the user
 * started speaking at media timestamp {@code userMediaTs} (48 kHz, user stream clock), agent audio
 * had played {@code agentPlayedMs} milliseconds of the reply, and that reply is the one the gateway
 * tagged {@code responseTag} in its agent audio ({@link AgentAudioPayload}). The tag lets the
 * gateway cancel exactly the response the user heard, even when a newer one already started.
 *
 * <p>Layout: {@code userMediaTs u32 | agentPlayedMs u32 | responseTag u32}, big-endian.
 */
public final class CancelPayload {
    /** Payload length. */
    public static final int LENGTH = 12;

    private CancelPayload() {
    }

    /** Writes the payload at {@code out[off..off+12)}; returns {@link #LENGTH}. */
    public static int write(byte[] out, int off, int userMediaTs, int agentPlayedMs, int responseTag) {
        WireFormat.put32(out, off, userMediaTs);
        WireFormat.put32(out, off + 4, agentPlayedMs);
        WireFormat.put32(out, off + 8, responseTag);
        return LENGTH;
    }

    /** True when a payload of {@code len} bytes has the CANCEL layout. */
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

    /** Response tag of the agent audio that was playing, of a valid payload. */
    public static int responseTag(byte[] buf, int off) {
        return WireFormat.i32(buf, off + 8);
    }
}
