package net.voxedge.backbone.codec;

/**
 * PCM16 24 kHz → 48 kHz: zero-stuffing, then the {@link HalfBandFilter} low-pass (gain 2) as two
 * polyphase branches — one a plain delayed copy (the half-band centre tap), the other the
 * symmetric pairs. Streams across calls; allocation-free; not thread-safe. Delay:
 * {@value HalfBandFilter#CENTER} samples at 48 kHz (~1 ms).
 */
public final class Upsampler24kTo48k {
    private static final int K = HalfBandFilter.TAP_PAIRS;
    private static final int HISTORY = 2 * K - 1;
    private static final int CHUNK = 2880;

    private final float[] taps = HalfBandFilter.pairTaps();
    private final float[] x = new float[HISTORY + CHUNK];

    /**
     * Writes {@code 2 * len} samples at 48 kHz into {@code out[outOff ..]} for
     * {@code in[inOff .. inOff+len)} at 24 kHz; returns {@code 2 * len}.
     */
    public int process(short[] in, int inOff, int len, short[] out, int outOff) {
        int produced = 0;
        while (len > 0) {
            int n = Math.min(len, CHUNK);
            chunk(in, inOff, n, out, outOff + produced);
            produced += 2 * n;
            inOff += n;
            len -= n;
        }
        return produced;
    }

    private void chunk(short[] in, int inOff, int n, short[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            x[HISTORY + i] = in[inOff + i];
        }
        final float[] h = taps;
        for (int i = 0; i < n; i++) {
            int m = HISTORY + i; // the newest input sample
            float acc = 0;
            for (int j = 0; j < K; j++) {
                acc += h[j] * (x[m - (K - 1 - j)] + x[m - (K + j)]);
            }
            out[outOff + 2 * i] = HalfBandFilter.toPcm16(2 * acc);
            out[outOff + 2 * i + 1] = HalfBandFilter.toPcm16(x[m - (K - 1)]);
        }
        System.arraycopy(x, n, x, 0, HISTORY);
    }

    /** Forgets the history (a new, unrelated stream follows). */
    public void reset() {
        java.util.Arrays.fill(x, 0f);
    }
}
