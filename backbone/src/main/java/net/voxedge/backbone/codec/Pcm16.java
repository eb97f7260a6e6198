package net.voxedge.backbone.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * PCM16 little-endian bytes (the wire format of {@code audio/pcm} in Realtime events) ⇄ Java
 * {@code short} samples, into caller-supplied arrays.
 */
public final class Pcm16 {
    private static final VarHandle LE_SHORT =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private Pcm16() {}

    /** Writes {@code n} samples as {@code 2n} bytes; returns {@code 2n}. */
    public static int toBytes(short[] pcm, int off, int n, byte[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            LE_SHORT.set(out, outOff + 2 * i, pcm[off + i]);
        }
        return 2 * n;
    }

    /** Reads {@code byteLen / 2} samples (an odd last byte is ignored); returns the sample count. */
    public static int fromBytes(byte[] in, int off, int byteLen, short[] out, int outOff) {
        int n = byteLen / 2;
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (short) LE_SHORT.get(in, off + 2 * i);
        }
        return n;
    }
}
