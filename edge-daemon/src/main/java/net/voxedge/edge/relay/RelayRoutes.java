package net.voxedge.edge.relay;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The owning host's table of clients reached through relaying peers. Sans-IO (time passed in); lookups
 * by frame fields ({@link #find}) and by slot ({@link #get}) are lock-free and allocate nothing;
 * creating and sweeping take a lock (rare). At most {@code capacity} routes; a route nobody used
 * (frames either way) for the timeout is removed, and its slot reused under a new
 * {@link RelayRoute#key()}, so a session still holding the old one cannot reach the new client.
 */
public final class RelayRoutes {
    /** How long a route may wait for its first authenticated check. */
    public static final long PENDING_NANOS = 5_000_000_000L;

    private final int capacity;
    private final long timeoutNanos;
    private final ConcurrentHashMap<RelayClientKey, RelayRoute> byKey = new ConcurrentHashMap<>();
    private final AtomicReferenceArray<RelayRoute> slots;
    private int nextFree;
    private int generation;

    public RelayRoutes(int capacity, long timeoutNanos) {
        if (capacity < 1 || timeoutNanos <= 0) {
            throw new IllegalArgumentException("capacity and timeout must be positive");
        }
        this.capacity = capacity;
        this.timeoutNanos = timeoutNanos;
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    /** The route for the client a frame names ({@code probe}: peer, socket, address), or null. */
    public RelayRoute find(RelayClientKey probe) {
        return byKey.get(probe);
    }

    /** The route in slot {@code index}, or null (also for an index out of range). */
    public RelayRoute get(int index) {
        return index >= 0 && index < capacity ? slots.get(index) : null;
    }

    /** Creates the route for {@code probe}'s client via {@code peer}; null when the table is full. */
    public synchronized RelayRoute create(RelayClientKey probe, int peer, int socket, long nowNanos) {
        RelayRoute r = byKey.get(probe);
        if (r != null) {
            return r;
        }
        if (byKey.size() >= capacity) {
            return null;
        }
        int slot = -1;
        for (int i = 0; i < capacity; i++) {
            int j = (nextFree + i) % capacity;
            if (slots.get(j) == null) {
                slot = j;
                break;
            }
        }
        if (slot < 0) {
            return null;
        }
        nextFree = (slot + 1) % capacity;
        byte[] ip = probe.ipBytes();
        InetSocketAddress client;
        try {
            client = new InetSocketAddress(InetAddress.getByAddress(ip), probe.port());
        } catch (UnknownHostException e) {
            return null;
        }
        RelayClientKey key = probe.copy();
        r = new RelayRoute(key, slot, ++generation, peer, socket, client, ip, nowNanos);
        slots.set(slot, r);
        byKey.put(key, r);
        return r;
    }

    /** A frame went either way on this route. */
    public void touch(RelayRoute r, long nowNanos) {
        r.lastNanos = nowNanos;
    }

    /**
     * Removes the routes idle longer than the timeout, and those no session authenticated within
     * {@link #PENDING_NANOS} of their creation (a relayed request whose MESSAGE-INTEGRITY failed leaves one
     * behind, and a client holding one valid token could otherwise fill the table from many ports); returns
     * how many.
     */
    public synchronized int sweep(long nowNanos) {
        int removed = 0;
        for (RelayRoute r : byKey.values()) {
            boolean pendingTooLong = !r.authenticated && nowNanos - r.createdNanos > Math.min(PENDING_NANOS, timeoutNanos);
            if (pendingTooLong || nowNanos - r.lastNanos > timeoutNanos) {
                byKey.remove(r.tableKey, r);
                slots.compareAndSet(r.index(), r, null);
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
