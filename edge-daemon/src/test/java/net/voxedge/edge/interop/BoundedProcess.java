package net.voxedge.edge.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command to completion under a hard time limit. Output goes to files, not pipes, so a
 * chatty child can never block on a full pipe; past the limit the child and all its descendants are killed.
 */
public final class BoundedProcess {

    /** What a finished (or killed) command left behind. */
    public record Result(List<String> command, int exitCode, boolean timedOut, String stdout, String stderr) {

        /** The last stdout line that looks like a JSON object: our drivers print exactly one. */
        public String lastJsonLine() {
            List<String> lines = stdout.lines().filter(l -> l.startsWith("{")).toList();
            return lines.isEmpty() ? null : lines.getLast();
        }

        /** A few hundred characters of stderr, for failure messages. */
        public String stderrTail() {
            return stderr.length() <= 2000 ? stderr : stderr.substring(stderr.length() - 2000);
        }
    }

    private BoundedProcess() {
    }

    /**
     * Runs {@code command} in {@code workDir}, waiting at most {@code timeout}.
     *
     * @param scratch a directory that receives the stdout/stderr files (kept, for post-mortems)
     */
    public static Result run(List<String> command, Path workDir, Duration timeout, Path scratch)
            throws IOException, InterruptedException {
        Files.createDirectories(scratch);
        Path out = Files.createTempFile(scratch, "stdout-", ".txt");
        Path err = Files.createTempFile(scratch, "stderr-", ".txt");
        Process p = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            killTree(p.toHandle());
            p.waitFor(5, TimeUnit.SECONDS);
        }
        return new Result(command, finished ? p.exitValue() : -1, !finished,
                Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Kills a process we started and everything it started, children first. */
    public static void killTree(ProcessHandle root) {
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
    }
}
