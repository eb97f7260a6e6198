package net.voxedge.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs the geography lab end to end ({@code scripts/lab run}, lab/README.md): anycast steering of
 * each region's client to its own PoP, media RTT above the emulated floor, a drain that keeps the
 * running session and sends a new client to the next-best PoP, and nothing left behind. Needs
 * root and the lab's tools (CI has both); skipped, with the reason, otherwise. A namespace left by
 * a "crashed" earlier run is planted first: the run must remove it too. Timing goals are
 * not asserted: the RTT table is printed for BENCHMARKS.md.
 */
@Tag("lab")
class GeographyLabTest {
    private static final List<String> REGIONS = List.of("fra", "iad", "nrt");
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DIR = ROOT.resolve("lab/target/vxlab");
    private static final long RUN_LIMIT_SECONDS = 300;

    @Test
    void steersEachRegionToItsPopMeasuresAboveTheFloorDrainsAndCleansUp() throws Exception {
        assumeTrue(sh("id -u").strip().equals("0"), "the lab needs root (network namespaces); CI runs as root");
        String missing = sh("for t in ip tc bird birdc curl openssl perl python3; do command -v $t >/dev/null || printf '%s ' $t; done;"
                + " perl -MMaxMind::DB::Writer::Tree -e 1 2>/dev/null || printf 'libmaxmind-db-writer-perl '");
        assumeTrue(missing.isBlank(), "missing lab tools: " + missing + "(scripts/install-test-deps installs them)");
        // Delays come from netem where the kernel has it, else from scripts/lab-wire over TUN devices.
        assumeTrue(Files.exists(Path.of("/dev/net/tun")) || !sh("find /lib/modules/$(uname -r) -name 'sch_netem*' 2>/dev/null").isBlank()
                        || sh("grep -s '^sch_netem' /proc/modules; true").contains("sch_netem"),
                "links need tc netem or /dev/net/tun, and this machine has neither");
        assumeTrue(Files.exists(ROOT.resolve("edge-daemon/target/lib")) && Files.exists(ROOT.resolve("geo-router/target/lib"))
                        && Files.exists(ROOT.resolve("loadgen/target/lib")),
                "the other modules are not packaged (run through the reactor: ./mvnw verify)");

        Map<String, String> r;
        Process lab = null;
        try {
            // What a crashed earlier run leaves: the run must find it by the prefix and remove it.
            sh("ip netns add vxlab-leftover-of-a-crash");
            ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("scripts/lab").toString(), "run", "--seconds=6")
                    .directory(ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(DIR.resolveSibling("vxlab-run.log").toFile());
            Files.createDirectories(DIR);
            pb.environment().put("VXLAB_SKIP_BUILD", "1");
            pb.environment().put("VXLAB_DIR", DIR.toString());
            lab = pb.start();
            boolean ended = lab.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS);
            if (!ended) {
                lab.destroy(); // the script's trap takes the lab down
                lab.waitFor(30, TimeUnit.SECONDS);
            }
            System.out.println(Files.readString(DIR.resolveSibling("vxlab-run.log")));
            assertThat(ended).as("scripts/lab run ended within %d s", RUN_LIMIT_SECONDS).isTrue();
            r = results();
            assertThat(lab.exitValue()).as("scripts/lab run exit status (log: lab/target/vxlab-run.log)").isZero();
        } finally {
            if (lab != null && lab.isAlive()) {
                lab.destroyForcibly();
            }
            sh(ROOT.resolve("scripts/lab") + " down >/dev/null 2>&1 || true");
        }

        for (String region : REGIONS) {
            assertThat(r).as("anycast lands the %s client at its own front", region).containsEntry("steer." + region + ".front", region + "1");
            assertThat(r).as("the %s client's media goes to its own PoP", region).containsEntry("steer." + region + ".pop", region + "1");
            assertThat(r).containsEntry("rtt." + region + ".established", "2");
            double floor = Double.parseDouble(r.get("rtt." + region + ".floor_ms"));
            double p50 = Double.parseDouble(r.get("rtt." + region + ".p50_ms"));
            assertThat(p50).as("%s: media RTT p50 above the emulated floor", region).isGreaterThan(floor);
        }
        assertThat(r).as("a new fra client after the drain").containsEntry("drain.new.front", "iad1").containsEntry("drain.new.pop", "iad1");
        assertThat(r).as("the session running at fra when it drained").containsEntry("drain.existing.exit", "0")
                .containsEntry("drain.existing.established", "1");
        assertThat(Long.parseLong(r.get("drain.existing.packets_echoed"))).isPositive();
        assertThat(r).containsEntry("failures", "0");

        assertThat(sh("ip netns list | awk '{print $1}' | grep '^vxlab-' || true")).as("namespaces left").isBlank();
        assertThat(labProcesses()).as("lab processes left").isEmpty();
    }

    private static Map<String, String> results() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        Path f = DIR.resolve("results.txt");
        if (Files.exists(f)) {
            for (String line : Files.readAllLines(f)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    m.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        return m;
    }

    /** Processes whose command line names the lab's directory or its wire (every lab process does). */
    private static List<String> labProcesses() throws IOException {
        List<String> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    if (Long.parseLong(p.getFileName().toString()) == self) {
                        continue;
                    }
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    if (cmd.contains(DIR.toString()) || cmd.contains("scripts/lab-wire")) {
                        found.add(p.getFileName() + ": " + cmd);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        }
        return found;
    }

    private static String sh(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(60, TimeUnit.SECONDS);
        return new String(out, StandardCharsets.UTF_8);
    }
}
