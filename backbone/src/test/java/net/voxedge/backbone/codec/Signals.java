package net.voxedge.backbone.codec;

/** Test signals and the measurements the codec, agent and adapter tests assert on. */
public final class Signals {
    private Signals() {}

    /** A sine of {@code hz} at {@code rate}, {@code amplitude} of full scale, {@code n} samples. */
    public static short[] sine(double hz, int rate, double amplitude, int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    /** Root mean square of {@code s[from .. to)}. */
    public static double rms(short[] s, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) s[i] * s[i];
        }
        return to > from ? Math.sqrt(sum / (to - from)) : 0;
    }

    /** Frequency estimated from rising zero crossings over {@code s[from .. to)}. */
    public static double zeroCrossingHz(short[] s, int from, int to, int rate) {
        int first = -1;
        int last = -1;
        int count = 0;
        for (int i = from + 1; i < to; i++) {
            if (s[i - 1] < 0 && s[i] >= 0) {
                if (first < 0) {
                    first = i;
                } else {
                    count++;
                }
                last = i;
            }
        }
        return count == 0 ? 0 : (double) count * rate / (last - first);
    }

    /**
     * The lag in {@code [0, maxLag]} at which {@code b} best matches {@code a} (b[i + lag] ≈ a[i]),
     * by normalized cross-correlation over {@code a[from .. to)}.
     */
    public static int bestLag(short[] a, short[] b, int from, int to, int maxLag) {
        int best = 0;
        double bestCorr = Double.NEGATIVE_INFINITY;
        for (int lag = 0; lag <= maxLag; lag++) {
            if (to + lag > b.length) {
                break;
            }
            double c = correlation(a, from, b, from + lag, to - from);
            if (c > bestCorr) {
                bestCorr = c;
                best = lag;
            }
        }
        return best;
    }

    /** Normalized cross-correlation of {@code a[aOff ..]} and {@code b[bOff ..]} over {@code n} samples. */
    public static double correlation(short[] a, int aOff, short[] b, int bOff, int n) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < n; i++) {
            double x = a[aOff + i];
            double y = b[bOff + i];
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
    }

    /** Concatenates arrays. */
    public static short[] concat(short[]... parts) {
        int n = 0;
        for (short[] p : parts) {
            n += p.length;
        }
        short[] out = new short[n];
        int off = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }
}
