package net.voxedge.edge.relay;

import java.net.InetSocketAddress;

/**
 * On the relaying host: one client address whose traffic goes to an owner host. It exists only after
 * the owner's binding success response for this client came back through us (the owner checked the
 * client's MESSAGE-INTEGRITY; we cannot), and lives while the owner keeps sending to the client.
 */
public final class RelayBinding {
    final RelayClientKey key;
    private final InetSocketAddress client;
    private final byte[] ip;
    private volatile int peer;
    private volatile int socket;
    volatile long lastOwnerNanos;

    RelayBinding(RelayClientKey key, InetSocketAddress client, byte[] ip, int peer, int socket, long nowNanos) {
        this.key = key;
        this.client = client;
        this.ip = ip;
        this.peer = peer;
        this.socket = socket;
        this.lastOwnerNanos = nowNanos;
    }

    /** The client's address (what datagrams to it are sent to, and its key in the table). */
    public InetSocketAddress client() {
        return client;
    }

    /** The client IP bytes (4 or 16; not copied), for frame headers. */
    public byte[] ip() {
        return ip;
    }

    /** Index of the owner's peer entry. */
    public int peer() {
        return peer;
    }

    /** The media socket (index on every loop) the client reaches us on. */
    public int socket() {
        return socket;
    }

    void rebind(int peer, int socket, long nowNanos) {
        this.peer = peer;
        this.socket = socket;
        this.lastOwnerNanos = nowNanos;
    }
}
