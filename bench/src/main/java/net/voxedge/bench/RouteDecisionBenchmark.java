package net.voxedge.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.voxedge.router.RouterService;
import net.voxedge.router.geo.GeoIpLocator;
import net.voxedge.router.geo.GeoLocation;
import net.voxedge.router.measured.MeasuredRttTable;
import net.voxedge.router.model.RttModel;
import net.voxedge.router.net.IpLiteral;
import net.voxedge.router.net.PrefixKeys;
import net.voxedge.router.scoring.PopScorer;
import net.voxedge.router.scoring.RouteDecision;
import net.voxedge.router.scoring.ScoringPolicy;
import net.voxedge.router.state.InMemoryLiveState;
import net.voxedge.topology.Topology;
import net.voxedge.topology.TopologyLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Routing decisions per second on one thread (= one core), with the sample topology (10 PoPs,
 * 3 clusters), over the 2,952 ground-truth addresses in turn:
 * <ul>
 *   <li>{@code geoPath}: what {@code GET /v1/route} does after parsing — GeoIP lookup (slim
 *       record, {@code CHMCache}), prefix key, scoring, cluster choice; nothing measured;</li>
 *   <li>{@code measuredPath}: the same with every address's prefix measured to three PoPs;</li>
 *   <li>{@code scoreOnly}: the scorer alone, the GeoIP answer precomputed;</li>
 *   <li>{@code geoLookup}: the GeoIP lookup alone.</li>
 * </ul>
 * The GeoIP database is {@code data/geoip/GeoLite2-City.mmdb} (scripts/fetch-geoip) or
 * {@code -Dvoxedge.geoip=PATH}; without one, the geo-router's 9-network test fixture (copied into
 * this module's resources), which makes lookups look cheaper than they are. Addresses come from
 * {@code ../shared/data/geo-groundtruth.csv} (beside the repository) or {@code -Dvoxedge.groundtruth=PATH}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class RouteDecisionBenchmark {

    private GeoIpLocator geo;
    private RouterService geoRouter;
    private RouterService measuredRouter;
    private PopScorer scorer;
    private byte[][] addrs;
    private int[] lens;
    private InetAddress[] inet;
    private GeoLocation[] located;
    private long[] prefixes;
    private int next;
    private String database;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Topology topology = TopologyLoader.load(resource("/sample/topology.conf", ".conf"));
        Path db = Path.of(System.getProperty("voxedge.geoip", "data/geoip/GeoLite2-City.mmdb"));
        if (!Files.isRegularFile(db)) {
            db = resource("/net/voxedge/bench/fixture-city.mmdb", ".mmdb");
        }
        geo = GeoIpLocator.open(db, GeoIpLocator.DEFAULT_UNKNOWN_RADIUS_KM);
        database = geo.describe();

        List<String> ips = new ArrayList<>();
        Path truth = Path.of(System.getProperty("voxedge.groundtruth", "../shared/data/geo-groundtruth.csv"));
        if (Files.isRegularFile(truth)) {
            for (String line : Files.readAllLines(truth)) {
                if (!line.startsWith("ip,")) {
                    ips.add(line.substring(0, line.indexOf(',')));
                }
            }
        } else {
            ips.addAll(List.of("192.0.2.7", "198.51.100.1", "203.0.113.9", "100.64.1.1", "192.0.2.200", "2001:db8:100::1", "2001:db8:200::1"));
        }
        int n = ips.size();
        addrs = new byte[n][];
        lens = new int[n];
        inet = new InetAddress[n];
        located = new GeoLocation[n];
        prefixes = new long[n];
        long minute = 60_000_000_000L;
        MeasuredRttTable empty = new MeasuredRttTable(1024, 10 * minute, 60 * minute);
        MeasuredRttTable full = new MeasuredRttTable(4 * n, 10 * minute, 60 * minute);
        InMemoryLiveState live = new InMemoryLiveState();
        scorer = new PopScorer(topology, RttModel.DEFAULT, ScoringPolicy.DEFAULT, live, empty);
        PopScorer measuredScorer = new PopScorer(topology, RttModel.DEFAULT, ScoringPolicy.DEFAULT, live, full);
        for (int i = 0; i < n; i++) {
            addrs[i] = new byte[16];
            lens[i] = IpLiteral.parse(ips.get(i), addrs[i]);
            if (lens[i] < 0) {
                throw new IllegalStateException("not an IP: " + ips.get(i));
            }
            inet[i] = InetAddress.getByAddress(java.util.Arrays.copyOf(addrs[i], lens[i]));
            located[i] = geo.locate(inet[i]);
            prefixes[i] = PrefixKeys.of(addrs[i], lens[i]);
            for (int p = 0; p < 3; p++) {
                full.record(prefixes[i], (i + p * 3) % topology.pops().size(), 20 + p * 15 + (i % 7), 0);
            }
        }
        geoRouter = new RouterService(geo, scorer, () -> 0L);
        measuredRouter = new RouterService(geo, measuredScorer, () -> 0L);
        // Refuse to time a router that does not route.
        RouteDecision d = measuredRouter.route(addrs[0], lens[0], -1);
        if (d.pop() == null || d.basis() != RouteDecision.Basis.MEASURED) {
            throw new IllegalStateException("measured path not taken: " + d.reason());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        System.out.println("\nGeoIP database: " + database + "; " + addrs.length + " addresses");
        geo.close();
    }

    private int nextIndex() {
        int i = next;
        next = i + 1 == addrs.length ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public RouteDecision geoPath() {
        int i = nextIndex();
        return geoRouter.route(addrs[i], lens[i], -1);
    }

    @Benchmark
    public RouteDecision measuredPath() {
        int i = nextIndex();
        return measuredRouter.route(addrs[i], lens[i], -1);
    }

    @Benchmark
    public RouteDecision scoreOnly() {
        int i = nextIndex();
        return scorer.route(located[i], prefixes[i], -1, 0L);
    }

    @Benchmark
    public GeoLocation geoLookup() {
        return geo.locate(inet[nextIndex()]);
    }

    private static Path resource(String name, String suffix) throws IOException {
        try (InputStream in = RouteDecisionBenchmark.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            Path tmp = Files.createTempFile("voxedge-bench-", suffix);
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        }
    }
}
