package net.voxedge.edge.demux;

/**
 * Classifies a datagram on the shared media port by its first byte (RFC 7983 section 7, with the
 * ranges of RFC 9443), then splits RTP from RTCP by the second byte (RFC 5761 section 4).
 *
 * <p>Only the ranges this server speaks are recognised; ZRTP (16..19), TURN channels (64..79)
 * and QUIC (80..127, 192..255) are {@link PacketClass#UNKNOWN} because nothing here handles them.
 * Never throws, allocates nothing.
 */
public final class PacketClassifier {

    private PacketClassifier() {
    }

    /**
     * Classifies {@code b[off .. off+len)}.
     *
     * @return the class; {@link PacketClass#UNKNOWN} also when the range does not fit {@code b}
     */
    public static PacketClass classify(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < 0 || off > b.length - len) {
            return PacketClass.UNKNOWN;
        }
        if (len == 0) {
            return PacketClass.EMPTY;
        }
        int first = b[off] & 0xFF;
        if (first <= 3) {
            return PacketClass.STUN;
        }
        if (first >= 20 && first <= 63) {
            return PacketClass.DTLS;
        }
        if (first >= 128 && first <= 191) {
            if (len < 2) {
                return PacketClass.UNKNOWN;
            }
            return isRtcpPacketType(b[off + 1] & 0xFF) ? PacketClass.RTCP : PacketClass.RTP;
        }
        return PacketClass.UNKNOWN;
    }

    /**
     * True when the second byte of an RTP-range datagram marks RTCP: 192..223 is where the RTCP
     * packet types live, and RFC 5761 forbids RTP payload types 64..95, which with the marker bit
     * set would collide with that range.
     */
    public static boolean isRtcpPacketType(int secondByte) {
        return secondByte >= 192 && secondByte <= 223;
    }
}
