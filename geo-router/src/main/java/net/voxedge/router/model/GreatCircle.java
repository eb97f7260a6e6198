package net.voxedge.router.model;

/**
 * Great-circle distance on a spherical Earth (haversine). The sphere is off from the WGS-84
 * ellipsoid by at most ~0.5%, far below what GeoIP's accuracy radius or path inflation add.
 */
public final class GreatCircle {

    /** The IUGG mean Earth radius (km). */
    public static final double EARTH_RADIUS_KM = 6371.0088;

    private GreatCircle() {
    }

    /** Kilometres between two points given in degrees. */
    public static double km(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        return kmRadians(p1, Math.toRadians(lon1), Math.cos(p1), p2, Math.toRadians(lon2), Math.cos(p2));
    }

    /**
     * Kilometres between two points in radians, with each latitude's cosine precomputed: the
     * scorer keeps the PoPs' cosines so a decision costs one cosine per client, not per PoP.
     */
    public static double kmRadians(double lat1, double lon1, double cosLat1, double lat2, double lon2, double cosLat2) {
        double sinDLat = Math.sin((lat2 - lat1) * 0.5);
        double sinDLon = Math.sin((lon2 - lon1) * 0.5);
        double h = sinDLat * sinDLat + cosLat1 * cosLat2 * sinDLon * sinDLon;
        // Rounding can push h a hair past 1 for antipodal points; asin would return NaN.
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1.0, h)));
    }
}
