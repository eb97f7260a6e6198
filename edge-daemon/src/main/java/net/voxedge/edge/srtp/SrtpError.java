package net.voxedge.edge.srtp;

/**
 * Why {@link SrtpContext} refused a packet. The transform methods return {@link #code()} (always
 * negative) instead of a length, so the IO layer can count drops by reason without allocating:
 * {@code if (n < 0) drops[SrtpError.fromCode(n).ordinal()]++}.
 */
public enum SrtpError {
    /** {@code off}/{@code len} do not describe a range inside {@code buf}: a caller bug. */
    INVALID_ARGUMENT,
    /** Shorter than the fixed header plus the authentication tag (and SRTCP index). */
    TOO_SHORT,
    /** Longer than a UDP datagram can carry ({@link SrtpContext#MAX_PACKET_LENGTH}), before or after protection. */
    TOO_LONG,
    /** Not RTP/RTCP version 2, or the CSRC list / header extension runs past the packet. */
    BAD_HEADER,
    /** The authentication tag did not verify: forged, corrupted, or keyed differently. */
    AUTH_FAILED,
    /** The packet index was already accepted (or, when protecting, already sent). */
    REPLAYED,
    /** The packet index is behind the replay window, so it can no longer be checked. */
    TOO_OLD,
    /** A new SSRC arrived while the per-context SSRC table was full; new SSRCs are rejected. */
    SSRC_LIMIT,
    /** {@code buf} has no room after the packet for the tag (and SRTCP index) being appended. */
    BUFFER_TOO_SMALL,
    /** The packet index space (2^48 SRTP, 2^31 SRTCP) is used up: the session must be rekeyed. */
    INDEX_EXHAUSTED,
    /** The JCA provider failed unexpectedly; never seen in practice, counted rather than thrown. */
    CRYPTO_FAILURE;

    private static final SrtpError[] VALUES = values();

    /** The negative value the transform methods return for this error. */
    public int code() {
        return -1 - ordinal();
    }

    /** The error for a negative transform result, or {@code null} for a length (>= 0) or an unknown code. */
    public static SrtpError fromCode(int code) {
        int i = -1 - code;
        return code < 0 && i < VALUES.length ? VALUES[i] : null;
    }
}
