package net.voxedge.bench;

import java.util.concurrent.TimeUnit;
import net.voxedge.backbone.codec.ConcentusOpusCodec;
import net.voxedge.backbone.codec.DownlinkTranscoder;
import net.voxedge.backbone.codec.NativeOpusCodec;
import net.voxedge.backbone.codec.OpusCodec;
import net.voxedge.backbone.codec.OpusDecoderEngine;
import net.voxedge.backbone.codec.OpusEncoderEngine;
import net.voxedge.backbone.codec.OpusEncoderSettings;
import net.voxedge.backbone.codec.UplinkTranscoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per-20-ms-frame cost of the gateway's transcoding, Concentus against libopus (FFM), one session:
 * {@code uplink} = Opus decode at 48 kHz + 48→24 kHz resampling (what each user frame costs before
 * it goes to the model), {@code downlink} = 24→48 kHz resampling + Opus encode of one 20 ms frame
 * (each agent frame); {@code decode} and {@code encode} alone show what the resamplers add. The
 * audio is a voiced, speech-like signal (150 Hz harmonics under a syllable-rate envelope), so the
 * encoder works as it would on speech rather than on a pure tone or silence.
 *
 *     bin/bench TranscodeBenchmark -f 1 -wi 3 -i 3 -prof gc
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(time = 2)
@Measurement(time = 2)
public class TranscodeBenchmark {
    private static final int FRAMES = 50;

    @Param({"concentus", "libopus"})
    public String impl;

    private OpusCodec codec;
    private final byte[][] packets = new byte[FRAMES][];
    private final short[][] pcm48 = new short[FRAMES][];
    private final short[][] pcm24 = new short[FRAMES][];
    private UplinkTranscoder uplink;
    private DownlinkTranscoder downlink;
    private OpusDecoderEngine decoder;
    private OpusEncoderEngine encoder;
    private final short[] out24 = new short[UplinkTranscoder.MAX_OUTPUT_SAMPLES];
    private final short[] out48 = new short[960];
    private final byte[] packetOut = new byte[OpusCodec.MAX_PACKET_BYTES];
    private Blackhole sinkHole;
    private int next;

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) {
        codec = switch (impl) {
            case "concentus" -> ConcentusOpusCodec.INSTANCE;
            case "libopus" -> {
                NativeOpusCodec.Loaded loaded = NativeOpusCodec.load();
                yield loaded.codec().orElseThrow(() -> new IllegalStateException(loaded.failure()));
            }
            default -> throw new IllegalArgumentException("impl must be concentus or libopus, got " + impl);
        };
        sinkHole = bh;
        try (OpusEncoderEngine enc = codec.newEncoder(OpusEncoderSettings.VOICE)) {
            for (int f = 0; f < FRAMES; f++) {
                pcm48[f] = speech(f, 48_000, 960);
                pcm24[f] = speech(f, 24_000, 480);
                int n = enc.encode(pcm48[f], 0, 960, packetOut, 0, packetOut.length);
                if (n <= 0) {
                    throw new IllegalStateException("encoding the test signal failed: " + n);
                }
                packets[f] = java.util.Arrays.copyOf(packetOut, n);
            }
        }
        uplink = new UplinkTranscoder(codec, 960);
        downlink = new DownlinkTranscoder(codec, OpusEncoderSettings.VOICE, (b, off, len) -> sinkHole.consume(b[off]));
        decoder = codec.newDecoder();
        encoder = codec.newEncoder(OpusEncoderSettings.VOICE);
    }

    /** Frame {@code f} of a voiced signal: 150 Hz and its harmonics (falling off), under a 4 Hz envelope. */
    private static short[] speech(int f, int rate, int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            double t = (double) (f * n + i) / rate;
            double env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
            double v = 0;
            for (int h = 1; h <= 20; h++) {
                v += Math.sin(2 * Math.PI * 150 * h * t + h) / h;
            }
            s[i] = (short) (3000 * env * v);
        }
        return s;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        uplink.close();
        downlink.close();
        decoder.close();
        encoder.close();
    }

    private int frame() {
        int f = next;
        next = f + 1 == FRAMES ? 0 : f + 1;
        return f;
    }

    @Benchmark
    public int uplink() {
        byte[] p = packets[frame()];
        return uplink.transcode(p, 0, p.length, out24, 0);
    }

    @Benchmark
    public int downlink() {
        return downlink.push(pcm24[frame()], 0, 480);
    }

    @Benchmark
    public int decode() {
        byte[] p = packets[frame()];
        return decoder.decode(p, 0, p.length, out48, 0, 960);
    }

    @Benchmark
    public int encode() {
        return encoder.encode(pcm48[frame()], 0, 960, packetOut, 0, packetOut.length);
    }
}
