package net.voxedge.backbone.tunnel;

/**
 * Events of a {@link TunnelLink}, called on the link's thread from inside {@code receive} or
 * {@code onTimeout}. Byte ranges are valid only during the call (copy what you keep). A listener may
 * call the link's send methods and {@code closeSession}, never {@code receive} or {@code onTimeout}.
 */
public interface TunnelListener {
    /** A media frame, in seq order for reliable streams, newest-only for best-effort ones. */
    default void onMedia(long session, int stream, int seq, int mediaTimestamp, int flags, byte[] buf, int off, int len) {
    }

    /** A control message, in order per session. */
    default void onControl(long session, int controlType, byte[] buf, int off, int len) {
    }

    /**
     * The peer has everything up to and including {@code seq} on this reliable stream (or this side
     * abandoned the missing ones): the journal can advance its acked index. Called only when it grows.
     */
    default void onAcked(long session, int stream, int seq) {
    }

    /** A reliable frame exhausted its retransmissions and was given up. */
    default void onFrameLost(long session, int stream, int seq) {
    }

    /** The link went UP or DOWN. */
    default void onLinkState(LinkState state, long nowNanos) {
    }

    /** An incoming datagram or frame was dropped (also counted, see {@code TunnelLink.drops}). */
    default void onDrop(DropReason reason) {
    }
}
