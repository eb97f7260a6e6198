package net.voxedge.router.geo;

import java.net.InetAddress;

/** Locates client addresses. Implementations never throw on any address: failures are UNKNOWN. */
public interface GeoLocator {

    GeoLocation locate(InetAddress address);
}
