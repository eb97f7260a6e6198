package net.voxedge.backbone.tunnel;

/** Outcome of {@code TunnelLink.sendMedia} / {@code sendControl}. Only SENT means the frame was taken. */
public enum SendStatus {
    /** Encrypted and handed to the transmit sink (reliable frames are also buffered until acked). */
    SENT,
    /** The retransmission budget is full: nothing was taken; retry after acks free room. */
    BACKPRESSURE,
    /** Payload longer than {@link WireFormat#MAX_MEDIA_PAYLOAD}. */
    TOO_LARGE,
    /** Stream id outside 0..254, or a reliable seq not after the last one sent on that stream. */
    INVALID,
    /** No current send key. */
    NO_KEY,
    /** The stream table is full. */
    TOO_MANY_STREAMS,
    /** Packet numbers for this epoch are exhausted (2^48): restart the link with a new epoch. */
    EXHAUSTED
}
