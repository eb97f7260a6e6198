package net.voxedge.backbone.codec;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * {@link OpusDecoderEngine} over libopus. The packet and PCM cross into native memory through two
 * buffers allocated once per decoder, so a frame costs two copies and no Java allocation.
 */
final class NativeOpusDecoder implements OpusDecoderEngine {
    private final NativeOpusCodec lib;
    // Shared, not confined: a session may be closed from another thread than the one that decodes.
    private final Arena arena = Arena.ofShared();
    private final MemorySegment packetBuf = arena.allocate(OpusCodec.MAX_PACKET_BYTES);
    private final MemorySegment pcmBuf = arena.allocate(JAVA_SHORT, OpusToc.MAX_PACKET_SAMPLES_48K);
    private MemorySegment state;

    NativeOpusDecoder(NativeOpusCodec lib) {
        this.lib = lib;
        MemorySegment error = arena.allocate(JAVA_INT);
        try {
            state = (MemorySegment) lib.decoderCreate.invokeExact(OpusCodec.SAMPLE_RATE, 1, error);
        } catch (Throwable e) {
            arena.close();
            throw new IllegalStateException("opus_decoder_create failed", e);
        }
        if (state.equals(MemorySegment.NULL) || error.get(JAVA_INT, 0) != NativeOpusCodec.OPUS_OK) {
            arena.close();
            throw new IllegalStateException("opus_decoder_create returned error " + error.get(JAVA_INT, 0));
        }
    }

    @Override
    public int decode(byte[] packet, int off, int len, short[] pcm, int pcmOff, int maxSamples) {
        if (len <= 0) {
            return OpusPacketError.EMPTY.code();
        }
        if (len > OpusCodec.MAX_PACKET_BYTES) {
            return OpusPacketError.TOO_LARGE.code();
        }
        int room = Math.min(Math.min(maxSamples, pcm.length - pcmOff), OpusToc.MAX_PACKET_SAMPLES_48K);
        MemorySegment.copy(packet, off, packetBuf, JAVA_BYTE, 0, len);
        return run(packetBuf, len, pcm, pcmOff, room);
    }

    @Override
    public int conceal(short[] pcm, int pcmOff, int samples) {
        int room = Math.min(Math.min(samples, pcm.length - pcmOff), OpusToc.MAX_PACKET_SAMPLES_48K);
        return run(MemorySegment.NULL, 0, pcm, pcmOff, room);
    }

    private int run(MemorySegment data, int len, short[] pcm, int pcmOff, int room) {
        if (state == null) {
            return OpusPacketError.CORRUPT.code();
        }
        int n;
        try {
            n = (int) lib.decode.invokeExact(state, data, len, pcmBuf, room, 0);
        } catch (Throwable e) {
            return OpusPacketError.CORRUPT.code();
        }
        if (n < 0) {
            return OpusPacketError.CORRUPT.code();
        }
        MemorySegment.copy(pcmBuf, JAVA_SHORT, 0, pcm, pcmOff, n);
        return n;
    }

    @Override
    public void close() {
        if (state == null) {
            return;
        }
        try {
            lib.decoderDestroy.invokeExact(state);
        } catch (Throwable ignored) {
            // Nothing sensible to do: the memory is gone with the process at worst.
        }
        state = null;
        arena.close();
    }
}
