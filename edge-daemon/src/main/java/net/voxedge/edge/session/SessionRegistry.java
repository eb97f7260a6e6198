package net.voxedge.edge.session;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every live session of this host, reachable from every media worker and from signaling.
 *
 * <p>Lookups are lock-free {@link ConcurrentHashMap} reads, so the per-packet path takes no lock:
 * a datagram's sender address finds its session in one {@code get}; a STUN request from an
 * address not yet known finds it by the session id inside its verified routing token. Writes
 * happen only when sessions start, bind an address, or end.
 */
public final class SessionRegistry {
    private final ConcurrentHashMap<Long, EdgeSession> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, EdgeSession> byCallId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetSocketAddress, EdgeSession> byAddress = new ConcurrentHashMap<>();

    /** Adds a session; false if its id collides (the caller draws a new id). */
    boolean add(EdgeSession s) {
        if (byId.putIfAbsent(s.id(), s) != null) {
            return false;
        }
        byCallId.put(s.callId(), s);
        return true;
    }

    public EdgeSession byId(long id) {
        return byId.get(id);
    }

    public EdgeSession byCallId(String callId) {
        return byCallId.get(callId);
    }

    public EdgeSession byAddress(InetSocketAddress a) {
        return byAddress.get(a);
    }

    /**
     * Points {@code a} at {@code s} after {@code s} authenticated a binding request from it. The
     * newest authenticated binding wins: a NAT that reuses a port for a new session moves it.
     */
    void bindAddress(InetSocketAddress a, EdgeSession s) {
        byAddress.put(a, s);
    }

    void unbindAddress(InetSocketAddress a, EdgeSession s) {
        byAddress.remove(a, s);
    }

    void remove(EdgeSession s) {
        byId.remove(s.id(), s);
        byCallId.remove(s.callId(), s);
    }

    public int size() {
        return byId.size();
    }

    public int boundAddresses() {
        return byAddress.size();
    }

    /** Every live session, iterated in place (weakly consistent: sessions may come and go meanwhile). */
    Iterable<EdgeSession> live() {
        return byId.values();
    }

    public List<EdgeSession> snapshot() {
        return new ArrayList<>(byId.values());
    }
}
