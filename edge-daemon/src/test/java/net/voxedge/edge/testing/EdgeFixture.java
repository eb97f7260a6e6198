package net.voxedge.edge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.BooleanSupplier;
import net.voxedge.edge.EdgeDaemon;
import net.voxedge.edge.config.ConfigSource;
import net.voxedge.edge.config.EdgeConfig;
import net.voxedge.edge.metrics.DropReason;
import net.voxedge.edge.metrics.EdgeMetrics;
import net.voxedge.edge.token.RoutingKeys;

/**
 * An edge daemon running in-process on loopback, with known routing and auth keys so tests can
 * mint tokens the daemon accepts (or exactly the ones it must refuse), plus the HTTP calls a
 * client makes to open and end a call.
 */
public final class EdgeFixture implements AutoCloseable {
    /** The daemon's routing key 0 (current) and 1 (also accepted). */
    public static final byte[] ROUTING_SECRET_0 = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    public static final byte[] ROUTING_SECRET_1 = HexFormat.of().parseHex("f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff");
    /** The HS256 key bearer tokens are signed with. */
    public static final String AUTH_KEY = "voxedge-test-auth-key-0123456789-abcdef";
    /** The recorded Chromium-shaped audio offer every test call sends. */
    public static final String OFFER_RESOURCE = "/net/voxedge/edge/sdp/chrome-audio-only.sdp";
    /** The offer's a=ice-ufrag: the remote part of every check's USERNAME. */
    public static final String OFFER_UFRAG = "hT9q";

    private final EdgeDaemon daemon;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private EdgeFixture(EdgeDaemon daemon) {
        this.daemon = daemon;
    }

    /**
     * Starts a dev-mode daemon on loopback (any free ports) with the fixed keys above; {@code overrides} are
     * {@code key, value} pairs that replace or add settings.
     */
    public static EdgeFixture start(String... overrides) throws Exception {
        return new EdgeFixture(EdgeDaemon.start(EdgeConfig.load(config(overrides))));
    }

    /** The settings {@link #start} uses, for tests that load a config themselves. */
    public static ConfigSource config(String... overrides) {
        if (overrides.length % 2 != 0) {
            throw new IllegalArgumentException("overrides are key, value pairs");
        }
        ConfigSource src = ConfigSource.empty()
                .with("dev", "true", "test")
                .with("signaling.bind", "127.0.0.1:0", "test")
                .with("media.bind", "127.0.0.1:0", "test")
                .with("media.workers", "2", "test")
                .with("routing.keys", "0:" + HexFormat.of().formatHex(ROUTING_SECRET_0) + ",1:"
                        + HexFormat.of().formatHex(ROUTING_SECRET_1), "test")
                .with("routing.currentKeyId", "0", "test")
                .with("auth.key", AUTH_KEY, "test");
        for (int i = 0; i < overrides.length; i += 2) {
            src.with(overrides[i], overrides[i + 1], "test");
        }
        return src;
    }

    /** The key set the daemon verifies routing tokens under. */
    public static RoutingKeys routingKeys() {
        return RoutingKeys.of(0, ROUTING_SECRET_0).withKey(1, ROUTING_SECRET_1);
    }

    public static String offer() {
        try (InputStream in = EdgeFixture.class.getResourceAsStream(OFFER_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + OFFER_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public EdgeDaemon daemon() {
        return daemon;
    }

    public EdgeMetrics metrics() {
        return daemon.metrics();
    }

    public HttpClient http() {
        return http;
    }

    public String bearer() {
        return "Bearer " + daemon.mintToken("test-app", 300);
    }

    /** POSTs {@code sdp} as an offer with a valid bearer token. */
    public HttpResponse<String> post(String sdp) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(daemon.callsUrl()))
                .header("Authorization", bearer()).header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString(sdp)).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a call with the recorded offer; fails unless the daemon answers 201. */
    public Call openCall() throws IOException, InterruptedException {
        HttpResponse<String> res = post(offer());
        if (res.statusCode() != 201) {
            throw new AssertionError("POST answered " + res.statusCode() + ": " + res.body());
        }
        return Call.fromAnswer(res.headers().firstValue("Location").orElseThrow(), res.body());
    }

    /** DELETEs a call resource; returns the status. */
    public int delete(String location) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(daemon.baseUrl() + location))
                .header("Authorization", bearer()).DELETE().build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** Every drop counter now. */
    public Map<DropReason, Double> drops() {
        Map<DropReason, Double> m = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            m.put(r, metrics().dropCount(r));
        }
        return m;
    }

    /** How each drop counter moved since {@code before}; only reasons that moved are listed. */
    public Map<DropReason, Double> dropsSince(Map<DropReason, Double> before) {
        Map<DropReason, Double> d = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            double delta = metrics().dropCount(r) - before.get(r);
            if (delta != 0) {
                d.put(r, delta);
            }
        }
        return d;
    }

    /**
     * Waits until {@code condition} holds, polling; fails after {@code timeout}. The bound only keeps a broken
     * build from hanging: every caller waits for an event that must happen.
     */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }

    @Override
    public void close() {
        daemon.close();
    }

    /** One call as the answer describes it: the resource, and the server's ICE credentials and media address. */
    public record Call(String location, String ufrag, String password, InetSocketAddress media, String answer) {
        static Call fromAnswer(String location, String sdp) {
            String ufrag = null;
            String pwd = null;
            InetSocketAddress media = null;
            for (String line : sdp.split("\r?\n")) {
                if (line.startsWith("a=ice-ufrag:")) {
                    ufrag = line.substring("a=ice-ufrag:".length()).trim();
                } else if (line.startsWith("a=ice-pwd:")) {
                    pwd = line.substring("a=ice-pwd:".length()).trim();
                } else if (line.startsWith("a=candidate:") && media == null) {
                    // foundation component transport priority address port typ host
                    String[] f = line.substring("a=candidate:".length()).trim().split(" ");
                    try {
                        media = new InetSocketAddress(InetAddress.getByName(f[4]), Integer.parseInt(f[5]));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            if (ufrag == null || pwd == null || media == null) {
                throw new AssertionError("answer lacks ufrag, pwd or candidate:\n" + sdp);
            }
            return new Call(location, ufrag, pwd, media, sdp);
        }

        /** The call id: the last path segment of the resource. */
        public String callId() {
            return location.substring(location.lastIndexOf('/') + 1);
        }

        /** The USERNAME a client's check carries: "serverUfrag:clientUfrag". */
        public String username() {
            return ufrag + ":" + OFFER_UFRAG;
        }
    }
}
