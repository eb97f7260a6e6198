package net.voxedge.backbone.codec;

/**
 * The user's direction for one session: an Opus packet (48 kHz, from a WebRTC client) → PCM16 at
 * 24 kHz, the rate Realtime models take. Checks the packet's framing before decoding, conceals
 * lost packets with the decoder's PLC, and reuses its buffers: a frame allocates nothing here
 * (what the codec library allocates inside is measured in BENCHMARKS.md). Not thread-safe.
 */
public final class UplinkTranscoder implements AutoCloseable {
    /** Output samples at 24 kHz one packet can produce at most (120 ms + the resampler's phase). */
    public static final int MAX_OUTPUT_SAMPLES = Downsampler48kTo24k.maxOutput(OpusToc.MAX_PACKET_SAMPLES_48K);

    private final OpusDecoderEngine decoder;
    private final Downsampler48kTo24k downsampler = new Downsampler48kTo24k();
    private final short[] pcm48 = new short[OpusToc.MAX_PACKET_SAMPLES_48K];
    private final int maxPacketSamples;

    /**
     * @param codec            the Opus implementation
     * @param maxPacketSamples the longest packet accepted, in 48 kHz samples (960 = 20 ms only;
     *                         {@link OpusToc#MAX_PACKET_SAMPLES_48K} = anything Opus allows)
     */
    public UplinkTranscoder(OpusCodec codec, int maxPacketSamples) {
        if (maxPacketSamples < 120 || maxPacketSamples > OpusToc.MAX_PACKET_SAMPLES_48K) {
            throw new IllegalArgumentException("maxPacketSamples must be 120..5760, got " + maxPacketSamples);
        }
        this.decoder = codec.newDecoder();
        this.maxPacketSamples = maxPacketSamples;
    }

    /**
     * Decodes one packet and resamples it into {@code out24k[outOff ..]} (room for
     * {@link #MAX_OUTPUT_SAMPLES}); returns the number of 24 kHz samples, or a negative
     * {@link OpusPacketError#code()} (the packet is then dropped and the stream state is unchanged).
     */
    public int transcode(byte[] packet, int off, int len, short[] out24k, int outOff) {
        if (len > OpusCodec.MAX_PACKET_BYTES) {
            return OpusPacketError.TOO_LARGE.code();
        }
        int samples = OpusToc.packetSamples48k(packet, off, len);
        if (samples < 0) {
            return samples;
        }
        if (samples > maxPacketSamples) {
            return OpusPacketError.UNEXPECTED_DURATION.code();
        }
        // A stereo packet is legal too: the mono decoder downmixes it.
        int decoded = decoder.decode(packet, off, len, pcm48, 0, pcm48.length);
        if (decoded < 0) {
            return decoded;
        }
        return downsampler.process(pcm48, 0, decoded, out24k, outOff);
    }

    /**
     * Conceals one lost packet of {@code samples48k} (e.g. 960 for a 20 ms frame) with Opus PLC and
     * writes the 24 kHz result; returns the sample count or a negative code.
     */
    public int conceal(int samples48k, short[] out24k, int outOff) {
        int n = Math.min(Math.max(samples48k, 120), OpusToc.MAX_PACKET_SAMPLES_48K);
        int decoded = decoder.conceal(pcm48, 0, n - n % 120);
        if (decoded < 0) {
            return decoded;
        }
        return downsampler.process(pcm48, 0, decoded, out24k, outOff);
    }

    @Override
    public void close() {
        decoder.close();
    }
}
