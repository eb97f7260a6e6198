package net.voxedge.edge.interop;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The werift WHIP echo stand-in ({@code src/test/js/whip-echo-werift.js}): an independent WebRTC stack that
 * answers {@code POST /v1/calls} like the edge daemon (ICE-lite, one host candidate, Opus) and echoes the
 * audio back. It proves the test-side peers before the daemon exists and can run beside it later.
 */
public final class WhipEchoWerift implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private final ListeningProcess server;

    private WhipEchoWerift(ListeningProcess server) {
        this.server = server;
    }

    /** Starts the stand-in on {@code host} (an ephemeral HTTP port; media candidates on {@code host} only). */
    public static WhipEchoWerift start(String host, String token, Path stderrFile) throws IOException, InterruptedException {
        Path js = JsPeerDirectory.ensureInstalled();
        return new WhipEchoWerift(ListeningProcess.start(command(js, host, token), js, stderrFile, READY_TIMEOUT));
    }

    /** The command line, for hosts that start it themselves (e.g. inside a network namespace). */
    public static List<String> command(Path jsDir, String host, String token) {
        return List.of("node", jsDir.resolve("whip-echo-werift.js").toString(),
                "--port", "0", "--host", host, "--token", token, "--exit-on-stdin-close");
    }

    /** {@code <base>/v1/calls}, the URL peers POST their offers to. */
    public URI callsUrl() {
        return server.baseUrl().resolve("/v1/calls");
    }

    public String stderrTail() {
        return server.stderrTail();
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }
}
