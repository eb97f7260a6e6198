package net.voxedge.backbone.agent;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the parrot as its own process:
 * {@code java -cp ... net.voxedge.backbone.agent.ParrotAgentMain --port 8700 [--host 127.0.0.1] [--speed 4]}.
 */
public final class ParrotAgentMain {
    private static final Logger log = LoggerFactory.getLogger(ParrotAgentMain.class);

    private ParrotAgentMain() {}

    /** Parses the options, starts the server and keeps running until the process is stopped. */
    public static void main(String[] args) {
        String host = "127.0.0.1";
        int port = 8700;
        ParrotConfig config = ParrotConfig.DEFAULT;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(require(args[i], value));
                    case "--host" -> host = require(args[i], value);
                    case "--speed" -> config = config.withSpeed(Double.parseDouble(require(args[i], value)));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be 0..65535");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("parrot: " + e.getMessage());
            System.err.println("usage: ParrotAgentMain [--host 127.0.0.1] [--port 8700] [--speed 4]");
            System.exit(2);
            return;
        }
        Vertx vertx = Vertx.vertx();
        ParrotAgentServer server = new ParrotAgentServer(vertx, config);
        String h = host;
        server.start(host, port).onFailure(e -> {
            log.error("parrot: cannot listen on {}: {}", h, e.toString());
            vertx.close();
            System.exit(1);
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("parrot: shutting down");
            server.stop().await();
            vertx.close().await();
        }, "parrot-shutdown"));
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
