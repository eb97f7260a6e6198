package net.voxedge.edge.stun;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Builds STUN messages byte by byte for tests, including ones our writer would never produce (wrong order,
 * duplicates, bad lengths). Independent of {@link StunMessageWriter} so tests do not check the writer with itself.
 */
final class RawStun {
    static final byte[] TID = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    private RawStun() {
    }

    /** A TLV with the given declared length and value (zero padded to 4). */
    static byte[] attr(int type, byte[] value) {
        ByteBuffer b = ByteBuffer.allocate(4 + ((value.length + 3) & ~3));
        b.putShort((short) type).putShort((short) value.length).put(value);
        return b.array();
    }

    static byte[] attrU32(int type, long v) {
        return attr(type, ByteBuffer.allocate(4).putInt((int) v).array());
    }

    static byte[] attrU64(int type, long v) {
        return attr(type, ByteBuffer.allocate(8).putLong(v).array());
    }

    /** A message of the given type whose header length matches the attributes. */
    static byte[] message(int type, byte[]... attrs) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] a : attrs) {
            body.writeBytes(a);
        }
        ByteBuffer b = ByteBuffer.allocate(20 + body.size());
        b.putShort((short) type).putShort((short) body.size()).putInt(StunMessage.MAGIC_COOKIE).put(TID)
                .put(body.toByteArray());
        return b.array();
    }

    /** Appends a correct FINGERPRINT attribute to a message and fixes its header length. */
    static byte[] withFingerprint(byte[] m) {
        byte[] out = java.util.Arrays.copyOf(m, m.length + 8);
        int bodyLength = out.length - 20;
        out[2] = (byte) (bodyLength >>> 8);
        out[3] = (byte) bodyLength;
        CRC32 crc = new CRC32();
        crc.update(out, 0, m.length);
        ByteBuffer.wrap(out, m.length, 8).putShort((short) 0x8028).putShort((short) 4)
                .putInt((int) crc.getValue() ^ 0x5354554E);
        return out;
    }

    /** Recomputes the FINGERPRINT of a message that ends with one (after a test changed earlier bytes). */
    static void refreshFingerprint(byte[] m) {
        CRC32 crc = new CRC32();
        crc.update(m, 0, m.length - 8);
        ByteBuffer.wrap(m, m.length - 4, 4).putInt((int) crc.getValue() ^ 0x5354554E);
    }
}
