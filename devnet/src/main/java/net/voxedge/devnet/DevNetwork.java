package net.voxedge.devnet;

import com.typesafe.config.ConfigFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.voxedge.backbone.adapter.RealtimeAdapterConfig;
import net.voxedge.backbone.adapter.RealtimeAdapterMetrics;
import net.voxedge.backbone.agent.ParrotAgentServer;
import net.voxedge.backbone.agent.ParrotConfig;
import net.voxedge.backbone.gateway.ClusterGateway;
import net.voxedge.backbone.gateway.GatewayConfig;
import net.voxedge.backbone.gateway.GatewayRegistration;
import net.voxedge.backbone.gateway.RealtimeAdapterFactory;
import net.voxedge.edge.EdgeDaemon;
import net.voxedge.edge.config.ConfigSource;
import net.voxedge.edge.config.EdgeConfig;
import net.voxedge.router.RouterConfig;
import net.voxedge.router.RouterService;
import net.voxedge.router.front.EdgeForwarder;
import net.voxedge.router.front.FrontConfig;
import net.voxedge.router.front.FrontSetup;
import net.voxedge.router.front.SignalingFront;
import net.voxedge.router.geo.GeoIpLocator;
import net.voxedge.router.measured.MeasuredRttTable;
import net.voxedge.router.net.IpLiteral;
import net.voxedge.router.scoring.PopScorer;
import net.voxedge.router.state.RegistryLiveState;
import net.voxedge.topology.Topology;
import net.voxedge.topology.TopologyLoader;
import net.voxedge.topology.registry.ClientRtt;
import net.voxedge.topology.registry.InProcessRegistry;
import net.voxedge.topology.registry.Member;
import net.voxedge.topology.registry.MemberKind;
import net.voxedge.topology.registry.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole small network in one process (DESIGN: "the single-machine default runs the whole
 * network in one process with no Consul"): per cluster a parrot model server and a cluster
 * gateway, per PoP an edge daemon with {@code media.handler=backbone}, and the router with the
 * signaling front, which also serves the talk page and one merged {@code /metrics}. They are the
 * production classes, wired as the production daemons wire them, sharing one
 * {@link InProcessRegistry} where production has Consul, so health, load, drain and measured
 * latency reach the router the same way. Addresses and ports: devnet/README.md.
 */
public final class DevNetwork implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DevNetwork.class);
    private static final Duration READY_WAIT = Duration.ofSeconds(15);
    private static final String DEV_CITY_RESOURCE = "/net/voxedge/devnet/dev-city.mmdb";
    private static final String TALK_PAGE_RESOURCE = "/net/voxedge/devnet/talk.html";
    private static final String BACKBONE_KEY_ENV = "VOXEDGE_DEV_BACKBONE_KEY";

    /**
     * @param frontHost where the front listens (loopback: it serves plain HTTP)
     * @param frontPort the front's port (0 = any free port, for tests)
     * @param geoipPath the full City database, used when the file exists
     */
    public record Options(String frontHost, int frontPort, Path geoipPath) {
        public static Options defaults() {
            return new Options("127.0.0.1", 8080, Path.of("data/geoip/GeoLite2-City.mmdb"));
        }
    }

    /** A running edge and what the talk page says about it. */
    public record EdgeNode(DevSite site, EdgeDaemon daemon, String media, List<String> clusters) {
    }

    /** A running cluster: its gateway and the parrot behind it. */
    public record ClusterNode(DevSite site, ClusterGateway gateway, ParrotAgentServer parrot, String modelUrl,
                              GatewayRegistration registration, PrometheusMeterRegistry meters) {
    }

    private final Options options;
    private final Consumer<String> progress;
    private final DevKeys keys = DevKeys.generate(new SecureRandom());
    private final List<EdgeNode> edges = new ArrayList<>();
    /** Each PoP's relay socket (relay.listen), chosen before any edge starts: every edge lists the others. */
    private final Map<DevSite, InetSocketAddress> edgeRelays = new LinkedHashMap<>();
    private final List<ClusterNode> clusters = new ArrayList<>();
    private final PrometheusMeterRegistry frontMeters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private Path runDir;
    private Vertx vertx;
    private InProcessRegistry registry;
    private Subscription liveSubscription;
    private GeoIpLocator devGeo;
    private GeoIpLocator fullGeo;
    private String geoDescription;
    private EdgeForwarder forwarder;
    private RouterService router;
    private HttpServer front;
    private String devToken;
    private volatile boolean closed;

    private DevNetwork(Options options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
    }

    /**
     * Starts everything and returns once the front routes calls (every PoP and cluster visible in the
     * registry, every edge's backbone links UP). On failure what was started is stopped again.
     *
     * @param progress receives one line per step ("starting edge fra1 (127.0.0.2) ... ready in 340 ms")
     * @throws DevNetworkException with a message a person can act on (a port taken, a bad database)
     */
    public static DevNetwork start(Options options, Consumer<String> progress) throws DevNetworkException {
        DevNetwork net = create(options, progress);
        net.startup();
        return net;
    }

    /** A network not started yet: {@link #startup()} starts it, {@link #close()} may be called at any time. */
    public static DevNetwork create(Options options, Consumer<String> progress) {
        return new DevNetwork(options, progress);
    }

    /** Starts everything (see {@link #start}); on failure stops what was started and throws. */
    public void startup() throws DevNetworkException {
        try {
            startAll();
        } catch (DevNetworkException e) {
            close();
            throw e;
        } catch (Exception e) {
            close();
            throw new DevNetworkException("the dev network could not start: " + e, e);
        }
    }

    private void startAll() throws Exception {
        checkFrontPortFree();
        runDir = Files.createTempDirectory("voxedge-devnet-");
        Path backboneKey = runDir.resolve("backbone.key");
        Files.writeString(backboneKey, keys.backboneHex() + "\n");
        Files.setPosixFilePermissions(backboneKey, PosixFilePermissions.fromString("rw-------"));
        vertx = Vertx.vertx();
        registry = new InProcessRegistry(vertx, frontMeters);

        // Pick each edge's tunnel port first: a gateway must know its edges' addresses, and an edge its gateways'.
        Map<String, InetSocketAddress> edgeTunnels = new LinkedHashMap<>();
        for (DevSite pop : DevPlan.POPS) {
            edgeTunnels.put(pop.name(), new InetSocketAddress(pop.address(), freeUdpPort(pop.address())));
        }
        // And each edge's relay port: every edge lists the others as relay peers, so a client that reaches only
        // the backup PoP's candidate is relayed to the PoP that owns its session (edge-daemon README, "Relay").
        for (DevSite pop : DevPlan.POPS) {
            edgeRelays.put(pop, new InetSocketAddress(pop.address(), freeUdpPort(pop.address())));
        }
        Map<String, String> gatewayAddresses = new LinkedHashMap<>();
        for (DevSite c : DevPlan.CLUSTERS) {
            ClusterNode node = step("cluster " + c.name() + " (" + c.address() + ": parrot model server + gateway)",
                    () -> startCluster(c, edgeTunnels));
            clusters.add(node);
            InetSocketAddress a = node.gateway().localAddress();
            gatewayAddresses.put(c.name(), a.getAddress().getHostAddress() + ":" + a.getPort());
        }
        Map<String, String> media = new LinkedHashMap<>();
        for (DevSite pop : DevPlan.POPS) {
            EdgeNode node = step("edge " + pop.name() + " in " + pop.city() + " (" + pop.address() + ")",
                    () -> startEdge(pop, edgeTunnels.get(pop.name()), gatewayAddresses, backboneKey));
            edges.add(node);
            media.put(pop.name(), node.media());
        }
        devToken = edges.get(0).daemon().mintToken("dev", 24 * 3600);
        step("router and signaling front on " + options.frontHost() + ":" + options.frontPort(),
                () -> {
                    startFront(media, gatewayAddresses);
                    return null;
                });
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    private <T> T step(String what, Step<T> step) throws Exception {
        long t0 = System.nanoTime();
        progress.accept("starting " + what + " ...");
        T result = step.run();
        progress.accept("  ready in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        return result;
    }

    private ClusterNode startCluster(DevSite c, Map<String, InetSocketAddress> edgeTunnels) throws Exception {
        ParrotAgentServer parrot = new ParrotAgentServer(vertx, ParrotConfig.DEFAULT);
        int parrotPort = parrot.start(c.address(), 0).await(10, TimeUnit.SECONDS);
        String modelUrl = "ws://" + c.address() + ":" + parrotPort + ParrotAgentServer.PATH;
        StringBuilder edgesConf = new StringBuilder();
        for (DevSite pop : DevPlan.POPS) {
            InetSocketAddress t = edgeTunnels.get(pop.name());
            edgesConf.append("    { name = ").append(pop.name()).append("-h1, address = \"").append(t.getAddress().getHostAddress())
                    .append(':').append(t.getPort()).append("\", link-id = ").append(linkId(pop, c))
                    .append(", key-id = 1, secret { env = ").append(BACKBONE_KEY_ENV).append(" } }\n");
        }
        String hocon = """
                gateway {
                  cluster = %s
                  bind = "%s:0"
                  model-url = "%s"
                  registry { enabled = false }
                  edges = [
                %s  ]
                }
                """.formatted(c.name(), c.address(), modelUrl, edgesConf);
        GatewayConfig config = GatewayConfig.from(ConfigFactory.parseString(hocon), runDir,
                name -> BACKBONE_KEY_ENV.equals(name) ? keys.backboneHex() : null);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ClusterGateway gateway;
        try {
            gateway = ClusterGateway.start(config, new RealtimeAdapterFactory(vertx, RealtimeAdapterConfig.of(modelUrl),
                    new RealtimeAdapterMetrics(meters)), meters);
        } catch (RuntimeException e) {
            parrot.stop().await(5, TimeUnit.SECONDS);
            throw e;
        }
        InetSocketAddress a = gateway.localAddress();
        // Registered here rather than by the gateway itself: it joins the one in-process registry.
        GatewayRegistration registration = new GatewayRegistration(vertx, registry,
                Member.of("gateway-" + c.name(), MemberKind.GATEWAY, c.name(), c.name() + "-gw",
                        a.getAddress().getHostAddress(), a.getPort()), gateway::activeSessions, 100);
        progress.accept("  parrot " + modelUrl + ", gateway udp " + a.getAddress().getHostAddress() + ":" + a.getPort());
        return new ClusterNode(c, gateway, parrot, modelUrl, registration, meters);
    }

    /**
     * The link id an edge and a gateway agree on: the edge's documented default
     * ({@code popId<<16 | hostId<<8 | position in backbone.clusters}), written out on both sides.
     */
    static int linkId(DevSite pop, DevSite cluster) {
        List<DevSite> order = DevTopology.clustersByDistance(pop, DevPlan.CLUSTERS);
        int position = 1 + order.stream().map(DevSite::name).toList().indexOf(cluster.name());
        return pop.id() << 16 | 1 << 8 | position;
    }

    private EdgeNode startEdge(DevSite pop, InetSocketAddress tunnel, Map<String, String> gateways, Path backboneKey)
            throws Exception {
        List<DevSite> order = DevTopology.clustersByDistance(pop, DevPlan.CLUSTERS);
        List<String> clusterList = new ArrayList<>();
        for (DevSite c : order) {
            clusterList.add(c.name() + "@" + gateways.get(c.name()) + "/" + linkId(pop, c));
        }
        ConfigSource src = ConfigSource.empty();
        Map<String, String> settings = new LinkedHashMap<>();
        // dev = plain HTTP on loopback and a fresh journal is allowed; every key is given, shared network-wide.
        settings.put("dev", "true");
        settings.put("pop.id", Integer.toString(pop.id()));
        settings.put("pop.name", pop.name());
        settings.put("host.id", "1");
        settings.put("media.bind", pop.address() + ":0");
        settings.put("media.workers", "1");
        settings.put("media.handler", "backbone");
        settings.put("signaling.bind", pop.address() + ":0");
        settings.put("routing.keys", "1:" + keys.routingHex());
        settings.put("auth.key", keys.clientAuth());
        settings.put("internal.key", keys.internal());
        settings.put("backbone.bind", tunnel.getAddress().getHostAddress() + ":" + tunnel.getPort());
        InetSocketAddress relay = edgeRelays.get(pop);
        settings.put("relay.listen", relay.getAddress().getHostAddress() + ":" + relay.getPort());
        List<String> peers = new ArrayList<>();
        edgeRelays.forEach((other, a) -> {
            if (other.id() != pop.id()) {
                peers.add(other.id() + "/1=" + a.getAddress().getHostAddress() + ":" + a.getPort());
            }
        });
        settings.put("relay.peers", String.join(",", peers));
        settings.put("backbone.clusters", String.join(",", clusterList));
        settings.put("backbone.linkKeys", "1:file:" + backboneKey);
        settings.put("backbone.journal.dir", runDir.resolve("journal-" + pop.name()).toString());
        // Faster than production's 5 s / 10 s: a dev network is watched right after it starts.
        settings.put("registry.loadEverySeconds", "1");
        settings.put("registry.latencyEverySeconds", "2");
        settings.forEach((k, v) -> src.with(k, v, "dev network"));
        EdgeConfig config = EdgeConfig.load(src);
        if (!src.unknownKeys().isEmpty()) {
            throw new IllegalStateException("edge settings unknown to this edge daemon: " + src.unknownKeys());
        }
        EdgeDaemon daemon = EdgeDaemon.start(config, registry);
        InetSocketAddress bound = daemon.transport().boundAddresses().get(0);
        String mediaAddr = bound.getAddress().getHostAddress() + ":" + bound.getPort();
        try {
            // Every link, not just the first: the router may name any cluster, and the edge takes it
            // only while its link is up (else it falls back to its own order).
            for (int i = 0; i < order.size(); i++) {
                int index = i;
                await("the backbone link " + pop.name() + " -> " + order.get(i).name(), () -> daemon.backbone().clusterUp(index));
            }
        } catch (DevNetworkException e) {
            daemon.close();
            throw e;
        }
        progress.accept("  media udp " + mediaAddr + ", signaling " + daemon.baseUrl() + ", backbone to "
                + String.join(" then ", order.stream().map(DevSite::name).toList()));
        return new EdgeNode(pop, daemon, mediaAddr, order.stream().map(DevSite::name).toList());
    }

    private void startFront(Map<String, String> media, Map<String, String> gateways) throws Exception {
        Path topologyFile = runDir.resolve("topology.conf");
        Files.writeString(topologyFile, DevTopology.hocon(DevPlan.POPS, DevPlan.CLUSTERS, media, gateways));
        Topology topology = TopologyLoader.load(topologyFile);

        devGeo = GeoIpLocator.open(copyResource(DEV_CITY_RESOURCE, runDir.resolve("dev-city.mmdb")),
                GeoIpLocator.DEFAULT_UNKNOWN_RADIUS_KM);
        if (options.geoipPath() != null && Files.isRegularFile(options.geoipPath())) {
            fullGeo = GeoIpLocator.open(options.geoipPath(), GeoIpLocator.DEFAULT_UNKNOWN_RADIUS_KM);
            geoDescription = fullGeo.describe() + " (" + options.geoipPath() + "), after the dev sample cities";
        } else {
            geoDescription = "the dev sample cities only (" + options.geoipPath()
                    + " is absent: scripts/fetch-geoip fetches GeoLite2-City)";
        }
        progress.accept("  GeoIP: " + geoDescription);

        RouterConfig defaults = RouterConfig.defaults();
        MeasuredRttTable measured = new MeasuredRttTable(100_000, defaults.halfLife().toNanos(), defaults.horizon().toNanos());
        AtomicReference<RouterService> serviceRef = new AtomicReference<>();
        RegistryLiveState live = new RegistryLiveState(topology, rtt -> recordClientRtt(serviceRef.get(), rtt));
        // Everything the edges publish, measured backbone round trips included: the edges send each
        // session to the cluster the router names, so whatever it picks by them is what is used.
        liveSubscription = registry.subscribe(live::accept);
        PopScorer scorer = new PopScorer(topology, defaults.rttModel(), defaults.policy(), live, measured);
        RouterService service = new RouterService(new DevGeoLocator(devGeo, fullGeo), scorer, System::nanoTime);
        serviceRef.set(service);
        router = service;

        List<String> problems = new ArrayList<>();
        StringBuilder frontConf = new StringBuilder();
        frontConf.append("front.enabled = true\n")
                .append("front.listen.host = \"").append(options.frontHost()).append("\"\n")
                .append("front.listen.port = ").append(options.frontPort()).append('\n')
                .append("front.pop = ").append(DevPlan.FRONT_POP).append('\n')
                // The talk page (a loopback client) says where it calls from in X-Forwarded-For.
                .append("front.trusted-proxies = [\"127.0.0.1/32\", \"::1/128\"]\n");
        for (EdgeNode e : edges) {
            frontConf.append("front.edges.").append(e.site().name()).append(" = \"").append(e.daemon().baseUrl()).append("\"\n");
        }
        FrontConfig frontConfig = FrontConfig.from(ConfigFactory.parseString(frontConf.toString())
                .withFallback(ConfigFactory.parseString(FrontConfig.DEFAULTS)), problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("front settings: " + problems);
        }
        Map<String, String> env = Map.of(DevTopology.CLIENT_AUTH_ENV, keys.clientAuth(), DevTopology.INTERNAL_ENV, keys.internal());
        FrontSetup setup = FrontSetup.resolve(frontConfig, topology, env::get);
        forwarder = new EdgeForwarder(vertx, frontConfig.forwardTimeout());
        SignalingFront signaling = new SignalingFront(setup, service, forwarder, frontMeters, Clock.systemUTC());

        await("the router seeing every PoP and cluster in the registry", () ->
                DevPlan.POPS.stream().allMatch(p -> live.pop(p.name()).healthy())
                        && DevPlan.CLUSTERS.stream().allMatch(c -> live.clusterHealthy(c.name())));

        TalkPage page = new TalkPage(resourceText(TALK_PAGE_RESOURCE), this::networkJson, () -> devToken, this::metricsText);
        Router router = signaling.router(vertx);
        page.mount(router, vertx);
        try {
            front = vertx.createHttpServer(new HttpServerOptions().setHost(options.frontHost()).setPort(options.frontPort()))
                    .requestHandler(router).listen().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new DevNetworkException(portTaken(e.getMessage()), e);
        }
    }

    /** A client round trip an edge published (prefix like 203.0.113.0/24) into the router's measured table. */
    private static void recordClientRtt(RouterService service, ClientRtt rtt) {
        if (service == null) {
            return;
        }
        String prefix = rtt.prefix();
        int slash = prefix.indexOf('/');
        byte[] addr = new byte[16];
        int len = IpLiteral.parse(slash < 0 ? prefix : prefix.substring(0, slash), addr);
        int pop = service.scorer().popIndex(rtt.pop());
        if (len > 0 && pop >= 0) {
            service.recordRtt(addr, len, pop, rtt.rttMicros() / 1000.0);
        }
    }

    /**
     * What the talk page shows: PoPs (with each edge's own cluster order, its fallback when the
     * router's cluster is unusable), clusters, the cities it can call from. The cluster a call
     * really uses comes with its answer ({@code X-Voxedge-Cluster}), not from here.
     */
    JsonObject networkJson() {
        var pops = new JsonArray();
        for (EdgeNode e : edges) {
            pops.add(new JsonObject().put("name", e.site().name()).put("city", e.site().city())
                    .put("media", e.media()).put("signaling", e.daemon().baseUrl())
                    .put("clusters", new JsonArray(e.clusters())));
        }
        var cls = new JsonArray();
        for (ClusterNode c : clusters) {
            InetSocketAddress a = c.gateway().localAddress();
            cls.add(new JsonObject().put("name", c.site().name()).put("city", c.site().city())
                    .put("gateway", a.getAddress().getHostAddress() + ":" + a.getPort()).put("model", c.modelUrl()));
        }
        var cities = new JsonArray();
        for (DevCity city : DevPlan.CITIES) {
            cities.add(new JsonObject().put("key", city.key()).put("label", city.label())
                    .put("ip", city.sample()));
        }
        return new JsonObject().put("frontPop", DevPlan.FRONT_POP).put("pops", pops)
                .put("clusters", cls).put("cities", cities).put("geoip", geoDescription);
    }

    /** Every component's scrape, labelled {@code component=...}. */
    String metricsText() {
        PrometheusMerger m = new PrometheusMerger();
        m.add("front", frontMeters.scrape());
        for (EdgeNode e : edges) {
            m.add("edge-" + e.site().name(), e.daemon().metrics().registry().scrape());
        }
        for (ClusterNode c : clusters) {
            m.add("gateway-" + c.site().name(), c.meters().scrape());
        }
        return m.render();
    }

    public String signalingUrl() {
        return baseUrl() + SignalingFront.CALLS_PATH;
    }

    public String talkUrl() {
        return baseUrl() + "/";
    }

    public String metricsUrl() {
        return baseUrl() + "/metrics";
    }

    /** The bearer token the front and every edge accept for a day (this run's keys only). */
    public String devToken() {
        return devToken;
    }

    /** The router the front asks (tests compare its choices with what the edges do). */
    RouterService router() {
        return router;
    }

    /** The shared live registry. */
    public InProcessRegistry registry() {
        return registry;
    }

    public List<EdgeNode> edges() {
        return List.copyOf(edges);
    }

    public List<ClusterNode> clusters() {
        return List.copyOf(clusters);
    }

    private String baseUrl() {
        return "http://" + options.frontHost() + ":" + front.actualPort();
    }

    /**
     * Stops the front first (no new calls), then drains and stops the edges (in parallel), the
     * gateways, the parrots and the shared Vert.x; each step is bounded, so this returns within a
     * few seconds whatever hangs. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        if (front != null) {
            bounded("front", () -> front.close().await(2, TimeUnit.SECONDS));
        }
        if (forwarder != null) {
            bounded("front forwarder", forwarder::close);
        }
        edges.forEach(e -> e.daemon().drain());
        List<Thread> closing = edges.stream().map(e -> Thread.ofVirtual().name("close-" + e.site().name())
                .start(() -> bounded("edge " + e.site().name(), e.daemon()::close))).toList();
        joinAll(closing, Duration.ofSeconds(10));
        for (ClusterNode c : clusters) {
            bounded("registration of " + c.site().name(), c.registration()::close);
            bounded("gateway " + c.site().name(), c.gateway()::close);
            bounded("parrot " + c.site().name(), () -> c.parrot().stop().await(2, TimeUnit.SECONDS));
        }
        if (liveSubscription != null) {
            bounded("registry subscription", liveSubscription::close);
        }
        if (registry != null) {
            bounded("registry", () -> registry.close().await(2, TimeUnit.SECONDS));
        }
        if (vertx != null) {
            bounded("vert.x", () -> vertx.close().await(3, TimeUnit.SECONDS));
        }
        for (GeoIpLocator g : new GeoIpLocator[] {devGeo, fullGeo}) {
            if (g != null) {
                bounded("GeoIP database", g::close);
            }
        }
        if (runDir != null) {
            deleteTree(runDir);
        }
        log.info("dev network stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    private interface Action {
        void run() throws Exception;
    }

    private static void bounded(String what, Action action) {
        try {
            action.run();
        } catch (Exception e) {
            log.warn("stopping {}: {}", what, e.toString());
        }
    }

    private static void joinAll(List<Thread> threads, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (Thread t : threads) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    t.join(Duration.ofNanos(left));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) {
                log.warn("{} did not finish in time; going on", t.getName());
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a journal file still mapped: the temp dir is cleaned by the system eventually
                }
            });
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", dir, e.toString());
        }
    }

    private void checkFrontPortFree() throws DevNetworkException {
        if (options.frontPort() == 0) {
            return;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(options.frontHost(), options.frontPort()));
        } catch (IOException e) {
            throw new DevNetworkException(portTaken(e.getMessage()), e);
        }
    }

    private String portTaken(String why) {
        return options.frontHost() + ":" + options.frontPort() + " is not free (" + why + "): is another "
                + "`bin/voxedge dev` running? Stop it, or pick another port: bin/voxedge dev --port=8090";
    }

    private static void await(String what, BooleanSupplier condition) throws DevNetworkException {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new DevNetworkException("gave up waiting " + READY_WAIT.toSeconds() + " s for " + what, null);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DevNetworkException("interrupted while waiting for " + what, e);
            }
        }
    }

    /** A UDP port free on {@code address} now (the edge binds it a moment later; a clash fails loudly). */
    private static int freeUdpPort(String address) throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }

    private static Path copyResource(String resource, Path to) throws IOException {
        try (InputStream in = DevNetwork.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource " + resource + " is missing from the classpath (rebuild devnet)");
            }
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
        return to;
    }

    private static String resourceText(String resource) throws IOException {
        try (InputStream in = DevNetwork.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource " + resource + " is missing from the classpath (rebuild devnet)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
