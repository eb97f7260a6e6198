package net.voxedge.devnet;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/voxedge dev}: starts the whole small network on loopback (DevNetwork), prints progress,
 * then the four lines scripts and people read ({@code signaling:}, {@code talk:}, {@code metrics:},
 * {@code token:}) and runs until Ctrl-C or SIGTERM, which stop everything within a few seconds.
 * Options: {@code --port=8080} (the front), {@code --host=127.0.0.1} (a loopback address),
 * {@code --geoip=data/geoip/GeoLite2-City.mmdb}. Exit status 2 on a bad option or a taken port.
 */
public final class DevNetworkMain {
    /** The shutdown hook's own bound: the network's steps are bounded, this guards against the unforeseen. */
    private static final long STOP_LIMIT_MS = 15_000;

    private DevNetworkMain() {
    }

    public static void main(String[] args) throws Exception {
        DevNetwork.Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("voxedge dev: " + e.getMessage());
            System.err.println("usage: bin/voxedge dev [--port=8080] [--host=127.0.0.1] [--geoip=FILE]");
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println("usage: bin/voxedge dev [--port=8080] [--host=127.0.0.1] [--geoip=FILE]");
            return;
        }
        PrintStream out = System.out;
        DevNetwork net = DevNetwork.create(options, line -> {
            out.println(line);
            out.flush();
        });
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (failed.get()) {
                return; // a failed start already stopped what it had started
            }
            long t0 = System.nanoTime();
            out.println("stopping the dev network ...");
            Thread closer = Thread.ofPlatform().daemon().name("devnet-close").start(net::close);
            try {
                closer.join(STOP_LIMIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.println(closer.isAlive() ? "stopped (some parts did not finish in " + STOP_LIMIT_MS + " ms)"
                    : "stopped in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            out.flush();
            stopped.countDown();
        }, "devnet-shutdown"));
        out.println("starting the voxedge dev network: 3 PoPs, 2 clusters, router and signaling front (Ctrl-C stops it)");
        out.flush();
        try {
            net.startup();
        } catch (DevNetworkException e) {
            failed.set(true);
            System.err.println("voxedge dev: " + e.getMessage());
            System.exit(e.getMessage().contains("is not free") ? 2 : 1);
            return;
        }
        out.println("signaling: " + net.signalingUrl());
        out.println("talk: " + net.talkUrl());
        out.println("metrics: " + net.metricsUrl());
        out.println("token: " + net.devToken());
        out.println("open the talk page, press Call and speak; pick \"call from\" to be routed as if you were there. Ctrl-C stops.");
        out.flush();
        stopped.await();
    }

    /** The options, or null for --help. */
    static DevNetwork.Options parse(String[] args) {
        DevNetwork.Options d = DevNetwork.Options.defaults();
        String host = d.frontHost();
        int port = d.frontPort();
        Path geoip = d.geoipPath();
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help")) {
                return null;
            } else if (a.startsWith("--port=")) {
                try {
                    port = Integer.parseInt(a.substring(7));
                } catch (NumberFormatException e) {
                    port = -1;
                }
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("--port must be 0..65535 (got " + a.substring(7) + ")");
                }
            } else if (a.startsWith("--host=")) {
                host = a.substring(7);
                if (!host.startsWith("127.") && !host.equals("::1")) {
                    throw new IllegalArgumentException("--host must be a loopback address: the dev front serves plain HTTP "
                            + "and hands out tokens (got " + host + ")");
                }
            } else if (a.startsWith("--geoip=")) {
                geoip = Path.of(a.substring(8));
            } else {
                throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        return new DevNetwork.Options(host, port, geoip);
    }
}
