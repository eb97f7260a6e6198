package net.voxedge.backbone.codec;

/**
 * The agent's direction for one session: PCM16 at 24 kHz in chunks of any size (as a model
 * streams it) → 48 kHz → exact 20 ms frames → Opus packets handed to a {@link FrameSink}, which
 * is what the edge paces out. Reuses its buffers; not thread-safe.
 */
public final class DownlinkTranscoder implements AutoCloseable {
    private static final int CHUNK_24K = 480;

    private final OpusEncoderEngine encoder;
    private final Upsampler24kTo48k upsampler = new Upsampler24kTo48k();
    private final short[] pcm48 = new short[2 * CHUNK_24K];
    private final short[] frame = new short[OpusCodec.FRAME_SAMPLES];
    private final short[] drain = new short[HalfBandFilter.TAP_PAIRS];
    private final byte[] packet = new byte[OpusCodec.MAX_PACKET_BYTES];
    private final FrameSink sink;
    private int filled;
    private long encoderFailures;

    /** A transcoder that hands every finished frame to {@code sink}. */
    public DownlinkTranscoder(OpusCodec codec, OpusEncoderSettings settings, FrameSink sink) {
        this.encoder = codec.newEncoder(settings);
        this.sink = sink;
    }

    /** Appends {@code len} samples at 24 kHz; returns how many whole frames went to the sink. */
    public int push(short[] pcm24k, int off, int len) {
        int frames = 0;
        while (len > 0) {
            int n = Math.min(len, CHUNK_24K);
            int produced = upsampler.process(pcm24k, off, n, pcm48, 0);
            frames += append(pcm48, produced);
            off += n;
            len -= n;
        }
        return frames;
    }

    /**
     * Ends a response: lets the resampler's last millisecond out, pads the last partial frame with
     * silence and encodes it, so that nothing the model said is lost. Returns the frames emitted.
     */
    public int flush() {
        int frames = 0;
        if (filled > 0) {
            int produced = upsampler.process(drain, 0, drain.length, pcm48, 0);
            frames += append(pcm48, Math.min(produced, OpusCodec.FRAME_SAMPLES - filled));
        }
        if (filled > 0) {
            java.util.Arrays.fill(frame, filled, OpusCodec.FRAME_SAMPLES, (short) 0);
            filled = OpusCodec.FRAME_SAMPLES;
            frames += emit();
        }
        upsampler.reset();
        return frames;
    }

    /** Drops a partial frame and the resampler history (the response was cancelled). */
    public void discard() {
        filled = 0;
        upsampler.reset();
    }

    /** Frames the encoder refused (should stay 0). */
    public long encoderFailures() {
        return encoderFailures;
    }

    private int append(short[] src, int len) {
        int frames = 0;
        int off = 0;
        while (len > 0) {
            int n = Math.min(len, OpusCodec.FRAME_SAMPLES - filled);
            System.arraycopy(src, off, frame, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == OpusCodec.FRAME_SAMPLES) {
                frames += emit();
            }
        }
        return frames;
    }

    private int emit() {
        filled = 0;
        int n = encoder.encode(frame, 0, OpusCodec.FRAME_SAMPLES, packet, 0, packet.length);
        if (n < 0) {
            encoderFailures++;
            return 0;
        }
        sink.onFrame(packet, 0, n);
        return 1;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
