package net.voxedge.backbone.codec;

/**
 * PCM16 48 kHz → 24 kHz: {@link HalfBandFilter} low-pass, then every second sample. Streams across
 * calls (the filter history and the decimation phase carry over), so frames of any length —
 * even odd ones — join seamlessly. One per session and direction; allocation-free; not thread-safe.
 * Delay: {@value HalfBandFilter#CENTER} samples at 48 kHz (~1 ms).
 */
public final class Downsampler48kTo24k {
    private static final int HISTORY = HalfBandFilter.LENGTH - 1;
    private static final int CHUNK = OpusToc.MAX_PACKET_SAMPLES_48K;

    private final float[] taps = HalfBandFilter.pairTaps();
    private final float[] x = new float[HISTORY + CHUNK];
    /** Whether the next input sample completes an output (decimation phase). */
    private boolean emitNext = true;

    /** Output samples that {@code inputSamples} more input can produce at most (for sizing buffers). */
    public static int maxOutput(int inputSamples) {
        return inputSamples / 2 + 1;
    }

    /**
     * Filters and decimates {@code in[inOff .. inOff+len)} into {@code out[outOff ..]} (room for
     * {@link #maxOutput(int)} samples needed); returns the number of output samples.
     */
    public int process(short[] in, int inOff, int len, short[] out, int outOff) {
        int produced = 0;
        while (len > 0) {
            int n = Math.min(len, CHUNK);
            produced += chunk(in, inOff, n, out, outOff + produced);
            inOff += n;
            len -= n;
        }
        return produced;
    }

    private int chunk(short[] in, int inOff, int n, short[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            x[HISTORY + i] = in[inOff + i];
        }
        int produced = 0;
        final float[] h = taps;
        for (int i = 0; i < n; i++) {
            if (emitNext) {
                int center = HISTORY + i - HalfBandFilter.CENTER; // the newest sample is x[HISTORY + i]
                float acc = 0.5f * x[center];
                for (int j = 0; j < h.length; j++) {
                    int d = 2 * j + 1;
                    acc += h[j] * (x[center - d] + x[center + d]);
                }
                out[outOff + produced++] = HalfBandFilter.toPcm16(acc);
            }
            emitNext = !emitNext;
        }
        System.arraycopy(x, n, x, 0, HISTORY);
        return produced;
    }

    /** Forgets the history (a new, unrelated stream follows). */
    public void reset() {
        java.util.Arrays.fill(x, 0f);
        emitNext = true;
    }
}
