package net.voxedge.devnet;

/**
 * A place in the dev network: a PoP (an edge daemon) or an inference cluster (a gateway and a parrot
 * model server), each on its own loopback address as if it were its own host.
 *
 * @param name    the PoP name or cluster id in the generated topology ({@code fra1}, {@code eu-central})
 * @param id      the PoP id written into routing tokens (clusters: their position, unused by tokens)
 * @param region  the topology region id
 * @param city    where the site stands (the router's great-circle model uses lat/lon)
 * @param address the loopback address every socket of the site binds (127.0.0.x)
 */
public record DevSite(String name, int id, String region, String city, double lat, double lon, String address) {
}
