package net.voxedge.backbone.tunnel;

/**
 * The payload of an agent audio frame (cluster → edge, stream {@link #STREAM}, best effort):
 * {@code responseTag u32 | one 20 ms Opus frame}. The response tag is the gateway's number for the
 * model response the frame belongs to (1, 2, 3, … per session); the edge names it back in a
 * {@link CancelPayload} on barge-in, and sees from a tag change that a new response started.
 *
 * <p>Static helpers on caller-owned arrays: nothing allocates, nothing throws on any length.
 */
public final class AgentAudioPayload {
    /** Bytes before the Opus frame. */
    public static final int HEADER = 4;
    /** Tunnel stream id of user audio (edge → cluster, reliable). */
    public static final int USER_STREAM = 0;
    /** Tunnel stream id of agent audio (cluster → edge, best effort). */
    public static final int STREAM = 1;
    /** Longest Opus frame that fits one tunnel media payload. */
    public static final int MAX_OPUS = WireFormat.MAX_MEDIA_PAYLOAD - HEADER;

    private AgentAudioPayload() {
    }

    /**
     * Writes tag and Opus frame at {@code out[off..)}; returns the payload length
     * ({@code HEADER + opusLen}), or -1 (nothing written) when the frame is empty, longer than
     * {@link #MAX_OPUS}, or a range lies outside its array.
     */
    public static int write(byte[] out, int off, int responseTag, byte[] opus, int opusOff, int opusLen) {
        if (out == null || opus == null || opusLen <= 0 || opusLen > MAX_OPUS
                || off < 0 || off > out.length - HEADER - opusLen
                || opusOff < 0 || opusOff > opus.length - opusLen) {
            return -1;
        }
        WireFormat.put32(out, off, responseTag);
        System.arraycopy(opus, opusOff, out, off + HEADER, opusLen);
        return HEADER + opusLen;
    }

    /** True when a payload of {@code len} bytes holds a tag and a non-empty Opus frame that fits. */
    public static boolean valid(int len) {
        return len > HEADER && len <= WireFormat.MAX_MEDIA_PAYLOAD;
    }

    /** Response tag of a valid payload starting at {@code off}. */
    public static int responseTag(byte[] b, int off) {
        return WireFormat.i32(b, off);
    }

    /** Offset of the Opus frame in a payload starting at {@code off}. */
    public static int opusOffset(int off) {
        return off + HEADER;
    }

    /** Length of the Opus frame in a valid payload of {@code len} bytes. */
    public static int opusLength(int len) {
        return len - HEADER;
    }
}
