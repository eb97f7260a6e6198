package net.voxedge.edge.token;

/** Outcome of {@link RoutingTokenCodec#verify}; the IO layer counts rejected tokens by this reason. */
public enum TokenVerdict {
    /** Authentic and not expired: the fields in the output {@link RoutingToken} can be trusted. */
    OK,
    /** Not a token of ours: wrong length, a character outside the base64 alphabet, or an unknown version. */
    MALFORMED,
    /** Names a key id that is not (or no longer) in the key set. */
    UNKNOWN_KEY,
    /** The MAC does not match: forged or corrupted. */
    BAD_MAC,
    /** Authentic but past its expiry; the output token is filled in (for logs and metrics). */
    EXPIRED
}
