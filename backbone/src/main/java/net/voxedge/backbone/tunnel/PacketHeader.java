package net.voxedge.backbone.tunnel;

import static net.voxedge.backbone.tunnel.WireFormat.HEADER_LENGTH;

/**
 * Reusable flyweight over the 20-byte cleartext datagram header. It is authenticated as AEAD
 * associated data, so a parsed header is only trustworthy after the tag verified.
 *
 * <pre>
 *  0 version u8 | 1 type u8 | 2 key id u8 | 3 reserved u8 (0)
 *  4 link id u32 | 8 sender epoch u48 | 14 packet number u48
 * </pre>
 */
public final class PacketHeader {
    private FrameType type;
    private int keyId;
    private int linkId;
    private long epoch;
    private long packetNumber;

    /**
     * Reads the header of a whole datagram; returns null when it is usable, else why not. Checks the
     * total length too (header + tag at least, {@link WireFormat#MAX_DATAGRAM} at most).
     */
    public DropReason parse(byte[] buf, int off, int len) {
        type = null;
        keyId = 0;
        linkId = 0;
        epoch = 0;
        packetNumber = 0;
        if (buf == null || off < 0 || len < WireFormat.MIN_DATAGRAM || len > WireFormat.MAX_DATAGRAM
                || off > buf.length - len) {
            return DropReason.BAD_LENGTH;
        }
        if (WireFormat.u8(buf, off) != WireFormat.VERSION) {
            return DropReason.BAD_VERSION;
        }
        FrameType t = FrameType.ofCode(WireFormat.u8(buf, off + 1));
        if (t == null) {
            return DropReason.BAD_TYPE;
        }
        if (buf[off + 3] != 0) {
            return DropReason.BAD_RESERVED;
        }
        type = t;
        keyId = WireFormat.u8(buf, off + 2);
        linkId = WireFormat.i32(buf, off + 4);
        epoch = WireFormat.u48(buf, off + 8);
        packetNumber = WireFormat.u48(buf, off + 14);
        return null;
    }

    /** Writes a header; returns {@link WireFormat#HEADER_LENGTH}. */
    public static int write(byte[] out, int off, FrameType type, int keyId, int linkId, long epoch, long packetNumber) {
        out[off] = (byte) WireFormat.VERSION;
        out[off + 1] = (byte) type.code;
        out[off + 2] = (byte) keyId;
        out[off + 3] = 0;
        WireFormat.put32(out, off + 4, linkId);
        WireFormat.put48(out, off + 8, epoch);
        WireFormat.put48(out, off + 14, packetNumber);
        return HEADER_LENGTH;
    }

    /** Frame type; null after a failed parse. */
    public FrameType type() {
        return type;
    }

    /** Key id (0..255). */
    public int keyId() {
        return keyId;
    }

    /** Link id. */
    public int linkId() {
        return linkId;
    }

    /** Sender epoch (48 bits). */
    public long epoch() {
        return epoch;
    }

    /** Link packet number (48 bits). */
    public long packetNumber() {
        return packetNumber;
    }
}
