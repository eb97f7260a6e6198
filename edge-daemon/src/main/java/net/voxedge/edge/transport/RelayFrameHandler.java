package net.voxedge.edge.transport;

import java.net.InetSocketAddress;

/**
 * What the transport hands each datagram of the inter-host relay socket to (edge-daemon/README.md,
 * "Relay"). Like {@link DatagramHandler}: one instance per event loop, called on that loop only.
 */
public interface RelayFrameHandler {
    /**
     * @param buf    loop-owned scratch holding the frame at offset 0; valid only during the call
     * @param len    frame length
     * @param sender the peer's relay socket address
     */
    void onRelayFrame(byte[] buf, int len, InetSocketAddress sender);
}
