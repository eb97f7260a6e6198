package net.voxedge.edge.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Finds {@code edge-daemon/src/test/js} (the node drivers) and installs its pinned npm packages on first use.
 * node_modules is not committed: {@code npm ci} rebuilds it from package-lock.json, and playwright-core
 * downloads no browser (the system's /usr/bin/chromium is used).
 */
public final class JsPeerDirectory {
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
    private static final List<String> REQUIRED = List.of("playwright-core", "werift");
    private static Path installed;

    private JsPeerDirectory() {
    }

    /** The directory holding package.json, whip-client.js and whip-echo-werift.js. */
    public static Path locate() {
        String root = System.getProperty("voxedge.repo.root");
        if (root != null && Files.isRegularFile(Path.of(root, "edge-daemon/src/test/js/package.json"))) {
            return Path.of(root, "edge-daemon/src/test/js").toAbsolutePath();
        }
        // Run outside Maven (an IDE, or a child JVM): walk up from the working directory.
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            for (Path candidate : List.of(p.resolve("edge-daemon/src/test/js"), p.resolve("src/test/js"))) {
                if (Files.isRegularFile(candidate.resolve("package.json")) && Files.isRegularFile(candidate.resolve("whip-client.js"))) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("cannot find edge-daemon/src/test/js (set -Dvoxedge.repo.root)");
    }

    /** {@link #locate()}, after running {@code npm ci} once if the pinned packages are missing. */
    public static synchronized Path ensureInstalled() throws IOException, InterruptedException {
        if (installed != null) {
            return installed;
        }
        Path dir = locate();
        if (!REQUIRED.stream().allMatch(m -> Files.isRegularFile(dir.resolve("node_modules").resolve(m).resolve("package.json")))) {
            List<String> cmd = Files.isRegularFile(dir.resolve("package-lock.json"))
                    ? List.of("npm", "ci", "--no-audit", "--no-fund")
                    : List.of("npm", "install", "--no-audit", "--no-fund");
            BoundedProcess.Result r;
            try (ScratchDir logs = ScratchDir.create("voxedge-npm-")) {
                r = BoundedProcess.run(cmd, dir, NPM_TIMEOUT, logs.path());
            }
            if (r.exitCode() != 0) {
                throw new IOException(String.join(" ", cmd) + " in " + dir + " failed (exit " + r.exitCode()
                        + (r.timedOut() ? ", timed out" : "") + "): " + r.stderrTail());
            }
        }
        installed = dir;
        return dir;
    }
}
