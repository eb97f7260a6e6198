package net.voxedge.router.geo;

/**
 * Where GeoIP puts an address: a point with an accuracy radius ({@link Kind#KNOWN}), or
 * {@link Kind#UNKNOWN} with the reason. An unknown location never carries a made-up point: a
 * country centroid with a 1000 km radius is "somewhere in that country", and routing from the
 * centroid would send half of a large country to the wrong PoP.
 *
 * @param lat         degrees, NaN when unknown
 * @param lon         degrees, NaN when unknown
 * @param radiusKm    the database's {@code accuracy_radius}; -1 when it has none
 * @param countryCode ISO 3166-1 alpha-2, or null
 * @param continent   two-letter continent code, or null
 */
public record GeoLocation(Kind kind, Unknown unknown, double lat, double lon, int radiusKm,
                          String countryCode, String continent) {

    /** Whether the location is a usable point. */
    public enum Kind { KNOWN, UNKNOWN }

    /** Why a location is unknown ({@link #NONE} when it is known). */
    public enum Unknown {
        NONE("known"),
        NO_RECORD("address not in the GeoIP database"),
        NO_LOCATION("GeoIP record has no coordinates"),
        RADIUS_TOO_LARGE("GeoIP accuracy radius too large"),
        LOOKUP_FAILED("GeoIP lookup failed");

        private final String text;

        Unknown(String text) {
            this.text = text;
        }

        /** A short phrase for reasons and logs. */
        public String text() {
            return text;
        }
    }

    public static final GeoLocation NOT_IN_DATABASE = new GeoLocation(Kind.UNKNOWN, Unknown.NO_RECORD, Double.NaN, Double.NaN, -1, null, null);
    public static final GeoLocation FAILED = new GeoLocation(Kind.UNKNOWN, Unknown.LOOKUP_FAILED, Double.NaN, Double.NaN, -1, null, null);

    /** A point. */
    public static GeoLocation known(double lat, double lon, int radiusKm, String countryCode, String continent) {
        return new GeoLocation(Kind.KNOWN, Unknown.NONE, lat, lon, radiusKm, countryCode, continent);
    }

    /** Not a point, for this reason; the country and continent are kept for the record. */
    public static GeoLocation unknown(Unknown why, int radiusKm, String countryCode, String continent) {
        return new GeoLocation(Kind.UNKNOWN, why, Double.NaN, Double.NaN, radiusKm, countryCode, continent);
    }

    public boolean isKnown() {
        return kind == Kind.KNOWN;
    }
}
