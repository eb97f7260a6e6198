package net.voxedge.edge.presence;

import java.time.Duration;
import net.voxedge.edge.config.ConfigException;
import net.voxedge.edge.config.ConfigSource;
import net.voxedge.edge.config.HostPort;

/**
 * Where the edge registers itself ({@code registry.*} keys). Without {@code registry.consul} the
 * daemon runs without a registry (a single edge, or a network whose router is configured by hand).
 *
 * @param consul the Consul agent's HTTP address, or null for no registry
 * @param memberId the member id (unique in the network); default {@code edge-<pop>-h<host>}
 * @param loadEvery how often the load is published
 * @param latencyEvery how often the measured round trips are published
 */
public record PresenceSettings(HostPort consul, String memberId, Duration loadEvery, Duration latencyEvery) {

    public boolean enabled() {
        return consul != null;
    }

    /** Reads the {@code registry.*} keys; errors name the key, where it was set, and the problem. */
    public static PresenceSettings load(ConfigSource src, String popName, int hostId) {
        String consulText = src.string("registry.consul", null);
        String id = src.string("registry.memberId", "edge-" + popName + "-h" + hostId);
        int loadSeconds = src.integer("registry.loadEverySeconds", 5, 1, 300);
        int latencySeconds = src.integer("registry.latencyEverySeconds", 10, 1, 3600);
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
            throw src.bad("registry.memberId", "must be letters, digits, '.', '_' or '-' (at most 128), starting with"
                    + " a letter or digit (got '" + id + "')");
        }
        HostPort consul = null;
        if (consulText != null) {
            try {
                consul = HostPort.parse(consulText, "registry.consul");
            } catch (ConfigException e) {
                throw src.bad("registry.consul", "must be the Consul agent's HTTP address as ip:port, e.g."
                        + " 127.0.0.1:8500 (" + e.getMessage() + ")");
            }
            if (consul.port() == 0) {
                throw src.bad("registry.consul", "needs a port (got " + consulText + ")");
            }
        }
        return new PresenceSettings(consul, id, Duration.ofSeconds(loadSeconds), Duration.ofSeconds(latencySeconds));
    }
}
