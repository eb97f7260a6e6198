package net.voxedge.backbone.gateway;

/** What the gateway did with a CANCEL control message. */
public enum CancelOutcome {
    /** The response was cancelled at the model; its queued frames dropped. */
    CANCELLED,
    /** The payload is not the 12-byte {@code CancelPayload}. */
    MALFORMED,
    /** The tag names no response the session knows (never sent, or too old). */
    UNKNOWN_TAG,
    /** The response was already cancelled (the edge repeated itself). */
    ALREADY_CANCELLED
}
