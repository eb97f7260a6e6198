package net.voxedge.edge;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import net.voxedge.edge.config.ConfigException;
import net.voxedge.edge.config.ConfigSource;
import net.voxedge.edge.config.EdgeConfig;

/**
 * {@code bin/voxedge} runs this. Flags are {@code --key=value} settings (see edge-daemon/README.md);
 * {@code --config=FILE} loads a properties file first; {@code --dev} runs a self-contained local daemon.
 */
public final class EdgeDaemonMain {
    private EdgeDaemonMain() {
    }

    public static void main(String[] args) throws Exception {
        EdgeConfig config;
        try {
            config = load(args);
        } catch (ConfigException e) {
            System.err.println("voxedge: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        EdgeDaemon daemon = EdgeDaemon.start(config);
        reloadKeysOnHangup(daemon, args);
        drainOnUsr1(daemon);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "shutdown"));
        System.out.println("media: " + daemon.transport().boundAddresses() + " (" + daemon.transport().kind().name().toLowerCase(java.util.Locale.ROOT) + ")");
        System.out.println("signaling: " + daemon.callsUrl());
        System.out.println("agent: " + switch (config.mediaHandler()) {
            case "parrot" -> "parrot (in the edge: repeats each turn; speak over it to interrupt)";
            case "echo" -> "echo (callers hear themselves)";
            default -> config.mediaHandler();
        });
        if (config.dev()) {
            System.out.println("token: " + daemon.mintToken("dev", 24 * 3600));
            System.out.println("try it: open " + daemon.baseUrl() + "/ in a browser (dev demo page)");
        }
        System.out.flush();
        stopped.await();
    }

    /** The configuration from {@code --config=FILE} (if given) and {@code --key=value} arguments. */
    static EdgeConfig load(String[] args) {
        ConfigSource src = ConfigSource.empty();
        for (String a : args) {
            if (a.startsWith("--config=")) {
                src.withFile(Path.of(a.substring("--config=".length())));
            }
        }
        List<String> positional = ConfigSource.applyArgs(src, args);
        src.string("config", null);
        if (!positional.isEmpty()) {
            throw new ConfigException("unexpected argument '" + positional.get(0) + "' (settings are --key=value)");
        }
        EdgeConfig config = EdgeConfig.load(src);
        List<String> unknown = src.unknownKeys();
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown setting(s): " + String.join(", ", unknown) + " (see edge-daemon/README.md)");
        }
        return config;
    }

    /**
     * {@code kill -HUP} re-reads the configuration and takes its routing keys and its backbone
     * tunnel keys ({@code backbone.linkKeys}, {@code backbone.currentKeyId}): how keys rotate
     * without a restart. Nothing else is reloaded; a bad file or key set is reported and the old
     * keys stay. Keys given nowhere but in dev mode's random defaults are not touched.
     */
    private static void reloadKeysOnHangup(EdgeDaemon daemon, String[] args) {
        boolean fromFile = java.util.Arrays.stream(args).anyMatch(a -> a.startsWith("--config="));
        boolean routing = fromFile || java.util.Arrays.stream(args).anyMatch(a -> a.startsWith("--routing.keys="));
        boolean tunnel = daemon.backbone() != null;
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
            if (!routing && !tunnel) {
                System.err.println("voxedge: SIGHUP ignored: routing keys are not configured (dev mode makes random ones)");
                return;
            }
            EdgeConfig fresh;
            try {
                fresh = load(args);
            } catch (ConfigException e) {
                System.err.println("voxedge: SIGHUP: configuration error, keeping the old keys: " + e.getMessage());
                return;
            }
            if (routing) {
                daemon.sessions().reloadRoutingKeys(fresh);
            }
            if (tunnel && fresh.backbone().enabled()) {
                try {
                    daemon.backbone().reloadLinkKeys(fresh.backbone().linkKeys(), fresh.backbone().currentKeyId());
                } catch (IllegalArgumentException | IllegalStateException e) {
                    System.err.println("voxedge: SIGHUP: tunnel keys not reloaded, the old ones stay: " + e.getMessage());
                }
            }
        });
    }

    /**
     * {@code kill -USR1} drains: no new sessions (offers get 503, the registry says draining), the
     * running ones go on to their end. The operator's first step of maintenance; there is no
     * undrain short of a restart, which is what maintenance ends with anyway.
     */
    private static void drainOnUsr1(EdgeDaemon daemon) {
        sun.misc.Signal.handle(new sun.misc.Signal("USR1"), sig -> {
            System.err.println("voxedge: SIGUSR1: draining (no new sessions; " + daemon.sessions().registry().size()
                    + " running go on)");
            daemon.drain();
        });
    }
}
