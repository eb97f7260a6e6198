package net.voxedge.topology;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;

/**
 * A point of presence.
 *
 * @param id             0..65535: the PoP id carried in the routing token
 * @param name           short unique name, e.g. {@code fra1}
 * @param region         the id of its {@link Region}
 * @param mediaAddresses public media addresses (IP literals + port) clients send to
 * @param signalingUrl   the PoP's own HTTPS signaling endpoint
 * @param capacity       the most concurrent sessions it should carry
 * @param hosts          its machines
 */
public record Pop(int id, String name, String region, String city, double lat, double lon,
                  List<InetSocketAddress> mediaAddresses, URI signalingUrl, int capacity, List<Host> hosts) {

    public Pop {
        mediaAddresses = List.copyOf(mediaAddresses);
        hosts = List.copyOf(hosts);
    }
}
