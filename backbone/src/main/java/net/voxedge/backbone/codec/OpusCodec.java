package net.voxedge.backbone.codec;

/**
 * An Opus implementation: makes decoders and encoders for 48 kHz mono. Two exist —
 * {@link ConcentusOpusCodec} (pure Java, the default) and {@link NativeOpusCodec} (libopus through
 * the FFM API) — so that they can be measured against each other behind one interface.
 */
public interface OpusCodec {
    /** Sample rate of every decoder and encoder this makes. */
    int SAMPLE_RATE = 48_000;
    /** Samples in one 20 ms frame at 48 kHz, the frame size WebRTC clients send and the edge paces. */
    int FRAME_SAMPLES = 960;
    /** A generous bound on one encoded 20 ms voice frame (RFC 6716 allows up to 1275 bytes per frame). */
    int MAX_PACKET_BYTES = 1500;

    /** Short name for logs and benchmark parameters ("concentus", "libopus"). */
    String name();

    /** A new decoder (48 kHz, mono). */
    OpusDecoderEngine newDecoder();

    /** A new encoder (48 kHz, mono, VOIP application, voice signal) with these settings. */
    OpusEncoderEngine newEncoder(OpusEncoderSettings settings);
}
