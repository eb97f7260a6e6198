package net.voxedge.backbone.codec;

/**
 * The Opus implementation sessions use unless told otherwise: libopus through FFM when this
 * machine has it, Concentus when it doesn't. Why libopus first: per 20 ms frame it costs several
 * times less CPU than Concentus and allocates nothing, where Concentus allocates ~160 KB per
 * decode+encode pair (BENCHMARKS.md, "Transcoding"). Concentus keeps a machine without libopus0
 * working, identically on the wire.
 */
public final class PreferredOpusCodec {
    private static final NativeOpusCodec.Loaded NATIVE = NativeOpusCodec.load();

    private PreferredOpusCodec() {}

    /** libopus if it loaded, else Concentus. */
    public static OpusCodec get() {
        return NATIVE.codec().<OpusCodec>map(c -> c).orElse(ConcentusOpusCodec.INSTANCE);
    }

    /** One line for the startup log: which implementation and why. */
    public static String describe() {
        return NATIVE.codec().map(c -> "opus: " + c.version() + " through FFM")
                .orElse("opus: Concentus (pure Java), because " + NATIVE.failure());
    }
}
