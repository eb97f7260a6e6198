package net.voxedge.edge.interop;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The main that {@link LibWebRtcPeer} runs inside the private network namespace: it starts the server under
 * test there too (a {@link NamespacedServer} class, or a command that prints a {@code {"listening":URL}} line),
 * runs one {@link LibWebRtcWhipClient} call against {@code <base><callsPath>}, stops the server and prints the
 * client's JSON line (plus {@code namespace}, the server's own {@code server} report, and {@code serverLog} on failure).
 *
 * <p>Config: {@code {server: {className, config} | {command: [...], workDir}, callsPath: "/v1/calls", client: {...}}}.
 */
public final class NamespacedWhipRun {
    private static final Duration SERVER_READY_TIMEOUT = Duration.ofSeconds(30);

    private NamespacedWhipRun() {
    }

    public static void main(String[] args) {
        JsonObject cfg = new JsonObject(args[0]);
        JsonObject result;
        NamespacedServer server = null;
        try {
            server = create(cfg.getJsonObject("server"));
            URI base = server.start(cfg.getJsonObject("server").getJsonObject("config", new JsonObject()));
            JsonObject client = cfg.getJsonObject("client", new JsonObject()).copy();
            client.put("url", base.resolve(cfg.getString("callsPath", "/v1/calls")).toString());
            result = LibWebRtcWhipClient.run(client);
            result.put("server", report(server));
            if (!result.getBoolean("ok")) {
                result.put("serverLog", server.diagnostics());
            }
        } catch (Throwable e) {
            result = new JsonObject().put("ok", false).put("sessions", new JsonArray())
                    .put("errors", new JsonArray().add("namespace host: " + e));
        }
        if (server != null) {
            try {
                server.close();
            } catch (Exception e) {
                result.getJsonArray("errors").add("stopping the server: " + e);
            }
        }
        result.put("namespace", System.getenv().getOrDefault("VOXEDGE_NETNS_INFO", ""));
        System.out.println(result.encode());
        System.out.flush();
        // libwebrtc's native threads outlive main; exiting is the way out.
        System.exit(result.getBoolean("ok", false) ? 0 : 1);
    }

    /** The server's report; a failing report must not hide the call's own result. */
    private static JsonObject report(NamespacedServer server) {
        try {
            return server.report();
        } catch (Exception e) {
            return new JsonObject().put("error", String.valueOf(e));
        }
    }

    private static NamespacedServer create(JsonObject server) throws ReflectiveOperationException {
        if (server.containsKey("className")) {
            return (NamespacedServer) Class.forName(server.getString("className")).getDeclaredConstructor().newInstance();
        }
        return new CommandServer(server.getJsonArray("command").stream().map(String::valueOf).toList(),
                Path.of(server.getString("workDir", ".")));
    }

    /** A server given as a command line that announces {@code {"listening":URL}} on stdout. */
    private static final class CommandServer implements NamespacedServer {
        private final List<String> command;
        private final Path workDir;
        private ScratchDir scratch;
        private ListeningProcess process;

        CommandServer(List<String> command, Path workDir) {
            this.command = command;
            this.workDir = workDir;
        }

        @Override
        public URI start(JsonObject config) throws Exception {
            scratch = ScratchDir.create("voxedge-ns-server-");
            process = ListeningProcess.start(command, workDir, scratch.resolve("server.log"), SERVER_READY_TIMEOUT);
            return process.baseUrl();
        }

        @Override
        public String diagnostics() {
            return process == null ? "" : process.stderrTail();
        }

        @Override
        public void close() throws Exception {
            if (process != null) {
                process.close();
            }
            if (scratch != null) {
                scratch.close();
            }
        }
    }
}
