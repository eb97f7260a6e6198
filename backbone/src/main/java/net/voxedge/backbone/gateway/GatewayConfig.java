package net.voxedge.backbone.gateway;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Everything the cluster gateway is told at start: a HOCON file (format in backbone/README.md,
 * "Cluster gateway") plus {@code key=value} overrides. Secrets are never written in it: a link
 * secret or model token names a file or an environment variable, as the topology's key references do.
 *
 * @param cluster         the inference cluster's id (logs, registry site)
 * @param bind            the tunnel UDP address
 * @param modelUrl        the model server's Realtime WebSocket URL
 * @param modelToken      bearer token for the model server, or null
 * @param model           model name, or null
 * @param voice           output voice, or null
 * @param instructions    instructions used when an OPEN carries none, or null
 * @param tickNanos       the pacing timer's period
 * @param pacing          lead, staleness and queue bound of agent audio
 * @param edges           the edge hosts with a link to this gateway
 * @param registerMember  register in the live registry (in-process unless one is given)
 * @param memberId        the registry member id
 * @param capacity        sessions this gateway should carry (registry load)
 * @param metricsBind     where {@code /metrics} and {@code /healthz} are served over HTTP, or null for nowhere
 * @param registryConsul  the Consul agent's HTTP address to register in, or null for the in-process registry
 */
public record GatewayConfig(String cluster, InetSocketAddress bind, String modelUrl, String modelToken, String model,
                            String voice, String instructions, long tickNanos, PacingSettings pacing,
                            List<EdgePeerConfig> edges, boolean registerMember, String memberId, int capacity,
                            InetSocketAddress metricsBind, InetSocketAddress registryConsul) {
    private static final Set<String> KEYS = Set.of("cluster", "bind", "model-url", "model-token", "model", "voice",
            "instructions", "tick", "pacing", "edges", "registry", "metrics-bind");
    private static final Set<String> PACING_KEYS = Set.of("lead", "staleness", "max-queued");
    private static final Set<String> EDGE_KEYS = Set.of("name", "address", "link-id", "key-id", "secret", "accept-keys");
    private static final Set<String> ACCEPT_KEY_KEYS = Set.of("key-id", "secret");
    private static final Set<String> REGISTRY_KEYS = Set.of("enabled", "member-id", "capacity", "consul");

    /** Keeps the model token out of logs. */
    @Override
    public String toString() {
        return "GatewayConfig[cluster=" + cluster + ", bind=" + bind + ", modelUrl=" + modelUrl
                + ", modelToken=" + (modelToken == null ? "none" : "<set>") + ", edges=" + edges + "]";
    }

    /** Loads {@code file} with {@code overrides} (keys as in the file, e.g. {@code gateway.bind}) on top. */
    public static GatewayConfig load(Path file, Map<String, String> overrides) {
        return load(file, overrides, System::getenv);
    }

    /** As {@link #load(Path, Map)}, reading environment variables through {@code env} (tests). */
    public static GatewayConfig load(Path file, Map<String, String> overrides, UnaryOperator<String> env) {
        if (!Files.isRegularFile(file)) {
            throw new GatewayConfigException("gateway config file " + file + " does not exist or is not a file");
        }
        try {
            Config base = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            return from(ConfigFactory.parseMap(overrides, "command line").withFallback(base).resolve(), file.getParent(), env);
        } catch (ConfigException e) {
            throw new GatewayConfigException("gateway config: " + e.getMessage());
        }
    }

    /** Reads the {@code gateway} object of an already parsed config; relative key files are under {@code dir}. */
    public static GatewayConfig from(Config root, Path dir, UnaryOperator<String> env) {
        try {
            if (!root.hasPath("gateway")) {
                throw new GatewayConfigException("gateway config: no 'gateway { ... }' object");
            }
            Config c = root.getConfig("gateway");
            rejectUnknown(root.getObject("gateway"), "gateway", KEYS);
            String cluster = string(c, "cluster", "gateway.cluster");
            InetSocketAddress bind = address(c, "bind", "gateway.bind");
            String url = string(c, "model-url", "gateway.model-url");
            if (!(url.startsWith("ws://") || url.startsWith("wss://") || url.equals(EchoAdapterFactory.URL))) {
                throw bad(c, "model-url", "gateway.model-url", "must start with ws:// or wss://, or be echo: (got " + url + ")");
            }
            String token = c.hasPath("model-token")
                    ? new String(secret(c, "model-token", "gateway.model-token", dir, env), StandardCharsets.UTF_8).trim()
                    : null;
            Duration tick = c.hasPath("tick") ? c.getDuration("tick") : Duration.ofMillis(5);
            if (tick.toMillis() < 1 || tick.toMillis() > 20) {
                throw bad(c, "tick", "gateway.tick", "must be 1..20 ms (got " + tick.toMillis() + " ms)");
            }
            PacingSettings pacing = PacingSettings.DEFAULT;
            if (c.hasPath("pacing")) {
                rejectUnknown(c.getObject("pacing"), "gateway.pacing", PACING_KEYS);
                Config p = c.getConfig("pacing");
                try {
                    pacing = PacingSettings.of(
                            p.hasPath("lead") ? p.getDuration("lead") : Duration.ofMillis(300),
                            p.hasPath("staleness") ? p.getDuration("staleness") : Duration.ofSeconds(2),
                            p.hasPath("max-queued") ? p.getDuration("max-queued") : Duration.ofSeconds(60));
                } catch (IllegalArgumentException e) {
                    throw new GatewayConfigException("gateway.pacing (" + p.origin().description() + "): " + e.getMessage());
                }
            }
            List<EdgePeerConfig> edges = new ArrayList<>();
            if (c.hasPath("edges")) {
                List<? extends ConfigObject> list = c.getObjectList("edges");
                Set<String> names = new TreeSet<>();
                Set<InetSocketAddress> addresses = new java.util.HashSet<>();
                for (int i = 0; i < list.size(); i++) {
                    String path = "gateway.edges[" + i + "]";
                    rejectUnknown(list.get(i), path, EDGE_KEYS);
                    Config e = list.get(i).toConfig();
                    String name = string(e, "name", path + ".name");
                    InetSocketAddress addr = address(e, "address", path + ".address");
                    int linkId = e.hasPath("link-id") ? e.getInt("link-id") : 1;
                    int keyId = e.hasPath("key-id") ? e.getInt("key-id") : 1;
                    if (keyId < 0 || keyId > 255) {
                        throw bad(e, "key-id", path + ".key-id", "must be 0..255 (got " + keyId + ")");
                    }
                    if (!e.hasPath("secret")) {
                        throw new GatewayConfigException(path + " (" + list.get(i).origin().description()
                                + "): 'secret' is missing (secret { file = \"/path\" } or secret { env = \"VAR\" })");
                    }
                    byte[] secret = hexSecret(e, path + ".secret", secret(e, "secret", path + ".secret", dir, env));
                    if (!names.add(name)) {
                        throw bad(e, "name", path + ".name", "edge name '" + name + "' is used twice");
                    }
                    if (!addresses.add(addr)) {
                        throw bad(e, "address", path + ".address", "address " + addr + " is used twice");
                    }
                    Map<Integer, byte[]> accept = new java.util.LinkedHashMap<>();
                    if (e.hasPath("accept-keys")) {
                        List<? extends ConfigObject> extra = e.getObjectList("accept-keys");
                        for (int k = 0; k < extra.size(); k++) {
                            String kp = path + ".accept-keys[" + k + "]";
                            rejectUnknown(extra.get(k), kp, ACCEPT_KEY_KEYS);
                            Config x = extra.get(k).toConfig();
                            if (!x.hasPath("key-id") || !x.hasPath("secret")) {
                                throw new GatewayConfigException(kp + " (" + extra.get(k).origin().description()
                                        + "): needs key-id and secret");
                            }
                            int id = x.getInt("key-id");
                            if (id < 0 || id > 255) {
                                throw bad(x, "key-id", kp + ".key-id", "must be 0..255 (got " + id + ")");
                            }
                            if (id == keyId || accept.containsKey(id)) {
                                throw bad(x, "key-id", kp + ".key-id", "key id " + id + " is given twice for this edge");
                            }
                            accept.put(id, hexSecret(x, kp + ".secret", secret(x, "secret", kp + ".secret", dir, env)));
                        }
                        if (accept.size() + 1 > net.voxedge.backbone.tunnel.LinkKeys.MAX_KEYS) {
                            throw bad(e, "accept-keys", path + ".accept-keys", "at most "
                                    + (net.voxedge.backbone.tunnel.LinkKeys.MAX_KEYS - 1) + " keys besides key-id");
                        }
                    }
                    edges.add(new EdgePeerConfig(name, addr, linkId, keyId, secret, describeRef(e, "secret"), accept));
                }
            }
            boolean register = true;
            String memberId = "gateway-" + cluster;
            int capacity = 1000;
            InetSocketAddress consul = null;
            if (c.hasPath("registry")) {
                rejectUnknown(c.getObject("registry"), "gateway.registry", REGISTRY_KEYS);
                Config r = c.getConfig("registry");
                register = !r.hasPath("enabled") || r.getBoolean("enabled");
                memberId = r.hasPath("member-id") ? r.getString("member-id") : memberId;
                capacity = r.hasPath("capacity") ? r.getInt("capacity") : capacity;
                consul = r.hasPath("consul") ? address(r, "consul", "gateway.registry.consul") : null;
                if (capacity < 1) {
                    throw bad(r, "capacity", "gateway.registry.capacity", "must be at least 1 (got " + capacity + ")");
                }
            }
            return new GatewayConfig(cluster, bind, url, token, optional(c, "model"), optional(c, "voice"),
                    optional(c, "instructions"), tick.toNanos(), pacing, List.copyOf(edges), register, memberId, capacity,
                    c.hasPath("metrics-bind") ? address(c, "metrics-bind", "gateway.metrics-bind") : null, consul);
        } catch (ConfigException e) {
            throw new GatewayConfigException("gateway config: " + e.getMessage());
        }
    }

    private static void rejectUnknown(ConfigObject o, String path, Set<String> allowed) {
        for (String key : o.keySet()) {
            if (!allowed.contains(key)) {
                throw new GatewayConfigException(path + "." + key + " (" + o.get(key).origin().description()
                        + "): unknown key (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    private static GatewayConfigException bad(Config c, String key, String path, String problem) {
        String where = c.hasPath(key) ? c.getValue(key).origin().description() : c.origin().description();
        return new GatewayConfigException(path + " (" + where + "): " + problem);
    }

    private static String string(Config c, String key, String path) {
        if (!c.hasPath(key)) {
            throw new GatewayConfigException(path + " (" + c.origin().description() + "): is missing");
        }
        String s = c.getString(key);
        if (s.isBlank()) {
            throw bad(c, key, path, "must not be empty");
        }
        return s;
    }

    private static String optional(Config c, String key) {
        return c.hasPath(key) ? c.getString(key) : null;
    }

    private static InetSocketAddress address(Config c, String key, String path) {
        String s = string(c, key, path);
        int colon = s.lastIndexOf(':');
        if (colon <= 0) {
            throw bad(c, key, path, "must be host:port or [v6]:port (got " + s + ")");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw bad(c, key, path, "port must be 0..65535 (got " + s.substring(colon + 1) + ")");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw bad(c, key, path, "cannot resolve host " + host);
        }
    }

    private static String describeRef(Config c, String key) {
        Config ref = c.getConfig(key);
        return ref.hasPath("file") ? "file " + ref.getString("file") : "env " + ref.getString("env");
    }

    /** Reads a key reference: {@code key { file = "..." }} or {@code key { env = "VAR" }}; never an inline value. */
    private static byte[] secret(Config c, String key, String path, Path dir, UnaryOperator<String> env) {
        ConfigValue v = c.getValue(key);
        if (v.valueType() != ConfigValueType.OBJECT) {
            throw bad(c, key, path, "inline secrets are not allowed: write " + key + " { file = \"/path\" } or "
                    + key + " { env = \"VAR\" }");
        }
        rejectUnknown((ConfigObject) v, path, Set.of("file", "env"));
        Config ref = c.getConfig(key);
        boolean file = ref.hasPath("file");
        boolean var = ref.hasPath("env");
        if (file == var) {
            throw bad(c, key, path, "names exactly one of file or env (got " + (file ? "both" : "neither") + ")");
        }
        if (file) {
            Path p = Path.of(ref.getString("file"));
            if (!p.isAbsolute() && dir != null) {
                p = dir.resolve(p);
            }
            try {
                return Files.readAllBytes(p);
            } catch (IOException e) {
                throw bad(c, key, path, "cannot read key file " + p + ": " + e.getMessage());
            }
        }
        String name = ref.getString("env");
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            throw bad(c, key, path, "environment variable " + name + " is not set");
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hexSecret(Config c, String path, byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8).strip();
        byte[] secret;
        try {
            secret = HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new GatewayConfigException(path + " (" + c.origin().description()
                    + "): the key must be hex digits (at least 32, i.e. 16 bytes)");
        }
        if (secret.length < 16) {
            throw new GatewayConfigException(path + " (" + c.origin().description()
                    + "): the key is " + secret.length + " bytes; at least 16 are needed (32 hex digits)");
        }
        return secret;
    }
}
