package net.voxedge.backbone.codec;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** {@link OpusEncoderEngine} over libopus, with native buffers allocated once per encoder. */
final class NativeOpusEncoder implements OpusEncoderEngine {
    private final NativeOpusCodec lib;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment pcmBuf = arena.allocate(JAVA_SHORT, OpusToc.MAX_PACKET_SAMPLES_48K);
    private final MemorySegment packetBuf = arena.allocate(OpusCodec.MAX_PACKET_BYTES);
    private MemorySegment state;

    NativeOpusEncoder(NativeOpusCodec lib, OpusEncoderSettings settings) {
        this.lib = lib;
        MemorySegment error = arena.allocate(JAVA_INT);
        try {
            state = (MemorySegment) lib.encoderCreate.invokeExact(
                    OpusCodec.SAMPLE_RATE, 1, NativeOpusCodec.OPUS_APPLICATION_VOIP, error);
            if (state.equals(MemorySegment.NULL) || error.get(JAVA_INT, 0) != NativeOpusCodec.OPUS_OK) {
                throw new IllegalStateException("opus_encoder_create returned error " + error.get(JAVA_INT, 0));
            }
            ctl(NativeOpusCodec.OPUS_SET_BITRATE_REQUEST, settings.bitrate());
            ctl(NativeOpusCodec.OPUS_SET_COMPLEXITY_REQUEST, settings.complexity());
            ctl(NativeOpusCodec.OPUS_SET_SIGNAL_REQUEST, NativeOpusCodec.OPUS_SIGNAL_VOICE);
        } catch (Throwable e) {
            close();
            throw e instanceof IllegalStateException ise ? ise : new IllegalStateException("opus_encoder_create failed", e);
        }
    }

    private void ctl(int request, int value) throws Throwable {
        int rc = (int) lib.encoderCtlInt.invokeExact(state, request, value);
        if (rc != NativeOpusCodec.OPUS_OK) {
            throw new IllegalStateException("opus_encoder_ctl(" + request + ", " + value + ") returned " + rc);
        }
    }

    @Override
    public int encode(short[] pcm, int off, int samples, byte[] out, int outOff, int maxBytes) {
        if (state == null || state.equals(MemorySegment.NULL) || samples <= 0 || samples > OpusToc.MAX_PACKET_SAMPLES_48K) {
            return OpusPacketError.ENCODER_FAILED.code();
        }
        int room = Math.min(Math.min(maxBytes, out.length - outOff), OpusCodec.MAX_PACKET_BYTES);
        MemorySegment.copy(pcm, off, pcmBuf, JAVA_SHORT, 0, samples);
        int n;
        try {
            n = (int) lib.encode.invokeExact(state, pcmBuf, samples, packetBuf, room);
        } catch (Throwable e) {
            return OpusPacketError.ENCODER_FAILED.code();
        }
        if (n < 0) {
            return OpusPacketError.ENCODER_FAILED.code();
        }
        MemorySegment.copy(packetBuf, JAVA_BYTE, 0, out, outOff, n);
        return n;
    }

    @Override
    public void close() {
        if (!arena.scope().isAlive()) {
            return;
        }
        if (state != null && !state.equals(MemorySegment.NULL)) {
            try {
                lib.encoderDestroy.invokeExact(state);
            } catch (Throwable ignored) {
                // See NativeOpusDecoder.close.
            }
        }
        state = null;
        arena.close();
    }
}
