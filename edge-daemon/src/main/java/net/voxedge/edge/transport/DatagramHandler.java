package net.voxedge.edge.transport;

import java.net.InetSocketAddress;

/**
 * What the transport hands each datagram to. One instance per event loop, called only on that
 * loop's thread, so it may keep mutable scratch state without locks.
 */
public interface DatagramHandler {
    /**
     * @param buf    worker-owned scratch holding the datagram at offset 0; valid only during the call
     * @param len    datagram length
     * @param sender the remote address (Netty's object, reused as the session-table key)
     * @param socket which of this loop's sockets received it (one per bind address)
     */
    void onDatagram(byte[] buf, int len, InetSocketAddress sender, int socket);
}
