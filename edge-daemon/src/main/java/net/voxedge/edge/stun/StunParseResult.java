package net.voxedge.edge.stun;

/**
 * Outcome of {@link StunMessage#parse}: {@link #OK} or the first thing found wrong with the datagram.
 * The IO layer counts drops by this reason, so each constant names one distinct defect.
 */
public enum StunParseResult {
    /** A well-formed STUN message; the accessors are valid until the next parse. */
    OK,
    /** {@code buf}, {@code off} and {@code len} do not describe a range inside {@code buf} (a caller bug). */
    BAD_BUFFER_BOUNDS,
    /** Shorter than the 20-byte STUN header. */
    TOO_SHORT,
    /** Longer than {@link StunMessage#MAX_DATAGRAM_LENGTH}, or a USERNAME longer than {@link StunMessage#MAX_USERNAME_LENGTH}. */
    TOO_LONG,
    /** The first two bits are not zero or the magic cookie is wrong: some other protocol. */
    NOT_STUN,
    /** The header's message length is not a multiple of 4 or does not match the datagram length. */
    BAD_LENGTH,
    /** An attribute's (padded) value runs past the end of the message. */
    ATTRIBUTE_OVERRUN,
    /**
     * An attribute where it may not be: anything after FINGERPRINT, anything but MESSAGE-INTEGRITY-SHA256 or
     * FINGERPRINT after MESSAGE-INTEGRITY, or a second copy of an attribute this parser records.
     */
    DUPLICATE_OR_MISORDERED,
    /** A known attribute with a length its definition forbids (e.g. FINGERPRINT not 4 bytes, MESSAGE-INTEGRITY not 20). */
    BAD_ATTRIBUTE_LENGTH,
    /** A known attribute whose value is invalid (e.g. an address family other than IPv4/IPv6, an ERROR-CODE class outside 3..6). */
    BAD_ATTRIBUTE_VALUE
}
