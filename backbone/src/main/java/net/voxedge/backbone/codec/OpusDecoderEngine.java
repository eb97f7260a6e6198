package net.voxedge.backbone.codec;

/**
 * One mono 48 kHz Opus decoder (one per session and direction: it keeps state between frames).
 * Never throws on packet content: errors come back as negative {@link OpusPacketError#code()}s.
 * Not thread-safe.
 */
public interface OpusDecoderEngine extends AutoCloseable {
    /**
     * Decodes one packet into {@code pcm[pcmOff ..]}; returns the number of samples written or a
     * negative {@link OpusPacketError#code()}. The caller checks the framing first ({@link OpusToc})
     * and passes room for at least that many samples in {@code maxSamples}.
     */
    int decode(byte[] packet, int off, int len, short[] pcm, int pcmOff, int maxSamples);

    /**
     * Packet loss concealment: writes {@code samples} (a multiple of 2.5 ms, at most 120 ms) of
     * audio the decoder extrapolates from what it has heard, for a frame that never arrived.
     */
    int conceal(short[] pcm, int pcmOff, int samples);

    /** Frees the decoder (native memory for native implementations). Idempotent. */
    @Override
    void close();
}
