package net.voxedge.router.front;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.voxedge.router.net.IpLiteral;

/**
 * The signaling front's settings ({@code front.*} in router.conf; geo-router/README.md lists them).
 * What only the topology can check (PoP names, key names and the keys themselves) is checked when
 * the front is set up ({@link FrontSetup}).
 *
 * @param enabled         serve {@code /v1/calls}
 * @param listenHost      the front's own listen address (the public HTTPS endpoint, or loopback behind a proxy)
 * @param listenPort      0 = any free port
 * @param pop             the PoP this front runs in: the router's {@code via} and the internal tokens' issuer
 * @param trustedProxies  peers whose {@code X-Forwarded-For} is believed
 * @param authKeyName     the topology key clients' bearer tokens are signed with (the edges' {@code auth.key})
 * @param internalKeyName the topology key the front signs forwarded requests with (the edges' {@code internal.key})
 * @param edgeOverrides   PoP name → edge base URL, replacing the scheme and authority of the topology's
 *                        {@code signaling-url} (loopback runs, a private network between PoPs)
 * @param forwardTimeout  how long one forward to an edge may take before it counts as failed
 * @param corsOrigins     browser origins allowed ({@code *} = any)
 * @param tlsCertificate  PEM certificate chain, or null for plain HTTP (loopback only)
 * @param tlsPrivateKey   PEM private key, or null
 */
public record FrontConfig(boolean enabled, String listenHost, int listenPort, String pop, TrustedProxies trustedProxies,
                          String authKeyName, String internalKeyName, Map<String, URI> edgeOverrides,
                          Duration forwardTimeout, List<String> corsOrigins, Path tlsCertificate, Path tlsPrivateKey) {

    /** The {@code front.*} defaults, in router.conf syntax. */
    public static final String DEFAULTS = """
            front.enabled = false
            front.listen.host = "127.0.0.1"
            front.listen.port = 8443
            front.pop = ""
            front.trusted-proxies = []
            front.auth-key = "client-auth"
            front.internal-key = "internal-signaling"
            front.forward-timeout = 5s
            front.cors-origins = ["*"]
            front.tls.certificate = ""
            front.tls.private-key = ""
            """;

    /** The settings under {@code front.edges} are PoP names, so they are not in {@link #DEFAULTS}. */
    public static final String EDGES_PREFIX = "front.edges.";

    public FrontConfig {
        edgeOverrides = Map.copyOf(edgeOverrides);
        corsOrigins = List.copyOf(corsOrigins);
    }

    /** Reads {@code front.*} from a resolved config (defaults included), adding every problem to {@code problems}. */
    public static FrontConfig from(Config c, List<String> problems) {
        boolean enabled = bool(c, "front.enabled", problems);
        String host = string(c, "front.listen.host", problems);
        int port = port(c, "front.listen.port", problems);
        String pop = string(c, "front.pop", problems);
        TrustedProxies trusted = TrustedProxies.parse(list(c, "front.trusted-proxies", problems), "front.trusted-proxies", problems);
        String authKey = string(c, "front.auth-key", problems);
        String internalKey = string(c, "front.internal-key", problems);
        Duration timeout = duration(c, "front.forward-timeout", problems);
        List<String> origins = list(c, "front.cors-origins", problems);
        String cert = string(c, "front.tls.certificate", problems);
        String key = string(c, "front.tls.private-key", problems);
        Map<String, URI> edges = new LinkedHashMap<>();
        if (c.hasPath("front.edges")) {
            try {
                for (Map.Entry<String, ConfigValue> e : c.getConfig("front.edges").root().entrySet()) {
                    URI u = edgeUrl("front.edges." + e.getKey(), e.getValue(), problems);
                    if (u != null) {
                        edges.put(e.getKey(), u);
                    }
                }
            } catch (ConfigException e) {
                problems.add("front.edges: must be an object of PoP name = \"http(s)://host:port\"");
            }
        }
        if (enabled) {
            if (pop.isBlank()) {
                problems.add("front.pop: required when front.enabled is true (the name of the PoP this front runs in)");
            }
            if (authKey.isBlank()) {
                problems.add("front.auth-key: must name the topology key clients' tokens are signed with");
            }
            if (internalKey.isBlank()) {
                problems.add("front.internal-key: must name the topology key for front-to-edge tokens");
            }
            if (!authKey.isBlank() && authKey.equals(internalKey)) {
                problems.add("front.internal-key: must differ from front.auth-key (a client's token must never pass as a front's)");
            }
        }
        if (cert.isBlank() != key.isBlank()) {
            problems.add("front.tls.certificate and front.tls.private-key must be given together");
        }
        boolean tls = !cert.isBlank() && !key.isBlank();
        if (enabled && !tls && !isLoopback(host)) {
            problems.add("front.listen.host = " + host + " needs TLS (front.tls.certificate and front.tls.private-key): "
                    + "plain HTTP is served on loopback only, behind a TLS proxy listed in front.trusted-proxies");
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
            problems.add("front.forward-timeout: must be more than 0 and at most 1m (got " + timeout + ")");
        }
        return new FrontConfig(enabled, host, port, pop, trusted, authKey, internalKey, edges, timeout, origins,
                tls ? Path.of(cert) : null, tls ? Path.of(key) : null);
    }

    public boolean tlsEnabled() {
        return tlsCertificate != null;
    }

    private static URI edgeUrl(String key, ConfigValue v, List<String> problems) {
        if (v.valueType() != ConfigValueType.STRING) {
            problems.add(key + ": must be a URL string such as \"http://127.0.0.1:8081\"");
            return null;
        }
        String s = (String) v.unwrapped();
        URI u;
        try {
            u = new URI(s);
        } catch (java.net.URISyntaxException e) {
            problems.add(key + ": '" + clip(s) + "' is not a URL (" + e.getReason() + ")");
            return null;
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
            problems.add(key + ": '" + clip(s) + "' must start with http:// or https://");
            return null;
        }
        if (u.getHost() == null) {
            problems.add(key + ": '" + clip(s) + "' has no host");
            return null;
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null || (u.getRawPath() != null && !u.getRawPath().isEmpty()
                && !u.getRawPath().equals("/"))) {
            problems.add(key + ": '" + clip(s) + "' must be a base URL (scheme://host:port) without a path or query");
            return null;
        }
        return URI.create(u.getScheme() + "://" + u.getRawAuthority());
    }

    static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        byte[] a = new byte[16];
        int len = IpLiteral.parse(host, a);
        if (len == 4) {
            return a[0] == 127;
        }
        if (len == 16) {
            for (int i = 0; i < 15; i++) {
                if (a[i] != 0) {
                    return TrustedProxies.isMapped(a) && a[12] == 127;
                }
            }
            return a[15] == 1;
        }
        return false;
    }

    private static boolean bool(Config c, String k, List<String> problems) {
        try {
            return c.getBoolean(k);
        } catch (ConfigException e) {
            problems.add(k + ": must be true or false (got " + c.getValue(k).render() + ")");
            return false;
        }
    }

    private static String string(Config c, String k, List<String> problems) {
        try {
            return c.getString(k).trim();
        } catch (ConfigException e) {
            problems.add(k + ": must be a string");
            return "";
        }
    }

    private static int port(Config c, String k, List<String> problems) {
        try {
            int p = c.getInt(k);
            if (p < 0 || p > 65535) {
                problems.add(k + ": must be between 0 and 65535 (got " + p + ")");
                return 0;
            }
            return p;
        } catch (ConfigException e) {
            problems.add(k + ": must be a whole number (got " + c.getValue(k).render() + ")");
            return 0;
        }
    }

    private static Duration duration(Config c, String k, List<String> problems) {
        try {
            return c.getDuration(k);
        } catch (ConfigException e) {
            problems.add(k + ": must be a duration such as 5s or 500ms (got " + c.getValue(k).render() + ")");
            return Duration.ofSeconds(5);
        }
    }

    /** A list, or (from the command line) one comma-separated string. */
    private static List<String> list(Config c, String k, List<String> problems) {
        ConfigValue v = c.getValue(k);
        List<String> out = new ArrayList<>();
        if (v.valueType() == ConfigValueType.STRING) {
            for (String part : ((String) v.unwrapped()).split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return out;
        }
        try {
            out.addAll(c.getStringList(k));
        } catch (ConfigException e) {
            problems.add(k + ": must be a list of strings (or one comma-separated string)");
        }
        return out;
    }

    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
