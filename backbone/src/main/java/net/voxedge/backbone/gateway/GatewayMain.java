package net.voxedge.backbone.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.voxedge.backbone.adapter.RealtimeAdapterConfig;
import net.voxedge.backbone.adapter.RealtimeAdapterMetrics;
import net.voxedge.topology.registry.InProcessRegistry;
import net.voxedge.topology.registry.Member;
import net.voxedge.topology.registry.MemberKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a cluster gateway: {@code GatewayMain --config gateway.conf [gateway.key=value ...]}. Prints
 * {@code gateway: udp <address>} and {@code gateway: model <url>} once it listens; SIGTERM or
 * Ctrl-C ends every session (CLOSE to the edges), closes the model connections and exits.
 */
public final class GatewayMain {
    private static final Logger log = LoggerFactory.getLogger(GatewayMain.class);
    private static final String USAGE = "usage: GatewayMain --config FILE [gateway.key=value ...]";

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--config") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (a.startsWith("--config=")) {
                file = Path.of(a.substring("--config=".length()));
            } else if (a.contains("=") && !a.startsWith("-")) {
                overrides.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else {
                fail("unknown argument '" + a + "'");
            }
        }
        if (file == null) {
            fail("--config is required");
        }
        GatewayConfig config;
        try {
            config = GatewayConfig.load(file, overrides);
        } catch (GatewayConfigException e) {
            System.err.println("gateway: " + e.getMessage());
            System.exit(2);
            return;
        }
        run(config, file, overrides);
    }

    /**
     * {@code kill -HUP} re-reads the configuration file and takes the edges' tunnel keys
     * ({@code key-id}, {@code secret}, {@code accept-keys}): how keys rotate without a restart.
     * Nothing else is reloaded; a bad file or key set is reported and the old keys stay.
     */
    private static void reloadKeysOnHangup(ClusterGateway gateway, Path file, Map<String, String> overrides) {
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
            try {
                gateway.reloadKeys(GatewayConfig.load(file, overrides));
                log.info("gateway: SIGHUP: tunnel keys reloaded from {}", file);
                System.out.println("gateway: keys reloaded from " + file);
                System.out.flush();
            } catch (GatewayConfigException e) {
                log.error("gateway: SIGHUP: tunnel keys not reloaded, the old ones stay: {}", e.getMessage());
                System.err.println("gateway: SIGHUP: tunnel keys not reloaded, the old ones stay: " + e.getMessage());
            }
        });
    }

    private static void fail(String message) {
        System.err.println("gateway: " + message);
        System.err.println(USAGE);
        System.exit(2);
    }

    private static void run(GatewayConfig config, Path file, Map<String, String> overrides) throws Exception {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = Vertx.vertx();
        ClusterGateway gateway;
        try {
            AdapterFactory adapters = config.modelUrl().equals(EchoAdapterFactory.URL) ? new EchoAdapterFactory()
                    : new RealtimeAdapterFactory(vertx, RealtimeAdapterConfig.of(config.modelUrl())
                            .withBearerToken(config.modelToken()), new RealtimeAdapterMetrics(metrics));
            gateway = ClusterGateway.start(config, adapters, metrics);
        } catch (RuntimeException e) {
            log.error("gateway: cannot start", e);
            System.err.println("gateway: cannot start: " + e.getMessage());
            vertx.close().await(5, TimeUnit.SECONDS);
            System.exit(1);
            return;
        }
        HttpServer http = null;
        if (config.metricsBind() != null) {
            InetSocketAddress mb = config.metricsBind();
            http = vertx.createHttpServer().requestHandler(req -> {
                switch (req.path()) {
                    case "/metrics" -> req.response().putHeader("content-type", "text/plain; version=0.0.4")
                            .end(metrics.scrape());
                    case "/healthz", "/readyz" -> req.response().end("ok\n");
                    default -> req.response().setStatusCode(404).end();
                }
            }).listen(mb.getPort(), mb.getAddress().getHostAddress()).await(10, TimeUnit.SECONDS);
            System.out.println("gateway: metrics http://" + mb.getAddress().getHostAddress() + ":" + http.actualPort() + "/metrics");
        }
        GatewayRegistration registration = null;
        net.voxedge.topology.registry.LiveRegistry registry = null;
        if (config.registerMember()) {
            InetSocketAddress consul = config.registryConsul();
            registry = consul == null ? new InProcessRegistry(vertx, metrics)
                    : net.voxedge.topology.consul.ConsulRegistry.create(vertx,
                            net.voxedge.topology.consul.ConsulRegistryOptions.defaults(consul.getAddress().getHostAddress(),
                                    consul.getPort()).withWatch(false), metrics);
            InetSocketAddress a = gateway.localAddress();
            registration = new GatewayRegistration(vertx, registry,
                    Member.of(config.memberId(), MemberKind.GATEWAY, config.cluster(), config.cluster() + "-gw",
                            a.getAddress().getHostAddress(), a.getPort()),
                    gateway::activeSessions, config.capacity());
        }
        reloadKeysOnHangup(gateway, file, overrides);
        System.out.println("gateway: udp " + gateway.localAddress().getAddress().getHostAddress() + ":"
                + gateway.localAddress().getPort());
        System.out.println("gateway: model " + config.modelUrl());
        System.out.flush();

        CountDownLatch done = new CountDownLatch(1);
        GatewayRegistration reg = registration;
        net.voxedge.topology.registry.LiveRegistry live = registry;
        HttpServer server = http;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("gateway: shutting down");
            try {
                if (reg != null) {
                    reg.close();
                }
                if (live != null) {
                    live.close().await(5, TimeUnit.SECONDS);
                }
                gateway.close();
                if (server != null) {
                    server.close().await(5, TimeUnit.SECONDS);
                }
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("gateway: unclean shutdown: {}", e.toString());
            } finally {
                done.countDown();
            }
        }, "gateway-shutdown"));
        done.await();
    }
}
