package net.voxedge.router;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.voxedge.router.front.EdgeForwarder;
import net.voxedge.router.front.FrontSetup;
import net.voxedge.router.front.SignalingFront;
import net.voxedge.router.geo.GeoDatabaseException;
import net.voxedge.router.geo.GeoIpLocator;
import net.voxedge.router.http.RouterApi;
import net.voxedge.router.measured.MeasuredRttTable;
import net.voxedge.router.scoring.PopScorer;
import net.voxedge.router.state.InMemoryLiveState;
import net.voxedge.topology.Topology;
import net.voxedge.topology.TopologyException;
import net.voxedge.topology.TopologyLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the geo-router: loads the topology and the GeoIP database, serves the HTTP API.
 * Arguments are {@code --config=router.conf} and/or {@code --key=value} (geo-router/README.md).
 * Exit status 2 on a configuration, topology or database problem, with a message saying which.
 */
public final class RouterMain {

    private static final Logger log = LoggerFactory.getLogger(RouterMain.class);

    private RouterMain() {
    }

    /** Serves the signaling front on its own listener (it faces clients; the router API faces engineers and edges). */
    static HttpServer startFront(Vertx vertx, FrontSetup front, RouterService service, MeterRegistry registry) throws Exception {
        EdgeForwarder forwarder = new EdgeForwarder(vertx, front.config().forwardTimeout());
        SignalingFront signaling = new SignalingFront(front, service, forwarder, registry, Clock.systemUTC());
        HttpServerOptions options = new HttpServerOptions().setHost(front.config().listenHost()).setPort(front.config().listenPort());
        if (front.config().tlsEnabled()) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(front.config().tlsCertificate().toString())
                    .setKeyPath(front.config().tlsPrivateKey().toString()));
        }
        return vertx.createHttpServer(options).requestHandler(signaling.router(vertx)).listen().await(30, TimeUnit.SECONDS);
    }

    /** A client round trip an edge published (prefix text like 203.0.113.0/24) into the measured table. */
    static void recordClientRtt(RouterService service, net.voxedge.topology.registry.ClientRtt rtt) {
        if (service == null) {
            return;
        }
        String prefix = rtt.prefix();
        int slash = prefix.indexOf('/');
        byte[] addr = new byte[16];
        int len = net.voxedge.router.net.IpLiteral.parse(slash < 0 ? prefix : prefix.substring(0, slash), addr);
        int pop = service.scorer().popIndex(rtt.pop());
        if (len > 0 && pop >= 0) {
            service.recordRtt(addr, len, pop, rtt.rttMicros() / 1000.0);
        }
    }

    public static void main(String[] args) throws Exception {
        RouterConfig config;
        Topology topology;
        GeoIpLocator geo;
        FrontSetup front = null;
        try {
            config = RouterConfig.fromArgs(args);
            topology = TopologyLoader.load(config.topology());
            if (config.front().enabled()) {
                front = FrontSetup.resolve(config.front(), topology, System::getenv);
            }
            geo = GeoIpLocator.open(config.geoipPath(), config.unknownRadiusKm());
        } catch (RouterConfigException | GeoDatabaseException e) {
            System.err.println("geo-router: " + e.getMessage());
            System.exit(2);
            return;
        } catch (TopologyException e) {
            System.err.println("geo-router: topology " + e.getMessage());
            System.exit(2);
            return;
        }
        log.info("topology {}: {} PoPs, {} clusters, {} links", config.topology(), topology.pops().size(),
                topology.clusters().size(), topology.links().size());
        log.info("GeoIP: {}; locations vaguer than {} km count as unknown", geo.describe(), config.unknownRadiusKm());
        if (geo.describe().contains("GeoLite2")) {
            log.info("This product includes GeoLite2 data created by MaxMind, available from https://www.maxmind.com");
        }

        MeasuredRttTable measured = new MeasuredRttTable(config.measuredCapacity(),
                config.halfLife().toNanos(), config.horizon().toNanos());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = Vertx.vertx();
        // With registry.consul the router follows the live registry (health, drain, load, measured
        // round trips); without one every PoP counts as healthy and idle.
        java.util.concurrent.atomic.AtomicReference<RouterService> serviceRef = new java.util.concurrent.atomic.AtomicReference<>();
        net.voxedge.router.state.LiveState live;
        if (config.registryConsul() != null) {
            String[] hp = config.registryConsul().split(":");
            var consul = net.voxedge.topology.consul.ConsulRegistry.create(vertx,
                    net.voxedge.topology.consul.ConsulRegistryOptions.defaults(hp[0], Integer.parseInt(hp[1])), registry);
            var fromRegistry = new net.voxedge.router.state.RegistryLiveState(topology,
                    rtt -> recordClientRtt(serviceRef.get(), rtt));
            consul.subscribe(fromRegistry);
            live = fromRegistry;
            log.info("live state from Consul at {}: PoPs take sessions once one of their edges registers", config.registryConsul());
        } else {
            live = new InMemoryLiveState();
            log.info("no registry configured (registry.consul): every PoP counts as healthy and idle");
        }
        PopScorer scorer = new PopScorer(topology, config.rttModel(), config.policy(), live, measured);
        RouterService service = new RouterService(geo, scorer, System::nanoTime);
        serviceRef.set(service);
        RouterApi api = new RouterApi(service, registry, registry::scrape);

        HttpServer server;
        try {
            server = vertx.createHttpServer().requestHandler(api.router(vertx))
                    .listen(config.listenPort(), config.listenHost()).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("geo-router: cannot listen on " + config.listenHost() + ":" + config.listenPort() + ": " + e.getMessage());
            vertx.close();
            System.exit(2);
            return;
        }
        vertx.setPeriodic(60_000, id -> {
            int swept = service.sweep();
            if (swept > 0) {
                log.debug("measured RTT: {} entries past the horizon dropped, {} kept", swept, service.measuredEntries());
            }
        });
        log.info("geo-router listening on http://{}:{}/v1/route?ip=...", config.listenHost(), server.actualPort());
        if (front != null) {
            try {
                HttpServer fs = startFront(vertx, front, service, registry);
                log.info("signaling front of {} listening on {}://{}:{}{}; trusted proxies {}", front.pop().name(),
                        front.config().tlsEnabled() ? "https" : "http", front.config().listenHost(), fs.actualPort(),
                        SignalingFront.CALLS_PATH, front.config().trustedProxies().describe());
            } catch (Exception e) {
                System.err.println("geo-router: signaling front cannot listen on " + front.config().listenHost() + ":"
                        + front.config().listenPort() + ": " + e.getMessage());
                vertx.close();
                System.exit(2);
                return;
            }
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("geo-router stopping");
            vertx.close().await();
            try {
                geo.close();
            } catch (Exception e) {
                log.warn("closing the GeoIP database failed", e);
            }
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}
