package net.voxedge.router.front;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.voxedge.edge.EdgeDaemon;
import net.voxedge.edge.config.ConfigSource;
import net.voxedge.edge.config.EdgeConfig;
import net.voxedge.router.Fixtures;
import net.voxedge.router.RouterConfig;
import net.voxedge.router.RouterService;
import net.voxedge.router.geo.GeoIpLocator;
import net.voxedge.router.measured.MeasuredRttTable;
import net.voxedge.router.model.RttModel;
import net.voxedge.router.scoring.PopScorer;
import net.voxedge.router.scoring.ScoringPolicy;
import net.voxedge.router.state.InMemoryLiveState;
import net.voxedge.topology.Topology;
import net.voxedge.topology.TopologyLoader;

/**
 * Two real edge daemons on loopback (PoP {@code popa} "in Tokyo", media on 127.0.0.2; PoP
 * {@code popb} "in Frankfurt", media on 127.0.0.3), a topology file that describes them with their
 * real media ports, the keys in files the topology points at, and signaling fronts built on them.
 * With the fixture GeoIP database, 192.0.2.7 is in Frankfurt (nearest popb) and 203.0.113.7 in Tokyo.
 */
final class FrontFixture implements AutoCloseable {
    static final String AUTH_KEY = "voxedge-test-client-auth-key-0123456789";
    static final String INTERNAL_KEY = "voxedge-test-internal-key-0123456789-xyz";
    static final String ROUTING_KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    static final String NEAR_B = "192.0.2.7";
    static final String NEAR_A = "203.0.113.7";

    final EdgeDaemon edgeA;
    final EdgeDaemon edgeB;
    final Path dir;
    final Path topologyFile;
    final Topology topology;
    final GeoIpLocator geo;
    private final Vertx vertx = Vertx.vertx();

    FrontFixture(Path dir) throws Exception {
        this.dir = dir;
        edgeA = startEdge("popa", 1, "127.0.0.2");
        edgeB = startEdge("popb", 2, "127.0.0.3");
        Files.writeString(dir.resolve("client-auth.key"), AUTH_KEY + "\n");
        Files.writeString(dir.resolve("internal.key"), INTERNAL_KEY + "\n");
        topologyFile = dir.resolve("topology.conf");
        Files.writeString(topologyFile, topologyText(dir, media(edgeA), media(edgeB)));
        topology = TopologyLoader.load(topologyFile);
        geo = Fixtures.fixtureLocator();
    }

    private static EdgeDaemon startEdge(String pop, int id, String mediaIp) throws Exception {
        ConfigSource src = ConfigSource.empty()
                .with("dev", "true", "test")
                .with("pop.name", pop, "test")
                .with("pop.id", String.valueOf(id), "test")
                .with("signaling.bind", "127.0.0.1:0", "test")
                .with("media.bind", mediaIp + ":0", "test")
                .with("media.workers", "1", "test")
                .with("routing.keys", "0:" + ROUTING_KEY, "test")
                .with("auth.key", AUTH_KEY, "test")
                .with("internal.key", INTERNAL_KEY, "test");
        return EdgeDaemon.start(EdgeConfig.load(src));
    }

    private static String media(EdgeDaemon d) {
        InetSocketAddress a = d.transport().boundAddresses().get(0);
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    static String topologyText(Path dir, String mediaA, String mediaB) {
        return """
                regions = [ { id = as, name = "Asia" }, { id = eu, name = "Europe" } ]
                pops = [
                  { id = 1, name = popa, region = as, city = "Tokyo", lat = 35.6762, lon = 139.6503,
                    media = ["%s"], signaling-url = "https://popa.rtc.example.net/v1/calls", capacity = 100,
                    hosts = [ { id = 1, name = popa-h1, bind = "%s" } ] }
                  { id = 2, name = popb, region = eu, city = "Frankfurt", lat = 50.1109, lon = 8.6821,
                    media = ["%s"], signaling-url = "https://popb.rtc.example.net/v1/calls", capacity = 100,
                    hosts = [ { id = 1, name = popb-h1, bind = "%s" } ] }
                ]
                clusters = [
                  { id = eu-central, name = "EU Central", city = "Frankfurt", lat = 50.1109, lon = 8.6821, gateways = ["127.0.0.1:7000"] }
                ]
                links = [ { from = popb, to = eu-central, one-way-ms = 0.5 }, { from = popa, to = eu-central, one-way-ms = 110 } ]
                keys = [
                  { name = client-auth, file = "%s" }
                  { name = internal-signaling, file = "%s" }
                  { name = short-key, file = "%s" }
                  { name = env-key, env = "VOXEDGE_TEST_FRONT_KEY" }
                ]
                """.formatted(mediaA, mediaA, mediaB, mediaB, dir.resolve("client-auth.key"), dir.resolve("internal.key"),
                dir.resolve("short.key"));
    }

    /** The base URL of an edge's signaling server. */
    static String base(EdgeDaemon d) {
        return d.baseUrl();
    }

    /** A loopback URL nothing listens on (a port just bound and released). */
    static String deadUrl() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A router.conf (HOCON) front section over {@code front.enabled=true, front.pop=popa}, both edges by their real URLs. */
    Map<String, Object> frontSettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("front.enabled", true);
        m.put("front.pop", "popa");
        m.put("front.listen.port", 0);
        m.put("front.trusted-proxies", java.util.List.of("127.0.0.1/32"));
        m.put("front.forward-timeout", "5s");
        m.put("front.edges.popa", base(edgeA));
        m.put("front.edges.popb", base(edgeB));
        return m;
    }

    /** A running front. */
    Front startFront(Map<String, Object> settings) throws Exception {
        RouterConfig rc = RouterConfig.from(ConfigFactory.parseMap(settings, "test"), "test");
        FrontSetup setup = FrontSetup.resolve(rc.front(), topology, name -> null);
        InMemoryLiveState live = new InMemoryLiveState();
        AtomicLong clock = new AtomicLong(1_000_000_000_000L);
        PopScorer scorer = new PopScorer(topology, RttModel.DEFAULT, ScoringPolicy.DEFAULT, live,
                new MeasuredRttTable(1000, 600_000_000_000L, 3_600_000_000_000L));
        RouterService service = new RouterService(geo, scorer, clock::get);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EdgeForwarder forwarder = new EdgeForwarder(vertx, rc.front().forwardTimeout());
        SignalingFront front = new SignalingFront(setup, service, forwarder, registry, Clock.systemUTC());
        HttpServer server = vertx.createHttpServer().requestHandler(front.router(vertx))
                .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        return new Front(server, registry, live, forwarder);
    }

    /** One front: its port, metrics and the live state its router reads. */
    record Front(HttpServer server, SimpleMeterRegistry registry, InMemoryLiveState live, EdgeForwarder forwarder) {
        String callsUrl() {
            return "http://127.0.0.1:" + server.actualPort() + SignalingFront.CALLS_PATH;
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.actualPort() + path;
        }

        double outcome(FrontOutcome o) {
            return registry.counter("voxedge_front_calls_total", "outcome", o.label()).count();
        }

        long forwards(String pop) {
            var t = registry.find("voxedge_front_forward_seconds").tag("pop", pop).timer();
            return t == null ? 0 : t.count();
        }
    }

    /** A client token as an app's backend mints it: HS256, sub, exp. */
    static String clientToken(String subject) {
        return clientToken(subject, AUTH_KEY);
    }

    static String clientToken(String subject, String key) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject)
                    .expirationTime(Date.from(Instant.now().plusSeconds(300))).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(key.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String offer() {
        try (InputStream in = FrontFixture.class.getResourceAsStream("/net/voxedge/router/front/offer.sdp")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double started(EdgeDaemon d) {
        var c = d.metrics().registry().find("voxedge.sessions.started").counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        edgeA.close();
        edgeB.close();
        geo.close();
    }
}
