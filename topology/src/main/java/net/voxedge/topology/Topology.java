package net.voxedge.topology;

import java.util.List;
import java.util.Optional;

/**
 * The whole network as described by one topology file: regions, PoPs, inference clusters,
 * backbone links, anycast addresses and references to keys. Built and validated by
 * {@link TopologyLoader}; immutable.
 */
public record Topology(List<Region> regions, List<Pop> pops, List<Cluster> clusters,
                       List<BackboneLink> links, List<AnycastAddress> anycast, List<KeyRef> keys) {

    public Topology {
        regions = List.copyOf(regions);
        pops = List.copyOf(pops);
        clusters = List.copyOf(clusters);
        links = List.copyOf(links);
        anycast = List.copyOf(anycast);
        keys = List.copyOf(keys);
    }

    /** The PoP with this short name (e.g. {@code fra1}). */
    public Optional<Pop> pop(String name) {
        return pops.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The PoP with this routing-token id. */
    public Optional<Pop> pop(int id) {
        return pops.stream().filter(p -> p.id() == id).findFirst();
    }

    /** The inference cluster with this id (e.g. {@code eu-central}). */
    public Optional<Cluster> cluster(String id) {
        return clusters.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The key reference with this name. */
    public Optional<KeyRef> key(String name) {
        return keys.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    /** The backbone links that start or end at this PoP name or cluster id. */
    public List<BackboneLink> linksOf(String node) {
        return links.stream().filter(l -> l.from().equals(node) || l.to().equals(node)).toList();
    }
}
