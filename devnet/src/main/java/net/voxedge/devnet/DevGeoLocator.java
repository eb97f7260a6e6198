package net.voxedge.devnet;

import java.net.InetAddress;
import net.voxedge.router.geo.GeoLocation;
import net.voxedge.router.geo.GeoLocator;

/**
 * The dev network's GeoIP: the small dev database (the talk page's sample cities, in documentation
 * ranges no real database covers) first, then the full City database when there is one, so the
 * "call from" selector works offline and a real address still finds its real city.
 */
public final class DevGeoLocator implements GeoLocator {

    private final GeoLocator dev;
    private final GeoLocator full;

    /** @param full the City database (GeoLite2), or null when there is none */
    public DevGeoLocator(GeoLocator dev, GeoLocator full) {
        this.dev = dev;
        this.full = full;
    }

    @Override
    public GeoLocation locate(InetAddress address) {
        GeoLocation d = dev.locate(address);
        if (d.kind() == GeoLocation.Kind.KNOWN || full == null) {
            return d;
        }
        return full.locate(address);
    }
}
