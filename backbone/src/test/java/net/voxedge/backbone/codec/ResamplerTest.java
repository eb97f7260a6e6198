package net.voxedge.backbone.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ResamplerTest {
    private static short[] down(short[] in48) {
        short[] out = new short[Downsampler48kTo24k.maxOutput(in48.length)];
        int n = new Downsampler48kTo24k().process(in48, 0, in48.length, out, 0);
        return java.util.Arrays.copyOf(out, n);
    }

    private static short[] up(short[] in24) {
        short[] out = new short[2 * in24.length];
        new Upsampler24kTo48k().process(in24, 0, in24.length, out, 0);
        return out;
    }

    @Test
    void oneKilohertzKeepsItsFrequencyAndLevelGoingDown() {
        short[] in = Signals.sine(1000, 48_000, 0.5, 48_000);
        short[] out = down(in);
        assertThat(out).hasSize(24_000);
        assertThat(Signals.zeroCrossingHz(out, 1000, out.length, 24_000)).isCloseTo(1000, within(2.0));
        assertThat(Signals.rms(out, 1000, out.length)).isCloseTo(Signals.rms(in, 2000, in.length), within(100.0));
    }

    @Test
    void oneKilohertzKeepsItsFrequencyAndLevelGoingUp() {
        short[] in = Signals.sine(1000, 24_000, 0.5, 24_000);
        short[] out = up(in);
        assertThat(Signals.zeroCrossingHz(out, 2000, out.length, 48_000)).isCloseTo(1000, within(2.0));
        assertThat(Signals.rms(out, 2000, out.length)).isCloseTo(Signals.rms(in, 1000, in.length), within(100.0));
    }

    @Test
    void roundTrip24To48To24IsNearlyLossless() {
        // Speech-band content: a mix of tones well inside the pass band.
        short[] a = Signals.sine(300, 24_000, 0.3, 24_000);
        short[] b = Signals.sine(2200, 24_000, 0.2, 24_000);
        short[] c = Signals.sine(7000, 24_000, 0.1, 24_000);
        short[] in = new short[24_000];
        for (int i = 0; i < in.length; i++) {
            in[i] = (short) (a[i] + b[i] + c[i]);
        }
        short[] back = down(up(in));
        int delay = HalfBandFilter.CENTER; // 24 kHz samples: half of it on each leg
        assertThat(Signals.bestLag(in, back, 1000, 20_000, 200)).isEqualTo(delay);
        double err = 0;
        double sig = 0;
        for (int i = 1000; i < 20_000; i++) {
            double d = back[i + delay] - in[i];
            err += d * d;
            sig += (double) in[i] * in[i];
        }
        double snrDb = 10 * Math.log10(sig / err);
        assertThat(snrDb).isGreaterThan(50);
    }

    @Test
    void fifteenKilohertzIsRemovedGoingTo24k() {
        // 15 kHz is above 24 kHz's Nyquist: plain decimation would fold it to 9 kHz at full level.
        short[] in = Signals.sine(15_000, 48_000, 0.8, 48_000);
        short[] out = down(in);
        double ratioDb = 20 * Math.log10(Signals.rms(out, 1000, out.length) / Signals.rms(in, 0, in.length));
        assertThat(ratioDb).isLessThan(-60);
    }

    @Test
    void chunkingDoesNotChangeTheOutput() {
        short[] in = Signals.sine(1234, 48_000, 0.5, 9_601);
        short[] whole = down(in);
        Downsampler48kTo24k d = new Downsampler48kTo24k();
        short[] pieces = new short[whole.length + 10];
        int produced = 0;
        int off = 0;
        int[] sizes = {1, 7, 960, 333, 2, 5760, 1};
        for (int i = 0; off < in.length; i++) {
            int n = Math.min(sizes[i % sizes.length], in.length - off);
            produced += d.process(in, off, n, pieces, produced);
            off += n;
        }
        assertThat(java.util.Arrays.copyOf(pieces, produced)).isEqualTo(whole);

        short[] in24 = Signals.sine(1234, 24_000, 0.5, 7_001);
        short[] wholeUp = up(in24);
        Upsampler24kTo48k u = new Upsampler24kTo48k();
        short[] piecesUp = new short[wholeUp.length];
        int upOff = 0;
        int outOff = 0;
        for (int i = 0; upOff < in24.length; i++) {
            int n = Math.min(sizes[i % sizes.length], in24.length - upOff);
            outOff += u.process(in24, upOff, n, piecesUp, outOff);
            upOff += n;
        }
        assertThat(piecesUp).isEqualTo(wholeUp);
    }

    @Test
    void fullScaleSaturatesInsteadOfWrapping() {
        // A full-scale square wave: the filters' overshoot (Gibbs) goes past full scale. Clipped, the
        // output still follows the input; wrapped around to the other sign, it would not.
        short[] square = new short[4800];
        for (int i = 0; i < square.length; i++) {
            square[i] = (i / 24) % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE;
        }
        short[] out = up(down(square));
        int lag = Signals.bestLag(square, out, 200, 4000, 400);
        assertThat(Signals.correlation(square, 200, out, 200 + lag, 3800)).isGreaterThan(0.95);
        int clipped = 0;
        for (int i = 200; i < 4000; i++) {
            if (out[i] == Short.MAX_VALUE || out[i] == Short.MIN_VALUE) {
                clipped++;
            }
        }
        assertThat(clipped).isPositive();
    }
}
