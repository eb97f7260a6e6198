package net.voxedge.edge.rtp;

/** Outcome of {@link RtpPacket#parse}; every value but {@link #OK} is a reason to drop the packet. */
public enum RtpParseResult {
    /** A well-formed RTP packet. */
    OK,
    /** The (buffer, offset, length) triple does not fit the buffer. */
    OUT_OF_BOUNDS,
    /** Shorter than the 12-byte fixed header. */
    TOO_SHORT,
    /** Version field is not 2. */
    BAD_VERSION,
    /** The CSRC list announced by the CC field runs past the end of the packet. */
    BAD_CSRC_COUNT,
    /** The X bit is set but the extension header or its announced body runs past the end. */
    BAD_EXTENSION_LENGTH,
    /** The P bit is set but the padding count is zero or larger than what follows the header. */
    BAD_PADDING
}
