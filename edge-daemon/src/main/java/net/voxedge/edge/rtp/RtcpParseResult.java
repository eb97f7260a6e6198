package net.voxedge.edge.rtp;

/**
 * Outcome of {@link RtcpCompound#parse}; every value but {@link #OK} rejects the whole compound
 * packet (RFC 3550 appendix A.2: one bad packet makes the compound untrustworthy).
 */
public enum RtcpParseResult {
    /** Every packet in the compound is well-formed. */
    OK,
    /** The (buffer, offset, length) triple does not fit the buffer. */
    OUT_OF_BOUNDS,
    /** Shorter than one 4-byte RTCP header. */
    TOO_SHORT,
    /** A packet's version field is not 2. */
    BAD_VERSION,
    /** A packet's length field runs past the end, or bytes are left over that are not a whole header. */
    BAD_LENGTH,
    /** The P bit is set on a packet that is not the last one, or its padding count is 0 or too large. */
    BAD_PADDING,
    /** A sender report is too short for its sender info and announced report blocks. */
    BAD_SENDER_REPORT,
    /** A receiver report is too short for its announced report blocks. */
    BAD_RECEIVER_REPORT,
    /** A BYE is too short for its announced SSRC count. */
    BAD_BYE,
    /** A transport- or payload-specific feedback packet (RFC 4585) is shorter than its two SSRCs. */
    BAD_FEEDBACK
}
