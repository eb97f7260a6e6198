package net.voxedge.backbone.codec;

/**
 * One mono 48 kHz Opus encoder (VOIP application). Not thread-safe; never throws on input:
 * failures come back as a negative {@link OpusPacketError#code()}.
 */
public interface OpusEncoderEngine extends AutoCloseable {
    /**
     * Encodes exactly one frame of {@code samples} (120, 240, 480, 960, 1920 or 2880) from
     * {@code pcm[off ..]} into {@code out[outOff ..]}; returns the packet length or a negative code.
     */
    int encode(short[] pcm, int off, int samples, byte[] out, int outOff, int maxBytes);

    /** Frees the encoder. Idempotent. */
    @Override
    void close();
}
