package net.voxedge.edge.relay;

/**
 * The sans-IO codec of one inter-host relay frame (edge-daemon/README.md, "Relay"): a reusable
 * flyweight parser and a header encoder, on plain byte arrays. Big-endian:
 * <pre>
 *  0  u8   version (1)
 *  1  u8   type: 1 = client to owner, 2 = owner to client
 *  2  u8   key id (0..15) of the relay key the tag was made with
 *  3  u8   the relaying host's media socket the client used (index, 0..255)
 *  4  u8   client address family: 4 or 6
 *  5  u8   reserved, 0
 *  6  u16  client port (not 0)
 *  8  4|16 client IP
 *  .. payload: the client's datagram, untouched (1..{@value #MAX_PAYLOAD} bytes)
 *  .. 8    tag: HMAC-SHA256(relay key, every byte before the tag), first 8 bytes
 * </pre>
 * The tag is checked by {@link RelayMac}, not here: parsing only validates the layout.
 */
public final class RelayFrame {
    public static final int VERSION = 1;
    public static final int TYPE_TO_OWNER = 1;
    public static final int TYPE_TO_CLIENT = 2;
    public static final int FIXED_HEADER = 8;
    public static final int TAG_LENGTH = 8;
    /**
     * The largest client datagram a frame carries: the media port's own limit (2048-byte scratch less 64
     * bytes kept for SRTP's in-place tag), so whatever a media socket accepts can be relayed.
     */
    public static final int MAX_PAYLOAD = 1984;
    /** Header of an IPv6 frame + the largest payload + the tag. */
    public static final int MAX_FRAME = FIXED_HEADER + 16 + MAX_PAYLOAD + TAG_LENGTH;
    /** The smallest well-formed frame: IPv4 header, one payload byte, the tag. */
    public static final int MIN_FRAME = FIXED_HEADER + 4 + 1 + TAG_LENGTH;

    private int type;
    private int keyId;
    private int socket;
    private int family;
    private int port;
    private final byte[] ip = new byte[16];
    private int payloadOffset;
    private int payloadLength;

    /** Parses {@code b[off, off+len)}; resets this object first. Never throws on any input. */
    public RelayFrameResult parse(byte[] b, int off, int len) {
        type = 0;
        keyId = 0;
        socket = 0;
        family = 0;
        port = 0;
        payloadOffset = 0;
        payloadLength = 0;
        if (b == null || off < 0 || len < 0 || off > b.length - len || len < FIXED_HEADER) {
            return RelayFrameResult.TRUNCATED;
        }
        if ((b[off] & 0xFF) != VERSION) {
            return RelayFrameResult.BAD_VERSION;
        }
        int t = b[off + 1] & 0xFF;
        if (t != TYPE_TO_OWNER && t != TYPE_TO_CLIENT) {
            return RelayFrameResult.BAD_TYPE;
        }
        int k = b[off + 2] & 0xFF;
        if (k > 15) {
            return RelayFrameResult.BAD_KEY_ID;
        }
        int fam = b[off + 4] & 0xFF;
        int ipLen = ipLength(fam);
        if (ipLen < 0) {
            return RelayFrameResult.BAD_FAMILY;
        }
        int p = ((b[off + 6] & 0xFF) << 8) | (b[off + 7] & 0xFF);
        if (b[off + 5] != 0 || p == 0) {
            return RelayFrameResult.BAD_FIELD;
        }
        int header = FIXED_HEADER + ipLen;
        if (len < header + 1 + TAG_LENGTH) {
            return RelayFrameResult.TRUNCATED;
        }
        int payload = len - header - TAG_LENGTH;
        if (payload > MAX_PAYLOAD) {
            return RelayFrameResult.OVERSIZED;
        }
        type = t;
        keyId = k;
        socket = b[off + 3] & 0xFF;
        family = fam;
        port = p;
        System.arraycopy(b, off + FIXED_HEADER, ip, 0, ipLen);
        payloadOffset = off + header;
        payloadLength = payload;
        return RelayFrameResult.OK;
    }

    /** 4 for family 4, 16 for family 6, else -1. */
    public static int ipLength(int family) {
        return family == 4 ? 4 : family == 6 ? 16 : -1;
    }

    /**
     * Writes a frame's header at {@code out[off...]}: returns its length (where the payload goes), or -1 when
     * a field is out of range or there is no room for header, {@code payloadLength} bytes and the tag.
     *
     * @param ip 4 or 16 address bytes (family follows from the length)
     */
    public static int writeHeader(byte[] out, int off, int type, int keyId, int socket, byte[] ip, int port,
            int payloadLength) {
        if (out == null || ip == null || (ip.length != 4 && ip.length != 16)
                || (type != TYPE_TO_OWNER && type != TYPE_TO_CLIENT) || keyId < 0 || keyId > 15
                || socket < 0 || socket > 255 || port < 1 || port > 65535
                || payloadLength < 1 || payloadLength > MAX_PAYLOAD) {
            return -1;
        }
        int header = FIXED_HEADER + ip.length;
        if (off < 0 || off > out.length - (header + payloadLength + TAG_LENGTH)) {
            return -1;
        }
        out[off] = VERSION;
        out[off + 1] = (byte) type;
        out[off + 2] = (byte) keyId;
        out[off + 3] = (byte) socket;
        out[off + 4] = (byte) (ip.length == 4 ? 4 : 6);
        out[off + 5] = 0;
        out[off + 6] = (byte) (port >>> 8);
        out[off + 7] = (byte) port;
        System.arraycopy(ip, 0, out, off + FIXED_HEADER, ip.length);
        return header;
    }

    public int type() {
        return type;
    }

    public int keyId() {
        return keyId;
    }

    /** The relaying host's media socket index the client used. */
    public int socket() {
        return socket;
    }

    /** 4 or 6. */
    public int family() {
        return family;
    }

    public int port() {
        return port;
    }

    /** The client IP bytes: the first {@link #ipLength()} of this array (reused: copy to keep). */
    public byte[] ip() {
        return ip;
    }

    public int ipLength() {
        return family == 6 ? 16 : 4;
    }

    public int payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return payloadLength;
    }
}
