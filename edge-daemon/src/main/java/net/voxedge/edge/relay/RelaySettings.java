package net.voxedge.edge.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.voxedge.edge.config.ConfigException;
import net.voxedge.edge.config.ConfigSource;
import net.voxedge.edge.config.HostPort;

/**
 * The {@code relay.*} settings (edge-daemon/README.md, "Relay"). Without {@code relay.listen} there is
 * no relay: a binding request whose token names another host is dropped as {@code token_other_host}.
 *
 * @param listen the relay socket's {@code ip:port}, or null when the relay is off
 * @param peers the other hosts, in configuration order
 * @param maxEntries cap of the relaying table (clients bound to owners) and, separately, of the owner's routes
 * @param timeout how long a relay binding lives without the owner sending to its client (and a route without frames)
 */
public record RelaySettings(HostPort listen, List<RelayPeer> peers, int maxEntries, Duration timeout) {
    /** No relay. */
    public static final RelaySettings OFF = new RelaySettings(null, List.of(), 1, Duration.ofSeconds(30));

    public boolean enabled() {
        return listen != null;
    }

    /** Reads {@code relay.*}; {@code popId}/{@code hostId} are this host's (it must not list itself). */
    public static RelaySettings load(ConfigSource src, int popId, int hostId) {
        String listenText = src.string("relay.listen", null);
        List<String> peerTexts = src.list("relay.peers", null);
        int max = src.integer("relay.maxBindings", 10_000, 1, 1_000_000);
        Duration timeout = Duration.ofSeconds(src.integer("relay.bindingTimeoutSeconds", 30, 5, 3600));
        if (listenText == null) {
            if (!peerTexts.isEmpty()) {
                throw src.bad("relay.peers", "needs relay.listen (the ip:port of this host's relay socket)");
            }
            return OFF;
        }
        HostPort listen = hostPort(src, "relay.listen", listenText);
        if (listen.port() == 0) {
            throw src.bad("relay.listen", "needs a fixed port: the peers list this address in their relay.peers");
        }
        if (listen.address().isAnyLocalAddress()) {
            throw src.bad("relay.listen", "must be a specific address: peers accept frames only from the address"
                    + " they list for this host, and a wildcard socket's source address is not fixed");
        }
        if (peerTexts.isEmpty()) {
            throw src.bad("relay.peers", "must list at least one popId/hostId=ip:port when relay.listen is set");
        }
        List<RelayPeer> peers = new ArrayList<>();
        for (String text : peerTexts) {
            int eq = text.indexOf('=');
            int slash = text.indexOf('/');
            if (eq < 0 || slash < 0 || slash > eq) {
                throw src.bad("relay.peers", "entry '" + text + "' is not popId/hostId=ip:port");
            }
            int pop;
            int host;
            try {
                pop = Integer.parseInt(text.substring(0, slash).trim());
                host = Integer.parseInt(text.substring(slash + 1, eq).trim());
            } catch (NumberFormatException e) {
                throw src.bad("relay.peers", "entry '" + text + "': popId and hostId must be numbers");
            }
            if (pop < 0 || pop > 65535 || host < 0 || host > 255) {
                throw src.bad("relay.peers", "entry '" + text + "': popId is 0..65535 and hostId 0..255");
            }
            if (pop == popId && host == hostId) {
                throw src.bad("relay.peers", "entry '" + text + "' is this host itself (pop.id/host.id)");
            }
            HostPort hp = hostPort(src, "relay.peers", text.substring(eq + 1).trim());
            if (hp.port() == 0 || hp.address().isAnyLocalAddress()) {
                throw src.bad("relay.peers", "entry '" + text + "' needs the peer's specific relay ip and a port");
            }
            for (RelayPeer p : peers) {
                if (p.popId() == pop && p.hostId() == host) {
                    throw src.bad("relay.peers", "lists " + pop + "/" + host + " twice");
                }
                if (p.address().equals(hp.socketAddress())) {
                    throw src.bad("relay.peers", "lists " + hp + " for two hosts");
                }
            }
            peers.add(new RelayPeer(peers.size(), pop, host, hp.socketAddress()));
        }
        return new RelaySettings(listen, List.copyOf(peers), max, timeout);
    }

    private static HostPort hostPort(ConfigSource src, String key, String text) {
        try {
            return HostPort.parse(text, key);
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage() + " (" + src.origin(key) + ")");
        }
    }
}
