package net.voxedge.edge.interop;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A long-running server child process that announces readiness by printing one JSON line
 * {@code {"listening":"http://HOST:PORT", ...}} on stdout. Closing it stops the child (and its children).
 */
public final class ListeningProcess implements AutoCloseable {
    private final Process process;
    private final URI baseUrl;
    private final Path stderrFile;

    private ListeningProcess(Process process, URI baseUrl, Path stderrFile) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.stderrFile = stderrFile;
    }

    /**
     * Starts {@code command} in {@code workDir} and waits at most {@code readyTimeout} for its listening line.
     * The child's stdin stays an open pipe, so a child that watches stdin dies with us.
     */
    public static ListeningProcess start(List<String> command, Path workDir, Path stderrFile, Duration readyTimeout)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectError(stderrFile.toFile()).start();
        CompletableFuture<String> line = new CompletableFuture<>();
        Thread.ofVirtual().name("listening-line").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    if (l.startsWith("{") && l.contains("\"listening\"")) {
                        line.complete(l);
                    }
                }
                line.completeExceptionally(new IOException("stdout closed before a listening line"));
            } catch (IOException e) {
                line.completeExceptionally(e);
            }
        });
        try {
            String url = new JsonObject(line.get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS)).getString("listening");
            return new ListeningProcess(p, URI.create(url), stderrFile);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            BoundedProcess.killTree(p.toHandle());
            throw new IOException(String.join(" ", command) + " did not announce a listening URL within " + readyTimeout
                    + ": " + e + "; stderr: " + tail(stderrFile), e);
        }
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUrl() {
        return baseUrl;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The end of what the server wrote to stderr. */
    public String stderrTail() {
        return tail(stderrFile);
    }

    private static String tail(Path f) {
        try {
            String s = Files.exists(f) ? Files.readString(f) : "";
            return s.length() <= 3000 ? s : s.substring(s.length() - 3000);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** SIGTERM first so the server can close its calls; the whole tree is killed if that takes too long. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            BoundedProcess.killTree(process.toHandle());
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
