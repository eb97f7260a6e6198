package net.voxedge.edge.relay;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The relaying host's table of authenticated clients: client address → owner peer. Sans-IO (time is
 * passed in) and safe for every media loop at once (lock-free reads; entries are created only on an
 * owner's binding success response, so writes are rare).
 *
 * <p>Rules (edge-daemon/README.md, "Relay"): an entry is created or moved only by
 * {@link #onOwnerSuccess}; it is refreshed only by traffic from the owner ({@link #touch}), and
 * {@link #sweep} removes it once the owner has been silent for the timeout (the owner's consent
 * and RTCP run every second or so while the session is alive). At most {@code capacity} entries.
 */
public final class RelayBindings {
    private final int capacity;
    private final long timeoutNanos;
    private final ConcurrentHashMap<InetSocketAddress, RelayBinding> byClient = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<RelayClientKey, RelayBinding> byKey = new ConcurrentHashMap<>();

    public RelayBindings(int capacity, long timeoutNanos) {
        if (capacity < 1 || timeoutNanos <= 0) {
            throw new IllegalArgumentException("capacity and timeout must be positive");
        }
        this.capacity = capacity;
        this.timeoutNanos = timeoutNanos;
    }

    /** The binding of a client address that sent us a datagram, or null. */
    public RelayBinding byClient(InetSocketAddress client) {
        return byClient.get(client);
    }

    /** The binding of the client a frame names ({@code probe}: peer and socket 0), or null. */
    public RelayBinding find(RelayClientKey probe) {
        return byKey.get(probe);
    }

    /**
     * The owner {@code peer} answered the client {@code probe} names with a binding success: bind it (or
     * move it to that owner and socket). Null when the table is full.
     */
    public synchronized RelayBinding onOwnerSuccess(RelayClientKey probe, int peer, int socket, long nowNanos) {
        RelayBinding b = byKey.get(probe);
        if (b != null) {
            b.rebind(peer, socket, nowNanos);
            return b;
        }
        if (byKey.size() >= capacity) {
            return null;
        }
        byte[] ip = probe.ipBytes();
        InetSocketAddress client;
        try {
            client = new InetSocketAddress(InetAddress.getByAddress(ip), probe.port());
        } catch (UnknownHostException e) {
            return null; // only for a wrong length, which ipBytes() never gives
        }
        RelayClientKey key = probe.copy();
        b = new RelayBinding(key, client, ip, peer, socket, nowNanos);
        byKey.put(key, b);
        byClient.put(client, b);
        return b;
    }

    /** Traffic from the binding's owner to its client: it is alive. */
    public void touch(RelayBinding b, long nowNanos) {
        b.lastOwnerNanos = nowNanos;
    }

    /** Removes the bindings whose owner has been silent longer than the timeout; returns how many. */
    public synchronized int sweep(long nowNanos) {
        int removed = 0;
        for (RelayBinding b : byKey.values()) {
            if (nowNanos - b.lastOwnerNanos > timeoutNanos) {
                byKey.remove(b.key, b);
                byClient.remove(b.client(), b);
                removed++;
            }
        }
        return removed;
    }

    public int size() {
        return byKey.size();
    }

    public int capacity() {
        return capacity;
    }
}
