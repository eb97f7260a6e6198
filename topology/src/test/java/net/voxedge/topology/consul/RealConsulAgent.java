package net.voxedge.topology.consul;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real {@code consul agent -dev} on loopback, started by a test when {@code consul} is on PATH;
 * otherwise the test is skipped, loudly. Every port is a free one, so it cannot clash with another
 * agent on the machine; the agent keeps nothing on disk ({@code -dev}).
 */
final class RealConsulAgent implements AutoCloseable {

    static final String SKIP = "consul not on PATH: skipping the real-agent test (see recipes/ops-lab.md)";

    private final Process process;
    private final Path log;
    final int httpPort;

    private RealConsulAgent(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /** Starts an agent and waits (bounded) for it to elect itself leader; aborts the test if there is no consul. */
    static RealConsulAgent startOrSkip() throws IOException, InterruptedException {
        Optional<Path> consul = onPath("consul");
        if (consul.isEmpty()) {
            System.err.println("[voxedge] " + SKIP);
            Assumptions.abort(SKIP);
        }
        int http = freePort();
        List<String> cmd = new ArrayList<>(List.of(consul.get().toString(), "agent", "-dev",
                "-bind", "127.0.0.1", "-client", "127.0.0.1",
                "-http-port", String.valueOf(http), "-dns-port", "-1",
                "-grpc-port", String.valueOf(freePort()), "-server-port", String.valueOf(freePort()),
                "-serf-lan-port", String.valueOf(freePort()), "-serf-wan-port", String.valueOf(freePort())));
        Path log = Files.createTempFile("voxedge-consul-dev", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RealConsulAgent agent = new RealConsulAgent(p, log, http);
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!p.isAlive()) {
                String out = Files.readString(log);
                agent.close();
                throw new IllegalStateException("consul agent -dev exited with " + p.exitValue() + ":\n" + out);
            }
            try {
                String leader = client.send(HttpRequest.newBuilder(URI.create(agent.baseUrl() + "/v1/status/leader"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (leader.length() > 2) {
                    return agent;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        agent.close();
        throw new IllegalStateException("consul agent -dev did not elect a leader within 30 s; its log: " + log);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // a leftover temp log is harmless
        }
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
