package net.voxedge.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.voxedge.edge.interop.BoundedProcess;
import net.voxedge.edge.interop.InteropTag;
import net.voxedge.edge.interop.JsPeerDirectory;
import net.voxedge.edge.interop.ScratchDir;
import net.voxedge.edge.interop.TestAudio;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The main job as a newcomer runs it: {@code bin/voxedge dev} (VOXEDGE_SKIP_BUILD=1: the test phase
 * already built devnet, its dependencies' classes and devnet/target/lib) as a child process from the
 * repository root, on a port of its own so a developer's running network is left alone. Once it
 * prints its four lines, headless Chromium opens the talk page with a speech WAV as the microphone,
 * calls "from Tokyo", and must get agent audio back from the Tokyo PoP's edge (through the backbone
 * and a cluster's parrot), with the user's second phrase barging in. Then SIGINT: the process must
 * exit by itself, leaving no child and no port behind.
 */
@Tag(InteropTag.NAME)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class MainJobChromiumTest {
    private static final Duration START_LIMIT = Duration.ofSeconds(120);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(20);
    private static final Pattern MEDIA = Pattern.compile("media udp (127\\.0\\.0\\.\\d+):(\\d+)");

    @Test
    void aCallFromTheTalkPageHearsTheAgentAndCtrlCStopsEverything() throws Exception {
        for (String tool : List.of("/usr/bin/chromium", "/usr/bin/node", "/usr/bin/sox", "/usr/bin/espeak-ng")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is not installed (scripts/install-test-deps)");
        }
        Path js = JsPeerDirectory.ensureInstalled();
        Path root = repoRoot();
        assumeTrue(Files.isDirectory(root.resolve("devnet/target/lib")), "devnet/target/lib missing: run through Maven");
        try (ScratchDir scratch = ScratchDir.create("voxedge-mainjob-")) {
            Path turns = TestAudio.speechSilenceSpeech(scratch.resolve("turns.wav"),
                    "one two three four five six seven", 1.6, "eight nine ten eleven twelve");
            Path led = TestAudio.withLeadingSilence(turns, scratch.resolve("led.wav"), 2.0);
            Path wav = TestAudio.withTrailingSilence(led, scratch.resolve("conversation.wav"), 5.0);
            double seconds = TestAudio.seconds(wav);

            int port = freeTcpPort();
            Path stderr = scratch.resolve("devnet-stderr.txt");
            ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/voxedge").toString(), "dev", "--port=" + port)
                    .directory(root.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectError(stderr.toFile());
            pb.environment().put("VOXEDGE_SKIP_BUILD", "1");
            Process main = pb.start();
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(main.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        lines.add(l);
                        System.out.println("[main job] " + l);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            try {
                awaitLine(main, lines, "token: ", stderr);
                String signaling = value(lines, "signaling: ");
                String talk = value(lines, "talk: ");
                String metrics = value(lines, "metrics: ");
                assertThat(signaling).isEqualTo("http://127.0.0.1:" + port + "/v1/calls");
                assertThat(talk).isEqualTo("http://127.0.0.1:" + port + "/");
                assertThat(metrics).isEqualTo("http://127.0.0.1:" + port + "/metrics");
                assertThat(value(lines, "token: ")).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
                assertThat(lines).anyMatch(l -> l.startsWith("starting edge nrt1")).anyMatch(l -> l.contains("ready in"));

                BoundedProcess.Result r = BoundedProcess.run(List.of("node",
                        root.resolve("devnet/src/test/js/talk-page.js").toString(),
                        new JsonObject().put("url", talk).put("wav", wav.toString()).put("from", "tyo")
                                .put("seconds", seconds + 1.0).put("nodeModules", js.resolve("node_modules").toString())
                                .put("timeoutMs", 120_000).encode()), root, Duration.ofSeconds(150), scratch.path());
                String json = r.lastJsonLine();
                assertThat(json).as("driver output; stderr: %s", r.stderrTail()).isNotNull();
                JsonObject run = new JsonObject(json);
                System.out.println("[main job] talk page: states=" + run.getValue("states") + " talk=" + run.getValue("talk")
                        + " where=" + run.getString("where") + " errors=" + run.getValue("errors"));
                assertThat(run.getBoolean("ok")).as("talk page run: %s", run.getValue("errors")).isTrue();
                JsonObject hook = run.getJsonObject("talk");
                // Routed as if from Tokyo: the Tokyo PoP's edge answered and carries the media.
                assertThat(hook.getString("pop")).isEqualTo("nrt1");
                assertThat(hook.getString("media")).startsWith("127.0.0.4:");
                assertThat(run.getString("where")).contains("PoP nrt1").contains("Tokyo").contains("cluster");
                assertThat(run.getString("chosenRow")).isEqualTo("nrt1");
                // The agent answered: its audio arrived and was audible.
                assertThat(hook.getLong("packetsReceived")).as("agent packets the page received").isGreaterThan(50);
                assertThat(hook.getDouble("totalAudioEnergy")).as("agent audio energy").isPositive();
                assertThat(hook.getLong("packetsReceived")).as("no echo: far fewer than sent")
                        .isLessThan(hook.getLong("packetsSent") * 3 / 4);
                assertThat(run.getJsonArray("states").getList()).as("page states").contains("agent speaking");

                // The barge-in happened at the Tokyo edge, and nothing of the interrupted reply followed it.
                String scrape = get(metrics);
                assertThat(sample(scrape, "voxedge_user_turns_total", "edge-nrt1")).isGreaterThanOrEqualTo(2);
                assertThat(sample(scrape, "voxedge_barge_ins_total", "edge-nrt1")).isGreaterThanOrEqualTo(1);
                assertThat(sample(scrape, "voxedge_agent_frames_after_barge_in_total", "edge-nrt1")).isZero();
                assertThat(sample(scrape, "voxedge_sessions_started_total", "edge-fra1")).isZero();

                // Ctrl-C: the JVM (bin/voxedge execs it) stops everything and exits by itself.
                List<ProcessHandle> tree = new ArrayList<>(main.descendants().toList());
                tree.add(main.toHandle());
                new ProcessBuilder("kill", "-INT", Long.toString(main.pid())).start().waitFor(5, TimeUnit.SECONDS);
                boolean exited = main.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(exited).as("exited within %s after SIGINT; stderr: %s", STOP_LIMIT, tail(stderr)).isTrue();
                reader.join(5000);
                assertThat(main.exitValue()).as("exit status after SIGINT").isIn(0, 130);
                assertThat(tree).as("processes left").noneMatch(ProcessHandle::isAlive);
                assertThat(lines).anyMatch(l -> l.startsWith("stopped in "));
                assertThat(tcpFree(port)).as("front port %d free", port).isTrue();
                for (String l : lines) {
                    Matcher m = MEDIA.matcher(l);
                    if (m.find()) {
                        assertThat(udpFree(m.group(1), Integer.parseInt(m.group(2)))).as("media port of %s", l).isTrue();
                    }
                }
            } finally {
                if (main.isAlive()) {
                    BoundedProcess.killTree(main.toHandle());
                }
            }
        }
    }

    private static void awaitLine(Process main, List<String> lines, String prefix, Path stderr) throws Exception {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (lines.stream().noneMatch(l -> l.startsWith(prefix))) {
            if (!main.isAlive()) {
                throw new AssertionError("bin/voxedge dev exited (" + main.exitValue() + ") before '" + prefix + "': "
                        + tail(stderr));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no '" + prefix + "' line within " + START_LIMIT + ": " + lines + " " + tail(stderr));
            }
            Thread.sleep(100);
        }
    }

    private static String value(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
    }

    /** One sample of the merged scrape: {@code name{component="c",...} value}. */
    static double sample(String scrape, String name, String component) {
        Pattern p = Pattern.compile("^" + Pattern.quote(name) + "\\{component=\"" + Pattern.quote(component)
                + "\"[^}]*} (\\S+)$", Pattern.MULTILINE);
        Matcher m = p.matcher(scrape);
        assertThat(m.find()).as("%s for %s in /metrics", name, component).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static String get(String url) throws Exception {
        try (HttpClient c = HttpClient.newHttpClient()) {
            HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body();
        }
    }

    private static String tail(Path file) {
        try {
            String s = Files.readString(file);
            return s.length() <= 3000 ? s : s.substring(s.length() - 3000);
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }

    private static Path repoRoot() {
        String root = System.getProperty("voxedge.repo.root");
        if (root != null && Files.isExecutable(Path.of(root, "bin/voxedge"))) {
            return Path.of(root).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("bin/voxedge"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find bin/voxedge above " + Path.of("").toAbsolutePath());
    }

    static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static boolean tcpFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean udpFree(String host, int port) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(host, port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
