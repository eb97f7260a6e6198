package net.voxedge.topology;

/**
 * A backbone path between two nodes, each a PoP name or a cluster id, with the one-way latency
 * the operator expects on it (the floor that measured latency is compared against).
 */
public record BackboneLink(String from, String to, double expectedOneWayMs) {
}
