package net.voxedge.backbone.codec;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Opus through the system's libopus ({@code libopus.so.0}) with the FFM API (java.lang.foreign):
 * the reference C implementation, bound by hand to the seven calls we need. Loaded on demand with
 * {@link #load()}, which says why when the library is missing; the JVM needs
 * {@code --enable-native-access=ALL-UNNAMED} to call it without a warning.
 */
public final class NativeOpusCodec implements OpusCodec {
    /** The soname Debian's {@code libopus0} package installs. */
    public static final String LIBRARY = "libopus.so.0";

    static final int OPUS_OK = 0;
    static final int OPUS_APPLICATION_VOIP = 2048;
    static final int OPUS_SET_BITRATE_REQUEST = 4002;
    static final int OPUS_SET_COMPLEXITY_REQUEST = 4010;
    static final int OPUS_SET_SIGNAL_REQUEST = 4024;
    static final int OPUS_SIGNAL_VOICE = 3001;

    final MethodHandle decoderCreate;
    final MethodHandle decode;
    final MethodHandle decoderDestroy;
    final MethodHandle encoderCreate;
    final MethodHandle encode;
    final MethodHandle encoderCtlInt;
    final MethodHandle encoderDestroy;
    private final String version;

    private NativeOpusCodec(SymbolLookup lib) throws Throwable {
        Linker linker = Linker.nativeLinker();
        decoderCreate = bind(linker, lib, "opus_decoder_create",
                FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
        decode = bind(linker, lib, "opus_decode",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        decoderDestroy = bind(linker, lib, "opus_decoder_destroy", FunctionDescriptor.ofVoid(ADDRESS));
        encoderCreate = bind(linker, lib, "opus_encoder_create",
                FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        encode = bind(linker, lib, "opus_encode",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
        encoderDestroy = bind(linker, lib, "opus_encoder_destroy", FunctionDescriptor.ofVoid(ADDRESS));
        // opus_encoder_ctl is variadic: (st, request, ...) with one int argument for the setters we use.
        encoderCtlInt = linker.downcallHandle(lib.find("opus_encoder_ctl").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
        MethodHandle versionString = bind(linker, lib, "opus_get_version_string", FunctionDescriptor.of(ADDRESS));
        MemorySegment text = (MemorySegment) versionString.invokeExact();
        version = text.reinterpret(256).getString(0);
    }

    private static MethodHandle bind(Linker linker, SymbolLookup lib, String name, FunctionDescriptor fd) {
        MemorySegment symbol = lib.find(name)
                .orElseThrow(() -> new IllegalStateException(LIBRARY + " has no symbol " + name));
        return linker.downcallHandle(symbol, fd);
    }

    /** The libopus of this machine, or why it can't be used (message in {@link Loaded#failure()}). */
    public static Loaded load() {
        try {
            SymbolLookup lib = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
            return new Loaded(Optional.of(new NativeOpusCodec(lib)), null);
        } catch (Throwable e) {
            return new Loaded(Optional.empty(), "cannot use " + LIBRARY + " (install the libopus0 package): " + e);
        }
    }

    /**
     * The outcome of {@link #load()}.
     *
     * @param codec   the codec, when libopus loaded
     * @param failure why it did not, otherwise {@code null}
     */
    public record Loaded(Optional<NativeOpusCodec> codec, String failure) {}

    /** libopus's own version string, e.g. "libopus 1.5.2". */
    public String version() {
        return version;
    }

    @Override
    public String name() {
        return "libopus";
    }

    @Override
    public OpusDecoderEngine newDecoder() {
        return new NativeOpusDecoder(this);
    }

    @Override
    public OpusEncoderEngine newEncoder(OpusEncoderSettings settings) {
        return new NativeOpusEncoder(this, settings);
    }
}
