package net.voxedge.router.geo;

import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;

/**
 * The five fields of a GeoIP2/GeoLite2 City record the router reads. Decoding only these (instead
 * of {@code DatabaseReader.city()}'s whole record with names in every language) is what makes a
 * lookup about 1 µs rather than 3.5–11 µs (shared/recipes/geoip.md). Instances are shared through
 * the reader's {@code CHMCache}, so they must stay immutable.
 */
public final class SlimCityRecord {

    private final Location location;
    private final Country country;
    private final Continent continent;

    @MaxMindDbConstructor
    public SlimCityRecord(@MaxMindDbParameter(name = "location") Location location,
                          @MaxMindDbParameter(name = "country") Country country,
                          @MaxMindDbParameter(name = "continent") Continent continent) {
        this.location = location;
        this.country = country;
        this.continent = continent;
    }

    /** {@code location}, or null when the record has none (country-only records). */
    public Location location() {
        return location;
    }

    /** The ISO 3166-1 alpha-2 country code, or null. */
    public String countryIsoCode() {
        return country == null ? null : country.isoCode;
    }

    /** The two-letter continent code ({@code EU}, {@code NA}, ...), or null. */
    public String continentCode() {
        return continent == null ? null : continent.code;
    }

    /** {@code location.latitude/longitude/accuracy_radius}; any of them may be absent. */
    public static final class Location {
        private final Double latitude;
        private final Double longitude;
        private final Integer accuracyRadius;

        @MaxMindDbConstructor
        public Location(@MaxMindDbParameter(name = "latitude") Double latitude,
                        @MaxMindDbParameter(name = "longitude") Double longitude,
                        @MaxMindDbParameter(name = "accuracy_radius") Integer accuracyRadius) {
            this.latitude = latitude;
            this.longitude = longitude;
            this.accuracyRadius = accuracyRadius;
        }

        public Double latitude() {
            return latitude;
        }

        public Double longitude() {
            return longitude;
        }

        /** Kilometres around the point within which the address is (MaxMind: ~67% confidence). */
        public Integer accuracyRadius() {
            return accuracyRadius;
        }
    }

    /** {@code country.iso_code}. */
    public static final class Country {
        private final String isoCode;

        @MaxMindDbConstructor
        public Country(@MaxMindDbParameter(name = "iso_code") String isoCode) {
            this.isoCode = isoCode;
        }
    }

    /** {@code continent.code}. */
    public static final class Continent {
        private final String code;

        @MaxMindDbConstructor
        public Continent(@MaxMindDbParameter(name = "code") String code) {
            this.code = code;
        }
    }
}
