package net.voxedge.backbone.tunnel;

/** Where a {@link TunnelLink} puts datagrams to send; the range is valid only during the call. */
@FunctionalInterface
public interface TransmitSink {
    /** Sends (or queues a copy of) one datagram to the link's peer. Must not call back into the link. */
    void transmit(byte[] buf, int off, int len);
}
