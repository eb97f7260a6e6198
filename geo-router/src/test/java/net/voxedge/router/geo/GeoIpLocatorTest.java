package net.voxedge.router.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import net.voxedge.router.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoIpLocatorTest {

    private static GeoIpLocator locator;

    @BeforeAll
    static void open() {
        locator = Fixtures.fixtureLocator();
    }

    @AfterAll
    static void close() throws Exception {
        locator.close();
    }

    private static GeoLocation at(String ip) {
        return locator.locate(InetAddress.ofLiteral(ip));
    }

    @Test
    void aCityRecordIsAPointWithItsRadius() {
        GeoLocation l = at("192.0.2.7");
        assertThat(l.kind()).isEqualTo(GeoLocation.Kind.KNOWN);
        assertThat(l.lat()).isEqualTo(50.1109);
        assertThat(l.lon()).isEqualTo(8.6821);
        assertThat(l.radiusKm()).isEqualTo(20);
        assertThat(l.countryCode()).isEqualTo("DE");
        assertThat(l.continent()).isEqualTo("EU");
    }

    @Test
    void ipv6AndIpv4MappedAddressesAreLocated() {
        assertThat(at("2001:db8:100:1::42")).extracting(GeoLocation::lat, GeoLocation::lon).containsExactly(-33.8688, 151.2093);
        assertThat(at("::ffff:198.51.100.7").countryCode()).isEqualTo("GB");
    }

    @Test
    void aCountryCentroidIsUnknownNotAPoint() {
        GeoLocation l = at("192.0.2.200");
        assertThat(l.kind()).isEqualTo(GeoLocation.Kind.UNKNOWN);
        assertThat(l.unknown()).isEqualTo(GeoLocation.Unknown.RADIUS_TOO_LARGE);
        assertThat(l.radiusKm()).isEqualTo(1000);
        assertThat(l.lat()).isNaN();
        assertThat(l.lon()).isNaN();
        assertThat(l.countryCode()).isEqualTo("US");
    }

    @Test
    void theRadiusThresholdIsConfigurable() throws Exception {
        try (GeoIpLocator lenient = GeoIpLocator.open(Fixtures.fixtureCityDb(), 1000)) {
            assertThat(lenient.locate(InetAddress.ofLiteral("192.0.2.200")).isKnown()).isTrue();
        }
        try (GeoIpLocator strict = GeoIpLocator.open(Fixtures.fixtureCityDb(), 10)) {
            assertThat(strict.locate(InetAddress.ofLiteral("192.0.2.7")).unknown()).isEqualTo(GeoLocation.Unknown.RADIUS_TOO_LARGE);
            assertThat(strict.locate(InetAddress.ofLiteral("198.51.100.1")).isKnown()).isTrue(); // radius 10
        }
    }

    @Test
    void aRecordWithoutCoordinatesIsUnknown() {
        GeoLocation l = at("100.65.3.4");
        assertThat(l.unknown()).isEqualTo(GeoLocation.Unknown.NO_LOCATION);
        assertThat(l.countryCode()).isEqualTo("DE");
    }

    @Test
    void anAddressNotInTheDatabaseIsUnknown() {
        assertThat(at("8.8.8.8")).isSameAs(GeoLocation.NOT_IN_DATABASE);
        assertThat(at("2001:db8:999::1").unknown()).isEqualTo(GeoLocation.Unknown.NO_RECORD);
    }

    @Test
    void theDescriptionNamesTheDatabase() {
        assertThat(locator.describe()).contains("GeoIP2-City");
    }

    @Test
    void aMissingFileIsAClearError(@TempDir Path dir) {
        Path missing = dir.resolve("GeoLite2-City.mmdb");
        assertThatThrownBy(() -> GeoIpLocator.open(missing, 500))
                .isInstanceOf(GeoDatabaseException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist")
                .hasMessageContaining("scripts/fetch-geoip");
    }

    @Test
    void aCorruptFileIsAClearError(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.mmdb");
        Files.write(bad, "this is not a MaxMind DB file at all".getBytes());
        assertThatThrownBy(() -> GeoIpLocator.open(bad, 500))
                .isInstanceOf(GeoDatabaseException.class)
                .hasMessageContaining(bad.toString())
                .hasMessageContaining("not a readable MaxMind DB");
    }

    @Test
    void aTruncatedDatabaseIsAClearError(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(Fixtures.fixtureCityDb());
        Path cut = dir.resolve("cut.mmdb");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> GeoIpLocator.open(cut, 500)).isInstanceOf(GeoDatabaseException.class)
                .hasMessageContaining(cut.toString());
    }

    @Test
    void classifyNeverInventsAPoint() {
        SlimCityRecord noRadius = new SlimCityRecord(new SlimCityRecord.Location(10.0, 20.0, null), null, null);
        assertThat(GeoIpLocator.classify(noRadius, 500).unknown()).isEqualTo(GeoLocation.Unknown.RADIUS_TOO_LARGE);
        SlimCityRecord outOfRange = new SlimCityRecord(new SlimCityRecord.Location(95.0, 20.0, 5), null, null);
        assertThat(GeoIpLocator.classify(outOfRange, 500).unknown()).isEqualTo(GeoLocation.Unknown.NO_LOCATION);
        SlimCityRecord nan = new SlimCityRecord(new SlimCityRecord.Location(Double.NaN, 20.0, 5), null, null);
        assertThat(GeoIpLocator.classify(nan, 500).isKnown()).isFalse();
        assertThat(GeoIpLocator.classify(null, 500)).isSameAs(GeoLocation.NOT_IN_DATABASE);
    }
}
