package net.voxedge.edge.relay;

import java.net.InetSocketAddress;

/**
 * On the owning host: one client reached through a relaying peer (and one of its media sockets).
 *
 * <p>Sessions see the client under {@link #key()}, an unresolved address unique to this route that
 * never equals a real address: so the session registry, ICE's address slots and the selected pair
 * keep a relayed client apart from a direct one with the same IP and port, and from an older route
 * of the same client. {@link #client()} is the real address (XOR-MAPPED-ADDRESS, frame headers).
 */
public final class RelayRoute {
    final RelayClientKey tableKey;
    private final int index;
    private final int peer;
    private final int socket;
    private final InetSocketAddress client;
    private final byte[] ip;
    private final InetSocketAddress key;
    volatile long lastNanos;
    final long createdNanos;
    /** Set once a session accepted a check from this route (MESSAGE-INTEGRITY verified); until then it expires fast. */
    volatile boolean authenticated;

    RelayRoute(RelayClientKey tableKey, int index, int generation, int peer, int socket, InetSocketAddress client,
            byte[] ip, long nowNanos) {
        this.tableKey = tableKey;
        this.index = index;
        this.peer = peer;
        this.socket = socket;
        this.client = client;
        this.ip = ip;
        this.key = InetSocketAddress.createUnresolved("relay-" + peer + "-" + index + "-" + generation, client.getPort());
        this.lastNanos = nowNanos;
        this.createdNanos = nowNanos;
    }

    /** A session accepted an authenticated check from this client: the route lives by the normal timeout now. */
    public void markAuthenticated() {
        authenticated = true;
    }

    public boolean authenticated() {
        return authenticated;
    }

    /** The route's slot in {@link RelayRoutes} (what the media worker's socket number carries). */
    public int index() {
        return index;
    }

    /** Index of the relaying peer. */
    public int peer() {
        return peer;
    }

    /** The relaying host's media socket the client uses. */
    public int socket() {
        return socket;
    }

    /** The client's real address. */
    public InetSocketAddress client() {
        return client;
    }

    /** The client IP (4 or 16 bytes; not copied). */
    public byte[] ip() {
        return ip;
    }

    /** The address the session layer knows this client by (unresolved, unique to this route). */
    public InetSocketAddress key() {
        return key;
    }
}
