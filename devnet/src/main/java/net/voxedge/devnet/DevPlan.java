package net.voxedge.devnet;

import java.util.List;

/**
 * The shape of the dev network: three PoPs in three regions, two clusters, and the cities the talk
 * page can call from. Fixed on purpose: a newcomer's network is the same every time, and the
 * addresses printed at start match the ones in devnet/README.md.
 */
public final class DevPlan {

    /** The PoPs, each an edge daemon on its own 127.0.0.x. */
    public static final List<DevSite> POPS = List.of(
            new DevSite("fra1", 1, "eu", "Frankfurt", 50.1109, 8.6821, "127.0.0.2"),
            new DevSite("iad1", 2, "na", "Ashburn", 39.0438, -77.4874, "127.0.0.3"),
            new DevSite("nrt1", 3, "as", "Tokyo", 35.6762, 139.6503, "127.0.0.4"));

    /** The inference clusters, each a gateway and a parrot model server on its own 127.0.0.x. */
    public static final List<DevSite> CLUSTERS = List.of(
            new DevSite("eu-central", 1, "eu", "Frankfurt", 50.1109, 8.6821, "127.0.0.5"),
            new DevSite("us-east", 2, "na", "Ashburn", 39.0438, -77.4874, "127.0.0.6"));

    /** Where the talk page can call from; the samples are in dev-city.mmdb (write-dev-city.pl). */
    public static final List<DevCity> CITIES = List.of(
            new DevCity("fra", "Frankfurt", "192.0.2.10"),
            new DevCity("lon", "London", "192.0.2.70"),
            new DevCity("iad", "Virginia (Ashburn)", "198.51.100.10"),
            new DevCity("sfo", "San Francisco", "198.51.100.70"),
            new DevCity("tyo", "Tokyo", "203.0.113.10"),
            new DevCity("syd", "Sydney", "203.0.113.70"));

    /** The PoP whose signaling front the page talks to: a client the router cannot place lands here. */
    public static final String FRONT_POP = "fra1";

    private DevPlan() {
    }
}
