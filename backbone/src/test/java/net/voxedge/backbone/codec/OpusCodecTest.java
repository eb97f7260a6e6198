package net.voxedge.backbone.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OpusCodecTest {
    private static final int FRAME = OpusCodec.FRAME_SAMPLES;

    static java.util.stream.Stream<OpusCodec> codecs() {
        return Codecs.available();
    }

    private static List<byte[]> encode(OpusCodec codec, short[] pcm) {
        List<byte[]> packets = new ArrayList<>();
        byte[] buf = new byte[OpusCodec.MAX_PACKET_BYTES];
        try (OpusEncoderEngine enc = codec.newEncoder(OpusEncoderSettings.VOICE)) {
            for (int off = 0; off + FRAME <= pcm.length; off += FRAME) {
                int n = enc.encode(pcm, off, FRAME, buf, 0, buf.length);
                assertThat(n).as("encoded bytes").isPositive();
                packets.add(java.util.Arrays.copyOf(buf, n));
            }
        }
        return packets;
    }

    private static short[] decode(OpusCodec codec, List<byte[]> packets) {
        short[] out = new short[packets.size() * FRAME];
        try (OpusDecoderEngine dec = codec.newDecoder()) {
            int off = 0;
            for (byte[] p : packets) {
                assertThat(OpusToc.packetSamples48k(p, 0, p.length)).isEqualTo(FRAME);
                int n = dec.decode(p, 0, p.length, out, off, FRAME);
                assertThat(n).isEqualTo(FRAME);
                off += n;
            }
        }
        return out;
    }

    private static void assertCarriesTheSine(short[] in, short[] out) {
        int lag = Signals.bestLag(in, out, 4800, 40_000, 960);
        double corr = Signals.correlation(in, 4800, out, 4800 + lag, 40_000 - 4800);
        assertThat(corr).as("correlation at lag %d", lag).isGreaterThan(0.95);
        assertThat(Signals.zeroCrossingHz(out, 4800, 40_000, 48_000)).isCloseTo(440, within(3.0));
        assertThat(Signals.rms(out, 4800, 40_000)).isCloseTo(Signals.rms(in, 4800, 40_000), within(0.2 * Signals.rms(in, 0, in.length)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codecs")
    void roundTripKeepsA440HzSine(OpusCodec codec) {
        short[] in = Signals.sine(440, 48_000, 0.4, 48_000);
        List<byte[]> packets = encode(codec, in);
        assertThat(packets).hasSize(50);
        // ~32 kb/s: 80 bytes per 20 ms frame on average, give or take VBR.
        int total = packets.stream().mapToInt(p -> p.length).sum();
        assertThat(total * 8 / 1.0).isBetween(16_000.0, 48_000.0);
        assertCarriesTheSine(in, decode(codec, packets));
    }

    @Test
    void concentusAndLibopusUnderstandEachOther() {
        NativeOpusCodec.Loaded loaded = NativeOpusCodec.load();
        Assumptions.assumeTrue(loaded.codec().isPresent(), () -> "libopus not usable: " + loaded.failure());
        short[] in = Signals.sine(440, 48_000, 0.4, 48_000);
        assertCarriesTheSine(in, decode(loaded.codec().get(), encode(ConcentusOpusCodec.INSTANCE, in)));
        assertCarriesTheSine(in, decode(ConcentusOpusCodec.INSTANCE, encode(loaded.codec().get(), in)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codecs")
    void lostFramesAreConcealedAndDecodingGoesOn(OpusCodec codec) {
        short[] in = Signals.sine(440, 48_000, 0.4, 48_000);
        List<byte[]> packets = encode(codec, in);
        short[] out = new short[FRAME];
        try (OpusDecoderEngine dec = codec.newDecoder()) {
            for (int i = 0; i < 20; i++) {
                assertThat(dec.decode(packets.get(i), 0, packets.get(i).length, out, 0, FRAME)).isEqualTo(FRAME);
            }
            // Frame 20 is lost: PLC extrapolates the tone, so the gap is not silent.
            assertThat(dec.conceal(out, 0, FRAME)).isEqualTo(FRAME);
            assertThat(Signals.rms(out, 0, FRAME)).isGreaterThan(500);
            assertThat(dec.decode(packets.get(21), 0, packets.get(21).length, out, 0, FRAME)).isEqualTo(FRAME);
            assertThat(Signals.rms(out, 0, FRAME)).isGreaterThan(3000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codecs")
    void garbageNeverThrows(OpusCodec codec) {
        java.util.Random random = new java.util.Random(7);
        short[] out = new short[OpusToc.MAX_PACKET_SAMPLES_48K];
        byte[] p = new byte[400];
        try (OpusDecoderEngine dec = codec.newDecoder()) {
            for (int i = 0; i < 2000; i++) {
                random.nextBytes(p);
                int len = 1 + random.nextInt(p.length);
                int expect = OpusToc.packetSamples48k(p, 0, len);
                int n = dec.decode(p, 0, len, out, 0, out.length);
                if (n >= 0) {
                    assertThat(n).isEqualTo(expect);
                }
            }
            assertThat(dec.decode(p, 0, 0, out, 0, out.length)).isEqualTo(OpusPacketError.EMPTY.code());
        }
    }

    @Test
    void libopusLoadsOnThisMachineOrSaysWhy() {
        NativeOpusCodec.Loaded loaded = NativeOpusCodec.load();
        if (loaded.codec().isPresent()) {
            assertThat(loaded.codec().get().version()).startsWith("libopus");
            assertThat(loaded.failure()).isNull();
        } else {
            assertThat(loaded.failure()).contains(NativeOpusCodec.LIBRARY);
        }
    }

    @Test
    void settingsOutsideOpusRangesAreRefusedWithTheirName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OpusEncoderSettings(1000, 5))
                .hasMessageContaining("bitrate");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OpusEncoderSettings(32_000, 11))
                .hasMessageContaining("complexity");
    }
}
