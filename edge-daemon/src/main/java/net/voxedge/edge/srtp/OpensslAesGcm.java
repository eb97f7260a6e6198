package net.voxedge.edge.srtp;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;

/**
 * AES-GCM from OpenSSL's libcrypto (EVP interface) through the FFM API: one native cipher context
 * per instance, keyed once; per packet the IV is set, the AAD and the data are copied into a
 * per-thread native scratch area, processed in place and copied back. Nothing is allocated per
 * packet on the Java heap, where the JDK's GCM allocates ~1 KB per operation.
 *
 * <p>SRTP uses it only with {@code -Dvoxedge.srtp.gcm=openssl} ({@link AesGcmPacketCipher}).
 * {@link #create} returns null when libcrypto.so.3 cannot be loaded or linked, and callers fall back
 * to the JDK. The context is freed by a {@link Cleaner} once the instance is unreachable (sessions
 * drop their SRTP contexts when they close). Not thread-safe: one instance per direction and kind,
 * used by the session's home loop.
 */
final class OpensslAesGcm {
    static final int TAG_LENGTH = 16;
    private static final int EVP_CTRL_GCM_GET_TAG = 0x10;
    private static final int EVP_CTRL_GCM_SET_TAG = 0x11;
    /** The largest AAD or data run copied at once: a datagram fits; longer input goes in runs. */
    static final int MAX_RUN = 4096;
    private static final long OFF_IV = 0;
    private static final long OFF_OUTL = 16;
    private static final long OFF_TAG = 32;
    private static final long OFF_DATA = 64;

    private static final Cleaner CLEANER = Cleaner.create();
    private static final Native NATIVE = Native.load();
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::allocate);

    private final MemorySegment ctx;

    private OpensslAesGcm(MemorySegment ctx) {
        this.ctx = ctx;
    }

    /** Whether libcrypto's AES-GCM is usable in this process. */
    static boolean available() {
        return NATIVE != null;
    }

    /** A context for a 16- or 32-byte AES key, or null when OpenSSL is unavailable or refuses it. */
    static OpensslAesGcm create(byte[] key) {
        if (NATIVE == null || (key.length != 16 && key.length != 32)) {
            return null;
        }
        try {
            MemorySegment ctx = (MemorySegment) NATIVE.ctxNew.invokeExact();
            if (ctx.equals(MemorySegment.NULL)) {
                return null;
            }
            MemorySegment cipher = (MemorySegment) (key.length == 16 ? NATIVE.aes128Gcm : NATIVE.aes256Gcm).invokeExact();
            int ok;
            try (Arena a = Arena.ofConfined()) {
                MemorySegment k = a.allocate(key.length);
                MemorySegment.copy(key, 0, k, ValueLayout.JAVA_BYTE, 0, key.length);
                ok = (int) NATIVE.cipherInit.invokeExact(ctx, cipher, MemorySegment.NULL, k, MemorySegment.NULL, 1);
                k.fill((byte) 0);
            }
            if (ok != 1) {
                NATIVE.ctxFree.invokeExact(ctx);
                return null;
            }
            OpensslAesGcm gcm = new OpensslAesGcm(ctx);
            MethodHandle free = NATIVE.ctxFree;
            CLEANER.register(gcm, () -> {
                try {
                    free.invokeExact(ctx);
                } catch (Throwable ignored) {
                    // Nothing to do at cleanup time; the process keeps running.
                }
            });
            return gcm;
        } catch (Throwable t) {
            return null;
        }
    }

    /**
     * Encrypts {@code buf[off, off+len)} in place under {@code iv} (12 bytes) with AAD
     * {@code aad1[a1Off, +a1Len)} then {@code aad2[a2Off, +a2Len)} (either may be empty), and writes
     * the tag at {@code buf[off+len, +16)}. Returns {@code len + 16}, or -1 if OpenSSL refused.
     */
    int seal(byte[] iv, byte[] aad1, int a1Off, int a1Len, byte[] aad2, int a2Off, int a2Len,
            byte[] buf, int off, int len) {
        Scratch s = SCRATCH.get();
        try {
            if (!begin(s, iv, 1) || !aad(s, aad1, a1Off, a1Len) || !aad(s, aad2, a2Off, a2Len)
                    || !update(s, buf, off, len, true)) {
                return -1;
            }
            // GCM's final writes no bytes: it computes the tag.
            if ((int) NATIVE.cipherFinal.invokeExact(ctx, s.data, s.outl) != 1) {
                return -1;
            }
            if ((int) NATIVE.ctrl.invokeExact(ctx, EVP_CTRL_GCM_GET_TAG, TAG_LENGTH, s.tag) != 1) {
                return -1;
            }
            MemorySegment.copy(s.tag, ValueLayout.JAVA_BYTE, 0, buf, off + len, TAG_LENGTH);
            return len + TAG_LENGTH;
        } catch (Throwable t) {
            return -1;
        }
    }

    /**
     * Verifies the tag at {@code tag[tagOff, +16)} over the AAD runs and the ciphertext
     * {@code buf[off, off+len)}, decrypting it in place. False (buffer contents unchanged) when the
     * tag does not verify or OpenSSL refused.
     */
    boolean open(byte[] iv, byte[] aad1, int a1Off, int a1Len, byte[] aad2, int a2Off, int a2Len,
            byte[] buf, int off, int len, byte[] tag, int tagOff) {
        Scratch s = SCRATCH.get();
        // A datagram-sized run stays in the scratch until the tag verified; a longer one (never a real
        // datagram) is written back as it goes, which the cipher contract allows on failure.
        boolean oneRun = len <= MAX_RUN;
        try {
            if (!begin(s, iv, 0) || !aad(s, aad1, a1Off, a1Len) || !aad(s, aad2, a2Off, a2Len)
                    || !update(s, buf, off, len, !oneRun)) {
                return false;
            }
            MemorySegment.copy(tag, tagOff, s.tag, ValueLayout.JAVA_BYTE, 0, TAG_LENGTH);
            if ((int) NATIVE.ctrl.invokeExact(ctx, EVP_CTRL_GCM_SET_TAG, TAG_LENGTH, s.tag) != 1) {
                return false;
            }
            // Final checks the tag (and writes no bytes); the plaintext is copied out only when it verified.
            if ((int) NATIVE.cipherFinal.invokeExact(ctx, s.data, s.outl) != 1) {
                return false;
            }
            if (oneRun) {
                MemorySegment.copy(s.data, ValueLayout.JAVA_BYTE, 0, buf, off, len);
            }
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    private boolean begin(Scratch s, byte[] iv, int encrypt) throws Throwable {
        MemorySegment.copy(iv, 0, s.iv, ValueLayout.JAVA_BYTE, 0, 12);
        return (int) NATIVE.cipherInit.invokeExact(ctx, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL,
                s.iv, encrypt) == 1;
    }

    private boolean aad(Scratch s, byte[] b, int off, int len) throws Throwable {
        for (int done = 0; done < len; ) {
            int n = Math.min(MAX_RUN, len - done);
            MemorySegment.copy(b, off + done, s.data, ValueLayout.JAVA_BYTE, 0, n);
            if ((int) NATIVE.cipherUpdate.invokeExact(ctx, MemorySegment.NULL, s.outl, s.data, n) != 1) {
                return false;
            }
            done += n;
        }
        return true;
    }

    /** En/decrypts {@code b[off, +len)} in runs of the scratch; GCM's output per run equals its input. */
    private boolean update(Scratch s, byte[] b, int off, int len, boolean copyBack) throws Throwable {
        for (int done = 0; done < len; ) {
            int n = Math.min(MAX_RUN, len - done);
            MemorySegment.copy(b, off + done, s.data, ValueLayout.JAVA_BYTE, 0, n);
            if ((int) NATIVE.cipherUpdate.invokeExact(ctx, s.data, s.outl, s.data, n) != 1) {
                return false;
            }
            if (copyBack) {
                MemorySegment.copy(s.data, ValueLayout.JAVA_BYTE, 0, b, off + done, n);
            }
            done += n;
        }
        return true;
    }

    /** A thread's native scratch, sliced once: IV, the out-length int, the tag, one data run. */
    private record Scratch(MemorySegment iv, MemorySegment outl, MemorySegment tag, MemorySegment data) {
        static Scratch allocate() {
            MemorySegment all = Arena.ofAuto().allocate(OFF_DATA + MAX_RUN, 16);
            return new Scratch(all.asSlice(OFF_IV, 12), all.asSlice(OFF_OUTL, 4), all.asSlice(OFF_TAG, TAG_LENGTH),
                    all.asSlice(OFF_DATA, MAX_RUN));
        }
    }

    /** The libcrypto functions used, linked once. */
    private record Native(MethodHandle ctxNew, MethodHandle ctxFree, MethodHandle aes128Gcm, MethodHandle aes256Gcm,
            MethodHandle cipherInit, MethodHandle cipherUpdate, MethodHandle cipherFinal, MethodHandle ctrl) {

        static Native load() {
            try {
                SymbolLookup lib = SymbolLookup.libraryLookup("libcrypto.so.3", Arena.global());
                Linker linker = Linker.nativeLinker();
                ValueLayout.OfInt i = ValueLayout.JAVA_INT;
                // The per-packet calls are short, never block and never call back into Java: "critical"
                // skips the thread-state transition that otherwise costs more than the work on a voice packet.
                Linker.Option critical = Linker.Option.critical(false);
                var p = ValueLayout.ADDRESS;
                return new Native(
                        linker.downcallHandle(lib.findOrThrow("EVP_CIPHER_CTX_new"), FunctionDescriptor.of(p)),
                        linker.downcallHandle(lib.findOrThrow("EVP_CIPHER_CTX_free"), FunctionDescriptor.ofVoid(p)),
                        linker.downcallHandle(lib.findOrThrow("EVP_aes_128_gcm"), FunctionDescriptor.of(p)),
                        linker.downcallHandle(lib.findOrThrow("EVP_aes_256_gcm"), FunctionDescriptor.of(p)),
                        linker.downcallHandle(lib.findOrThrow("EVP_CipherInit_ex"), FunctionDescriptor.of(i, p, p, p, p, p, i), critical),
                        linker.downcallHandle(lib.findOrThrow("EVP_CipherUpdate"), FunctionDescriptor.of(i, p, p, p, p, i), critical),
                        linker.downcallHandle(lib.findOrThrow("EVP_CipherFinal_ex"), FunctionDescriptor.of(i, p, p, p), critical),
                        linker.downcallHandle(lib.findOrThrow("EVP_CIPHER_CTX_ctrl"), FunctionDescriptor.of(i, p, i, i, p), critical));
            } catch (RuntimeException | Error e) {
                return null;
            }
        }
    }
}
