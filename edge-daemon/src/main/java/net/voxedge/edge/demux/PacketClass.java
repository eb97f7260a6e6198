package net.voxedge.edge.demux;

/**
 * What a datagram arriving on the shared media port is, judged by its first bytes only.
 * The IO layer dispatches on this and counts {@link #UNKNOWN} and {@link #EMPTY} as drops.
 */
public enum PacketClass {
    /** A zero-length datagram. */
    EMPTY,
    /** STUN (first byte 0..3): ICE connectivity checks and consent freshness. */
    STUN,
    /** DTLS record (first byte 20..63). */
    DTLS,
    /** SRTP media (first byte 128..191, second byte not an RTCP packet type). */
    RTP,
    /** SRTCP (first byte 128..191, second byte 192..223 per RFC 5761 section 4). */
    RTCP,
    /**
     * Anything else: ZRTP, TURN channel data, QUIC, garbage, an RTP-range datagram too short
     * to carry its second byte, or a (buffer, offset, length) triple that does not fit the buffer.
     */
    UNKNOWN
}
