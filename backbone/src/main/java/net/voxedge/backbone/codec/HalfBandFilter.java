package net.voxedge.backbone.codec;

/**
 * The low-pass both 2:1 resamplers share: a Kaiser-windowed sinc with its cut-off at a quarter of
 * the 48 kHz rate (12 kHz), i.e. a half-band FIR. Every other tap of a half-band filter is zero and
 * the taps are symmetric, so only {@link #TAP_PAIRS} distinct coefficients are multiplied.
 *
 * <p>Why hand-written: Concentus 1.0.2 keeps its SILK resampler package-private and ships no Speex
 * resampler, and a 2:1 half-band FIR is a textbook design in a few lines. With 95 taps and a Kaiser
 * β of 8.0 the pass band is flat to ~10.5 kHz and the stop band (from ~13.5 kHz) is ~80 dB down:
 * a 15 kHz tone does not alias into the 24 kHz signal (tested).
 */
final class HalfBandFilter {
    /** Non-zero symmetric coefficient pairs (K); the filter has {@code 4K - 1} taps. */
    static final int TAP_PAIRS = 24;
    /** Filter length. */
    static final int LENGTH = 4 * TAP_PAIRS - 1;
    /** Index of the centre tap (0.5), which is also the filter's delay in 48 kHz samples. */
    static final int CENTER = (LENGTH - 1) / 2;
    private static final double KAISER_BETA = 8.0;

    private HalfBandFilter() {}

    /**
     * The pair coefficients: {@code h[CENTER ± (2j + 1)]} for j = 0..K-1, scaled so that the
     * filter's DC gain is exactly 1 (the pairs sum to 0.25 each side of the 0.5 centre).
     */
    static float[] pairTaps() {
        double[] taps = new double[TAP_PAIRS];
        double sum = 0;
        for (int j = 0; j < TAP_PAIRS; j++) {
            int offset = 2 * j + 1;
            double x = offset / 2.0;
            double sinc = Math.sin(Math.PI * x) / (Math.PI * x);
            double ratio = (double) offset / CENTER;
            double window = besselI0(KAISER_BETA * Math.sqrt(1 - ratio * ratio)) / besselI0(KAISER_BETA);
            taps[j] = 0.5 * sinc * window;
            sum += 2 * taps[j];
        }
        float[] out = new float[TAP_PAIRS];
        for (int j = 0; j < TAP_PAIRS; j++) {
            out[j] = (float) (taps[j] * 0.5 / sum);
        }
        return out;
    }

    /** Modified Bessel function of the first kind, order 0 (power series; converges fast for β ≤ 10). */
    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double quarterSquare = x * x / 4;
        for (int k = 1; k < 50; k++) {
            term *= quarterSquare / ((double) k * k);
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }

    /** PCM16 from a float sample: rounded and saturated. */
    static short toPcm16(float v) {
        int r = Math.round(v);
        return (short) (r > Short.MAX_VALUE ? Short.MAX_VALUE : Math.max(r, Short.MIN_VALUE));
    }
}
