package net.voxedge.bench;

import java.util.Arrays;
import org.jitsi.utils.ByteArrayBuffer;

/**
 * The packet holder jitsi-srtp transforms: a window on a {@code byte[]} that jitsi may lengthen
 * (to append the tag) or shorten (to strip it). jitsi-utils ships only the interface.
 */
final class MutableByteArrayBuffer implements ByteArrayBuffer {

    private byte[] buffer;
    private int offset;
    private int length;

    /** Points this holder at {@code buffer[offset..offset+length)}; returns this for chaining. */
    MutableByteArrayBuffer wrap(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    @Override
    public byte[] getBuffer() {
        return buffer;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int length) {
        this.length = length;
    }

    @Override
    public void setOffset(int offset) {
        this.offset = offset;
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] out) {
        System.arraycopy(buffer, offset + off, out, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        if (buffer.length - offset - length < howMuch) {
            buffer = Arrays.copyOf(buffer, offset + length + howMuch);
        }
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, buffer, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        length = Math.max(0, length - len);
    }
}
