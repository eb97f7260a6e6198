package net.voxedge.edge.backbone;

/**
 * The payload of an agent audio frame on the tunnel (gateway → edge, stream
 * {@value #STREAM}, best effort): u32 big-endian response tag, then one 20 ms Opus frame. The
 * frame's media timestamp (the tunnel header's) is its position in the response at 48 kHz.
 *
 * <p>Private to the edge until the gateway's {@code net.voxedge.backbone.tunnel.AgentAudioPayload}
 * lands; the byte layout is the contract both follow.
 */
public final class AgentAudioFrame {
    /** The tunnel stream agent audio arrives on. */
    public static final int STREAM = 1;
    /** Bytes before the Opus frame. */
    public static final int HEADER = 4;
    /** The largest Opus frame the edge's pacer takes (its slot size). */
    public static final int MAX_OPUS = 1275;

    private AgentAudioFrame() {
    }

    /** True when a payload of {@code len} bytes holds a tag and a non-empty frame no larger than {@link #MAX_OPUS}. */
    public static boolean valid(int len) {
        return len > HEADER && len <= HEADER + MAX_OPUS;
    }

    /** The response tag of a valid payload. */
    public static int tag(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }

    /** Writes a payload (tests and tools); returns its length. */
    public static int write(byte[] out, int off, int tag, byte[] opus, int opusOff, int opusLen) {
        out[off] = (byte) (tag >>> 24);
        out[off + 1] = (byte) (tag >>> 16);
        out[off + 2] = (byte) (tag >>> 8);
        out[off + 3] = (byte) tag;
        System.arraycopy(opus, opusOff, out, off + HEADER, opusLen);
        return HEADER + opusLen;
    }
}
