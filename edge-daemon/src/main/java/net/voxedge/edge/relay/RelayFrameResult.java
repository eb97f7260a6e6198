package net.voxedge.edge.relay;

/** Why a relay frame did not parse (or {@link #OK}); the IO layer counts anything else as a malformed frame. */
public enum RelayFrameResult {
    OK,
    /** Shorter than its header, address, one payload byte and the tag; or bad offsets. */
    TRUNCATED,
    /** Payload longer than {@link RelayFrame#MAX_PAYLOAD}. */
    OVERSIZED,
    BAD_VERSION,
    BAD_TYPE,
    /** Key id above 15. */
    BAD_KEY_ID,
    /** Address family neither 4 nor 6. */
    BAD_FAMILY,
    /** Reserved byte not zero, or client port 0. */
    BAD_FIELD
}
