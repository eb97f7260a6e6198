package net.voxedge.topology;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * An inference cluster: where the model servers run, reached through its backbone gateways.
 *
 * @param id       unique id used by links, e.g. {@code eu-central}
 * @param name     human-readable name
 * @param gateways backbone gateway addresses (IP literals + port)
 */
public record Cluster(String id, String name, String city, double lat, double lon, List<InetSocketAddress> gateways) {

    public Cluster {
        gateways = List.copyOf(gateways);
    }
}
