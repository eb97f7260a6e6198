package net.voxedge.topology.registry;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A process that takes part in the network: what registers, and what watchers see.
 *
 * @param id      unique across the network, e.g. {@code edge-fra1-h0}: the Consul service id
 * @param kind    edge, gateway or router
 * @param site    where it runs: a PoP name (edges, routers) or a cluster id (gateways), as in the topology file
 * @param host    the host name from the topology file (e.g. {@code fra1-h0})
 * @param address the address others reach it on (an IP literal or a name), for its main service
 * @param port    that service's port, 1..65535
 * @param meta    anything else a watcher needs (media addresses, versions): at most 32 entries,
 *                Consul's key rule ({@code [A-Za-z0-9_-]}), values up to 512 characters; the keys
 *                {@code kind}, {@code site} and {@code host} are reserved
 */
public record Member(String id, MemberKind kind, String site, String host, String address, int port,
                     Map<String, String> meta) {

    /** Metadata keys the registry writes itself. */
    public static final Set<String> RESERVED_META = Set.of("kind", "site", "host");
    static final int MAX_META = 32;
    static final int MAX_META_VALUE = 512;

    public Member {
        RegistryNames.id("member id", id);
        if (kind == null) {
            throw new IllegalArgumentException("member " + id + ": kind is missing");
        }
        RegistryNames.name("member " + id + ": site", site);
        RegistryNames.name("member " + id + ": host", host);
        if (address == null || address.isBlank() || address.length() > 255) {
            throw new IllegalArgumentException("member " + id + ": address must be 1-255 characters (got " + RegistryNames.quote(address) + ")");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("member " + id + ": port must be 1..65535 (got " + port + ")");
        }
        meta = meta == null ? Map.of() : meta;
        if (meta.size() > MAX_META) {
            throw new IllegalArgumentException("member " + id + ": at most " + MAX_META + " meta entries (got " + meta.size() + ")");
        }
        for (Map.Entry<String, String> e : meta.entrySet()) {
            RegistryNames.metaKey(e.getKey());
            if (RESERVED_META.contains(e.getKey())) {
                throw new IllegalArgumentException("member " + id + ": meta key " + e.getKey() + " is reserved (it is set from the member's own fields)");
            }
            if (e.getValue() == null || e.getValue().length() > MAX_META_VALUE) {
                throw new IllegalArgumentException("member " + id + ": meta " + e.getKey() + " must be a string of at most " + MAX_META_VALUE + " characters");
            }
        }
        meta = java.util.Collections.unmodifiableMap(new TreeMap<>(meta));
    }

    /** A member without metadata. */
    public static Member of(String id, MemberKind kind, String site, String host, String address, int port) {
        return new Member(id, kind, site, host, address, port, Map.of());
    }
}
