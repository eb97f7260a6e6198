package net.voxedge.router.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Metadata;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link GeoLocator} over a MaxMind DB City database (GeoLite2-City or GeoIP2-City) read with
 * {@link Reader} into {@link SlimCityRecord}s, with MaxMind's {@link CHMCache} so the records of
 * popular networks are decoded once. Thread-safe (the reader and the cache are).
 *
 * <p>A record whose {@code accuracy_radius} is above {@code unknownRadiusKm} is UNKNOWN: GeoLite2
 * answers "country centroid, 1000 km" for addresses it only knows the country of.
 */
public final class GeoIpLocator implements GeoLocator, AutoCloseable {

    /** Above this radius a location is too vague to route on (km). */
    public static final int DEFAULT_UNKNOWN_RADIUS_KM = 500;

    private final Reader reader;
    private final int unknownRadiusKm;
    private final Path path;

    private GeoIpLocator(Reader reader, int unknownRadiusKm, Path path) {
        this.reader = reader;
        this.unknownRadiusKm = unknownRadiusKm;
        this.path = path;
    }

    /**
     * Opens a City database (memory-mapped).
     *
     * @throws GeoDatabaseException naming the file when it is missing, unreadable, not a MaxMind
     *                              DB, not a City database, or IPv4-only
     */
    public static GeoIpLocator open(Path path, int unknownRadiusKm) throws GeoDatabaseException {
        if (unknownRadiusKm <= 0) {
            throw new IllegalArgumentException("unknownRadiusKm must be positive (got " + unknownRadiusKm + ")");
        }
        if (!Files.isRegularFile(path)) {
            throw new GeoDatabaseException("GeoIP database " + path + " does not exist or is not a file"
                    + " (fetch GeoLite2-City with scripts/fetch-geoip, or point geoip.path at your own City database)", null);
        }
        Reader reader;
        try {
            reader = new Reader(path.toFile(), new CHMCache());
        } catch (IOException | RuntimeException e) {
            throw new GeoDatabaseException("GeoIP database " + path + " is not a readable MaxMind DB file: " + e.getMessage(), e);
        }
        Metadata meta = reader.getMetadata();
        String type = meta.databaseType();
        String problem = null;
        if (type == null || !type.contains("City")) {
            problem = "is a \"" + type + "\" database; the router needs a City database (GeoLite2-City or GeoIP2-City)";
        } else if (meta.ipVersion() != 6) {
            problem = "is IPv4-only (ip_version " + meta.ipVersion() + "): IPv6 clients would be located wrongly";
        }
        if (problem != null) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // the problem above is the one to report
            }
            throw new GeoDatabaseException("GeoIP database " + path + " " + problem, null);
        }
        return new GeoIpLocator(reader, unknownRadiusKm, path);
    }

    @Override
    public GeoLocation locate(InetAddress address) {
        SlimCityRecord r;
        try {
            r = reader.get(address, SlimCityRecord.class);
        } catch (IOException | RuntimeException e) {
            // A corrupt region of the file must cost one client its location, not the request.
            return GeoLocation.FAILED;
        }
        return classify(r, unknownRadiusKm);
    }

    /** KNOWN or UNKNOWN for one decoded record (null = address not in the database). */
    static GeoLocation classify(SlimCityRecord r, int unknownRadiusKm) {
        if (r == null) {
            return GeoLocation.NOT_IN_DATABASE;
        }
        SlimCityRecord.Location loc = r.location();
        Double lat = loc == null ? null : loc.latitude();
        Double lon = loc == null ? null : loc.longitude();
        Integer radius = loc == null ? null : loc.accuracyRadius();
        int radiusKm = radius == null ? -1 : radius;
        if (lat == null || lon == null || !(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) {
            return GeoLocation.unknown(GeoLocation.Unknown.NO_LOCATION, radiusKm, r.countryIsoCode(), r.continentCode());
        }
        // No radius at all is as vague as a huge one: GeoLite2 always sets it for real points.
        if (radius == null || radius > unknownRadiusKm) {
            return GeoLocation.unknown(GeoLocation.Unknown.RADIUS_TOO_LARGE, radiusKm, r.countryIsoCode(), r.continentCode());
        }
        return GeoLocation.known(lat, lon, radiusKm, r.countryIsoCode(), r.continentCode());
    }

    /** The database's build time and type, for logs and {@code /v1/pops}-style status. */
    public String describe() {
        Metadata meta = reader.getMetadata();
        return meta.databaseType() + " built " + meta.buildTime() + " (" + path + ")";
    }

    public int unknownRadiusKm() {
        return unknownRadiusKm;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
