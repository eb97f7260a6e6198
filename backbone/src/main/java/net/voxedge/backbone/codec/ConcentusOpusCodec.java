package net.voxedge.backbone.codec;

/** Opus in pure Java (Concentus, a port of libopus 1.1): no native library to ship or load. */
public final class ConcentusOpusCodec implements OpusCodec {
    /** The one instance: Concentus has no global state. */
    public static final ConcentusOpusCodec INSTANCE = new ConcentusOpusCodec();

    private ConcentusOpusCodec() {}

    @Override
    public String name() {
        return "concentus";
    }

    @Override
    public OpusDecoderEngine newDecoder() {
        return new ConcentusDecoder();
    }

    @Override
    public OpusEncoderEngine newEncoder(OpusEncoderSettings settings) {
        return new ConcentusEncoder(settings);
    }
}
