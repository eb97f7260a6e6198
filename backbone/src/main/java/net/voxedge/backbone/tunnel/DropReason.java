package net.voxedge.backbone.tunnel;

/** Why an incoming datagram (or the frame in it) was dropped; each has a counter on the link. */
public enum DropReason {
    /** Shorter than header + tag, or longer than {@link WireFormat#MAX_DATAGRAM}. */
    BAD_LENGTH,
    /** Version byte is not {@link WireFormat#VERSION}. */
    BAD_VERSION,
    /** Unknown frame type code. */
    BAD_TYPE,
    /** Reserved header byte not zero. */
    BAD_RESERVED,
    /** Link id in the header is not this link's. */
    WRONG_LINK,
    /** No installed receive key has this key id. */
    UNKNOWN_KEY,
    /** Authentication tag did not verify: forged, corrupted or encrypted under another secret. */
    BAD_TAG,
    /** Sender epoch older than the peer's current one: a replay from before the peer restarted. */
    STALE_EPOCH,
    /** Packet number already seen in the replay window. */
    REPLAYED,
    /** Packet number below the replay window. */
    TOO_OLD,
    /** Authentic, but the body does not parse (a peer bug, never an attacker: they cannot pass the tag). */
    MALFORMED_BODY,
    /** Reliable frame already delivered or already held. */
    DUPLICATE,
    /** Best-effort media not newer than the last delivered frame of its stream. */
    STALE_MEDIA,
    /** Sequence number too far ahead of the next expected one. */
    OUT_OF_WINDOW,
    /** No room to hold an out-of-order frame (the sender retransmits it later). */
    HOLD_FULL,
    /** The stream table is full. */
    TOO_MANY_STREAMS,
    /** Frame for a session this side has closed. */
    CLOSED_SESSION
}
