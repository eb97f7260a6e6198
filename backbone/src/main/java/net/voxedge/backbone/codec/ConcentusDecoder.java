package net.voxedge.backbone.codec;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;

/** {@link OpusDecoderEngine} over Concentus. */
final class ConcentusDecoder implements OpusDecoderEngine {
    private final OpusDecoder decoder;

    ConcentusDecoder() {
        try {
            decoder = new OpusDecoder(OpusCodec.SAMPLE_RATE, 1);
        } catch (OpusException e) {
            // Only invalid rates/channel counts make this fail; ours are constants.
            throw new IllegalStateException("Concentus refused a 48 kHz mono decoder", e);
        }
    }

    @Override
    public int decode(byte[] packet, int off, int len, short[] pcm, int pcmOff, int maxSamples) {
        if (len <= 0) {
            return OpusPacketError.EMPTY.code();
        }
        try {
            return decoder.decode(packet, off, len, pcm, pcmOff, maxSamples, false);
        } catch (OpusException | RuntimeException | AssertionError e) {
            // Concentus signals a corrupt bitstream by throwing; a hostile packet must not escape
            // as an exception, so it becomes a reason code. On some garbage its internal checks
            // throw too: array bounds, and AssertionError from its OpusAssert when the JVM runs
            // with -ea (found by OpusPacketFuzzTest). Its state may be half-updated: start afresh.
            decoder.resetState();
            return OpusPacketError.CORRUPT.code();
        }
    }

    @Override
    public int conceal(short[] pcm, int pcmOff, int samples) {
        try {
            return decoder.decode(null, 0, 0, pcm, pcmOff, samples, false);
        } catch (OpusException | RuntimeException | AssertionError e) {
            decoder.resetState();
            return OpusPacketError.CORRUPT.code();
        }
    }

    @Override
    public void close() {
        // Plain Java objects: nothing to free.
    }
}
