package net.voxedge.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import net.voxedge.router.geo.GeoIpLocator;
import net.voxedge.router.geo.GeoLocation;
import net.voxedge.router.geo.GeoLocator;
import net.voxedge.router.model.GreatCircle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The talk page's sample addresses and the dev GeoIP database agree (write-dev-city.pl and DevPlan). */
class DevCitiesTest {

    @Test
    void everySampleAddressIsPlacedWithinReachOfTheCityItNames(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("dev-city.mmdb");
        try (InputStream in = getClass().getResourceAsStream("/net/voxedge/devnet/dev-city.mmdb")) {
            Files.copy(in, db);
        }
        try (GeoIpLocator geo = GeoIpLocator.open(db, GeoIpLocator.DEFAULT_UNKNOWN_RADIUS_KM)) {
            for (DevCity c : DevPlan.CITIES) {
                GeoLocation l = geo.locate(InetAddress.getByName(c.sample()));
                assertThat(l.kind()).as(c.label()).isEqualTo(GeoLocation.Kind.KNOWN);
            }
            // The three PoP cities are where the PoPs stand.
            for (int i = 0; i < 3; i++) {
                DevCity c = DevPlan.CITIES.get(new int[] {0, 2, 4}[i]);
                DevSite pop = DevPlan.POPS.get(i);
                GeoLocation l = geo.locate(InetAddress.getByName(c.sample()));
                assertThat(GreatCircle.km(l.lat(), l.lon(), pop.lat(), pop.lon())).as(c.label()).isLessThan(50);
            }
            assertThat(geo.locate(InetAddress.getByName("127.0.0.1")).kind()).isEqualTo(GeoLocation.Kind.UNKNOWN);
        }
    }

    @Test
    void theFullDatabaseIsAskedOnlyWhenTheDevOneDoesNotKnow() throws Exception {
        GeoLocation known = new GeoLocation(GeoLocation.Kind.KNOWN, GeoLocation.Unknown.NONE, 1, 2, 10, "DE", "EU");
        GeoLocation unknown = new GeoLocation(GeoLocation.Kind.UNKNOWN, GeoLocation.Unknown.NO_RECORD, Double.NaN,
                Double.NaN, -1, null, null);
        GeoLocation elsewhere = new GeoLocation(GeoLocation.Kind.KNOWN, GeoLocation.Unknown.NONE, 3, 4, 10, "US", "NA");
        int[] fullAsked = {0};
        GeoLocator full = a -> {
            fullAsked[0]++;
            return elsewhere;
        };
        InetAddress a = InetAddress.getByName("192.0.2.10");
        assertThat(new DevGeoLocator(x -> known, full).locate(a)).isSameAs(known);
        assertThat(fullAsked[0]).isZero();
        assertThat(new DevGeoLocator(x -> unknown, full).locate(a)).isSameAs(elsewhere);
        assertThat(new DevGeoLocator(x -> unknown, null).locate(a)).isSameAs(unknown);
    }
}
