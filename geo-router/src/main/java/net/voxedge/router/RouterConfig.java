package net.voxedge.router;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.voxedge.router.front.FrontConfig;
import net.voxedge.router.model.RttModel;
import net.voxedge.router.scoring.ScoringPolicy;

/**
 * The router's settings (geo-router/README.md lists them with their defaults): a HOCON file
 * ({@code --config=router.conf}) and/or {@code --key=value} arguments on top of the defaults.
 * Unknown keys are errors: a typo must not silently become a default.
 */
public record RouterConfig(String listenHost, int listenPort, Path topology, Path geoipPath, int unknownRadiusKm,
                           RttModel rttModel, ScoringPolicy policy,
                           int measuredCapacity, Duration halfLife, Duration horizon, FrontConfig front,
                           String registryConsul) {

    /** Every setting and its default. */
    static final String DEFAULTS = """
            listen.host = "127.0.0.1"
            listen.port = 8090
            topology = "topology/src/main/resources/sample/topology.conf"
            geoip.path = "data/geoip/GeoLite2-City.mmdb"
            geoip.unknown-radius-km = 500
            rtt.inflation = 1.5
            rtt.fibre-km-per-ms = 200
            rtt.fixed-ms = 2
            measured.capacity = 1000000
            measured.half-life = 10m
            measured.horizon = 60m
            measured.min-confidence = 0.5
            load.knee = 0.8
            load.penalty-ms = 50
            registry.consul = ""
            """ + FrontConfig.DEFAULTS;

    /** The defaults alone. */
    public static RouterConfig defaults() {
        return from(ConfigFactory.empty(), "defaults");
    }

    /** {@code --config=FILE} first (if given), then every other {@code --key=value} over it. */
    public static RouterConfig fromArgs(String[] args) {
        Config file = ConfigFactory.empty();
        Map<String, String> overrides = new LinkedHashMap<>();
        String origin = "defaults";
        for (String a : args) {
            if (!a.startsWith("--") || !a.contains("=")) {
                throw new RouterConfigException("unexpected argument '" + a + "' (settings are --key=value, e.g. --geoip.path=/srv/GeoIP2-City.mmdb)");
            }
            String key = a.substring(2, a.indexOf('='));
            String value = a.substring(a.indexOf('=') + 1);
            if (key.equals("config")) {
                Path p = Path.of(value);
                if (!Files.isRegularFile(p)) {
                    throw new RouterConfigException("--config: " + p + " does not exist or is not a file");
                }
                try {
                    file = ConfigFactory.parseFile(p.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
                } catch (ConfigException e) {
                    throw new RouterConfigException(e.getMessage(), e);
                }
                origin = p.toString();
            } else {
                overrides.put(key, value);
            }
        }
        Config args2;
        try {
            args2 = ConfigFactory.parseMap(overrides, "command line");
        } catch (ConfigException e) {
            throw new RouterConfigException(e.getMessage(), e);
        }
        return from(args2.withFallback(file), origin);
    }

    /** Validates {@code user} over the defaults. */
    public static RouterConfig from(Config user, String origin) {
        Config defaults = ConfigFactory.parseString(DEFAULTS);
        Set<String> unknown = new TreeSet<>();
        user.entrySet().forEach(e -> {
            if (!defaults.hasPath(e.getKey()) && !e.getKey().startsWith(FrontConfig.EDGES_PREFIX)) {
                unknown.add(e.getKey());
            }
        });
        if (!unknown.isEmpty()) {
            throw new RouterConfigException(origin + ": unknown setting(s) " + unknown + " (known: "
                    + new TreeSet<>(defaults.entrySet().stream().map(Map.Entry::getKey).toList()) + ")");
        }
        Config c;
        try {
            c = user.withFallback(defaults).resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
        } catch (ConfigException e) {
            throw new RouterConfigException(origin + ": " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        Reader r = new Reader(c, problems);
        String host = r.string("listen.host");
        int port = (int) r.number("listen.port", 0, 65535);
        Path topology = Path.of(r.string("topology"));
        Path geoip = Path.of(r.string("geoip.path"));
        int radius = (int) r.number("geoip.unknown-radius-km", 1, 20_000);
        double inflation = r.number("rtt.inflation", 1, 10);
        double speed = r.number("rtt.fibre-km-per-ms", 10, 300);
        double fixed = r.number("rtt.fixed-ms", 0, 1000);
        int capacity = (int) r.number("measured.capacity", 1, 1 << 29);
        Duration halfLife = r.duration("measured.half-life");
        Duration horizon = r.duration("measured.horizon");
        double minConfidence = r.number("measured.min-confidence", 0.001, 1000);
        double knee = r.number("load.knee", 0, 0.999);
        double penalty = r.number("load.penalty-ms", 0, 10_000);
        FrontConfig front = FrontConfig.from(c, problems);
        // Reader.string refuses empty values; here empty is the documented "no registry".
        String consul = c.hasPath("registry.consul") ? c.getString("registry.consul").strip() : "";
        if (!consul.isEmpty() && !consul.matches("[^:\\s]+:\\d{1,5}")) {
            problems.add("registry.consul: must be the Consul agent's HTTP address as host:port, e.g. 127.0.0.1:8500 (got '"
                    + consul + "')");
        }
        if (!problems.isEmpty()) {
            throw new RouterConfigException(origin + ": " + String.join("; ", problems));
        }
        return new RouterConfig(host, port, topology, geoip, radius, new RttModel(inflation, speed, fixed),
                new ScoringPolicy(knee, penalty, minConfidence), capacity, halfLife, horizon, front,
                consul.isEmpty() ? null : consul);
    }

    /** Typed reads that collect every problem instead of stopping at the first. */
    private record Reader(Config c, List<String> problems) {

        String string(String key) {
            try {
                String s = c.getString(key);
                if (s.isBlank()) {
                    problems.add(key + ": must not be empty");
                }
                return s;
            } catch (ConfigException e) {
                problems.add(key + ": must be a string");
                return "";
            }
        }

        double number(String key, double min, double max) {
            try {
                double d = c.getDouble(key);
                if (!(d >= min && d <= max)) {
                    problems.add(key + ": must be between " + min + " and " + max + " (got " + d + ")");
                    return min;
                }
                return d;
            } catch (ConfigException e) {
                problems.add(key + ": must be a number (got " + c.getValue(key).render() + ")");
                return min;
            }
        }

        Duration duration(String key) {
            try {
                Duration d = c.getDuration(key);
                if (d.isNegative() || d.isZero()) {
                    problems.add(key + ": must be positive (got " + d + ")");
                    return Duration.ofMinutes(1);
                }
                return d;
            } catch (ConfigException e) {
                problems.add(key + ": must be a duration such as 10m or 90s (got " + c.getValue(key).render() + ")");
                return Duration.ofMinutes(1);
            }
        }
    }
}
