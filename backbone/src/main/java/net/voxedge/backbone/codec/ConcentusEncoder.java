package net.voxedge.backbone.codec;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;

/** {@link OpusEncoderEngine} over Concentus. */
final class ConcentusEncoder implements OpusEncoderEngine {
    private final OpusEncoder encoder;

    ConcentusEncoder(OpusEncoderSettings settings) {
        try {
            encoder = new OpusEncoder(OpusCodec.SAMPLE_RATE, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        } catch (OpusException e) {
            throw new IllegalStateException("Concentus refused a 48 kHz mono VOIP encoder", e);
        }
        encoder.setBitrate(settings.bitrate());
        encoder.setComplexity(settings.complexity());
        encoder.setSignalType(OpusSignal.OPUS_SIGNAL_VOICE);
    }

    @Override
    public int encode(short[] pcm, int off, int samples, byte[] out, int outOff, int maxBytes) {
        try {
            return encoder.encode(pcm, off, samples, out, outOff, maxBytes);
        } catch (OpusException | RuntimeException | AssertionError e) {
            // See ConcentusDecoder: Concentus's internal checks throw AssertionError under -ea.
            encoder.resetState();
            return OpusPacketError.ENCODER_FAILED.code();
        }
    }

    @Override
    public void close() {
        // Plain Java objects: nothing to free.
    }
}
