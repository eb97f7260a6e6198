package net.voxedge.router;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import net.voxedge.router.geo.GeoDatabaseException;
import net.voxedge.router.geo.GeoIpLocator;
import net.voxedge.topology.Topology;
import net.voxedge.topology.TopologyLoader;

/** The test fixtures: the sample topology and the small GeoIP City database. */
public final class Fixtures {

    private Fixtures() {
    }

    /** topology/src/main/resources/sample/topology.conf, from the topology module's classpath. */
    public static Topology sampleTopology() {
        try {
            return TopologyLoader.load(copy("/sample/topology.conf", ".conf"));
        } catch (Exception e) {
            throw new IllegalStateException("sample topology did not load", e);
        }
    }

    /** A path to src/test/resources/.../fixture-city.mmdb (written by src/test/fixtures/write-fixture-city.pl). */
    public static Path fixtureCityDb() {
        return copy("/net/voxedge/router/geo/fixture-city.mmdb", ".mmdb");
    }

    public static GeoIpLocator fixtureLocator() {
        try {
            return GeoIpLocator.open(fixtureCityDb(), GeoIpLocator.DEFAULT_UNKNOWN_RADIUS_KM);
        } catch (GeoDatabaseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path copy(String resource, String suffix) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            Path tmp = Files.createTempFile("voxedge-router-", suffix);
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
