package net.voxedge.edge.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This host's cross-host relay state, shared by every media loop: its peers, the relaying table
 * ({@link RelayBindings}), the owner's routes ({@link RelayRoutes}), the frame keys, and the relay
 * meters. The per-packet logic is in the media worker; this class only holds and counts.
 */
public final class Relay {
    /** Where relay traffic was counted: relaying host (client ↔ owner) or owner (relayer ↔ session). */
    public enum Leg { TO_OWNER, TO_CLIENT, OWNER_IN, OWNER_OUT }

    private static final long SWEEP_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RelaySettings settings;
    private final RelayPeer[] peers;
    private final RelayBindings bindings;
    private final RelayRoutes routes;
    private volatile RelayKeys keys;
    private final AtomicLong nextSweep = new AtomicLong(Long.MIN_VALUE);
    private final Counter[] packets = new Counter[Leg.values().length];
    private final Counter[] bytes = new Counter[Leg.values().length];
    private final Counter expired;

    public Relay(RelaySettings settings, RelayKeys keys, MeterRegistry registry) {
        this.settings = settings;
        this.peers = settings.peers().toArray(new RelayPeer[0]);
        this.bindings = new RelayBindings(settings.maxEntries(), settings.timeout().toNanos());
        this.routes = new RelayRoutes(settings.maxEntries(), settings.timeout().toNanos());
        this.keys = keys;
        for (Leg leg : Leg.values()) {
            String role = leg == Leg.TO_OWNER || leg == Leg.TO_CLIENT ? "relayer" : "owner";
            String dir = switch (leg) {
                case TO_OWNER -> "to_owner";
                case TO_CLIENT -> "to_client";
                case OWNER_IN -> "in";
                case OWNER_OUT -> "out";
            };
            packets[leg.ordinal()] = Counter.builder("voxedge.relay.packets").tag("role", role).tag("direction", dir)
                    .description("Client datagrams carried over the inter-host relay").register(registry);
            bytes[leg.ordinal()] = Counter.builder("voxedge.relay.bytes").tag("role", role).tag("direction", dir)
                    .description("Client datagram bytes (without frame headers) carried over the relay").register(registry);
        }
        expired = Counter.builder("voxedge.relay.expired").description("Relay bindings and routes removed for silence")
                .register(registry);
        Gauge.builder("voxedge.relay.bindings.active", bindings, RelayBindings::size)
                .description("Clients this host relays to an owner").register(registry);
        Gauge.builder("voxedge.relay.routes.active", routes, RelayRoutes::size)
                .description("Clients this host owns that reach it through a relaying peer").register(registry);
    }

    /** The peer entry whose tokens name {@code popId}/{@code hostId}, or -1. */
    public int peerFor(int popId, int hostId) {
        for (RelayPeer p : peers) {
            if (p.popId() == popId && p.hostId() == hostId) {
                return p.index();
            }
        }
        return -1;
    }

    /** The peer whose relay socket is {@code source}, or -1: frames from anywhere else are dropped. */
    public int peerAt(InetSocketAddress source) {
        for (RelayPeer p : peers) {
            if (p.address().equals(source)) {
                return p.index();
            }
        }
        return -1;
    }

    public RelayPeer peer(int index) {
        return peers[index];
    }

    public List<RelayPeer> peers() {
        return settings.peers();
    }

    public RelayBindings bindings() {
        return bindings;
    }

    public RelayRoutes routes() {
        return routes;
    }

    public RelayKeys keys() {
        return keys;
    }

    /** New frame keys after a routing-key reload. */
    public void reloadKeys(Map<Integer, byte[]> routingSecrets, int currentKeyId) {
        keys = RelayKeys.derive(routingSecrets, currentKeyId);
    }

    public void count(Leg leg, int payloadBytes) {
        packets[leg.ordinal()].increment();
        bytes[leg.ordinal()].increment(payloadBytes);
    }

    public double packets(Leg leg) {
        return packets[leg.ordinal()].count();
    }

    /** Sweeps both tables at most once a second, whichever loop's tick gets here first. */
    public void maybeSweep(long nowNanos) {
        long due = nextSweep.get();
        if (due != Long.MIN_VALUE && nowNanos - due < 0) {
            return;
        }
        if (!nextSweep.compareAndSet(due, nowNanos + SWEEP_EVERY_NANOS)) {
            return;
        }
        int n = bindings.sweep(nowNanos) + routes.sweep(nowNanos);
        if (n > 0) {
            expired.increment(n);
        }
    }
}
