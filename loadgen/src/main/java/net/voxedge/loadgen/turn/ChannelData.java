package net.voxedge.loadgen.turn;

/**
 * TURN ChannelData framing (RFC 8656 §12.4): a 2-byte channel number (0x4000..0x4FFF), a 2-byte
 * length, the application data. Over UDP no padding is needed. Sans-IO, allocation-free.
 */
public final class ChannelData {
    public static final int HEADER = 4;
    public static final int MIN_CHANNEL = 0x4000;
    public static final int MAX_CHANNEL = 0x4FFF;

    private ChannelData() {
    }

    /** Writes the 4-byte header for {@code dataLength} bytes of data at {@code out[off..]}; the data follows it. */
    public static void writeHeader(byte[] out, int off, int channel, int dataLength) {
        TurnMessage.putU16(out, off, channel);
        TurnMessage.putU16(out, off + 2, dataLength);
    }

    /** Whether the first byte says ChannelData (RFC 7983: 64..79). */
    public static boolean looksLikeChannelData(byte[] b, int off, int len) {
        return b != null && len >= HEADER && off >= 0 && off <= b.length - len && (b[off] & 0xF0) == 0x40;
    }

    /**
     * The channel of the ChannelData message at {@code b[off, off+len)}, or -1 if it is not one or
     * its length field runs past the datagram.
     */
    public static int channel(byte[] b, int off, int len) {
        if (!looksLikeChannelData(b, off, len)) {
            return -1;
        }
        int dataLen = TurnMessage.getU16(b, off + 2);
        return dataLen <= len - HEADER ? TurnMessage.getU16(b, off) : -1;
    }

    /** The data length of a message {@link #channel} accepted. */
    public static int dataLength(byte[] b, int off) {
        return TurnMessage.getU16(b, off + 2);
    }
}
