package net.voxedge.loadgen;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.voxedge.edge.srtp.SrtpProfile;
import net.voxedge.loadgen.dtls.DtlsIdentity;
import net.voxedge.loadgen.signaling.JanusSignaling;
import net.voxedge.loadgen.signaling.Signaling;
import net.voxedge.loadgen.signaling.WhipSignaling;

/**
 * {@code bin/loadgen}: the command line of the load generator (usage: {@link #USAGE}, and
 * loadgen/README.md).
 */
public final class LoadGenMain {
    static final String USAGE = """
            usage: bin/loadgen webrtc  --target=whip|janus --url=URL [--token=JWT] [options]
                   bin/loadgen forward --reflector=IP:PORT [--turn=IP:PORT --user=U --password=P] [options]
                   bin/loadgen reflector [--bind=127.0.0.1:0] [--seconds=N]
                   bin/loadgen report --out=DIR FILE.json...
            options: --sessions=10,20,50 (one step each)  --rate=20 (new sessions/s)  --seconds=10 (media per step)
                     --loops=2  --payload=120 (bytes)  --server-pid=PID  --json=FILE  --keep-going (don't stop at loss)
                     --max-run-seconds=900  --warmup=N (sessions of an unreported first step; 0: none)
                     --warmup-seconds=3 (its media time: long enough for both JITs' C2 to reach the hot paths)
                     webrtc only: --profiles=AEAD_AES_128_GCM,AES128_CM_HMAC_SHA1_80
                     --setup=actpass  --local-ip=127.0.0.1
                     --media-via=IP:PORT (all media there, not to the answer's candidate: an edge relaying to the owner)""";

    private LoadGenMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.out.println(USAGE);
            return;
        }
        Map<String, String> o = options(Arrays.copyOfRange(args, 1, args.length));
        try {
            int code = switch (args[0]) {
                case "webrtc" -> webrtc(o, args);
                case "forward" -> forward(o, args);
                case "reflector" -> reflector(o);
                case "report" -> SideBySideReport.run(Path.of(required(o, "out")), positional(args));
                default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'");
            };
            System.exit(code);
        } catch (IllegalArgumentException e) {
            System.err.println("loadgen: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    private static int webrtc(Map<String, String> o, String[] args) throws Exception {
        String target = required(o, "target");
        URI url = URI.create(required(o, "url"));
        SrtpProfile[] profiles = Arrays.stream(o.getOrDefault("profiles", "AEAD_AES_128_GCM,AES128_CM_HMAC_SHA1_80").split(","))
                .map(s -> SrtpProfile.valueOf(s.trim())).toArray(SrtpProfile[]::new);
        WebRtcLoad.Settings settings = new WebRtcLoad.Settings(o.getOrDefault("local-ip", "127.0.0.1"),
                o.getOrDefault("setup", "actpass"), profiles, integer(o, "payload", 120), DtlsIdentity.generate(),
                o.containsKey("media-via") ? address(o.get("media-via")) : null);
        Signaling signaling = switch (target) {
            case "whip" -> new WhipSignaling(url, tokenFrom(o));
            case "janus" -> {
                JanusSignaling j = new JanusSignaling(url);
                j.start();
                yield j;
            }
            default -> throw new IllegalArgumentException("--target must be whip or janus");
        };
        List<IoLoop> loops = loops(o);
        try (signaling) {
            WebRtcLoad load = new WebRtcLoad(settings, signaling, loops, System.out, pid(o));
            return steps(o, args, "webrtc", settings.mediaVia() == null ? target : WebRtcLoad.RELAY_TARGET,
                    (n, secs) -> load.runStep(n, rate(o), secs));
        } finally {
            loops.forEach(IoLoop::close);
        }
    }

    private static int forward(Map<String, String> o, String[] args) throws Exception {
        InetSocketAddress reflector = address(required(o, "reflector"));
        ForwardLoad.Turn turn = o.containsKey("turn")
                ? new ForwardLoad.Turn(address(o.get("turn")), required(o, "user"), required(o, "password")) : null;
        List<IoLoop> loops = loops(o);
        try {
            ForwardLoad load = new ForwardLoad(loops, System.out, pid(o), integer(o, "payload", 160));
            return steps(o, args, "forward", turn == null ? "udp-direct" : "turn",
                    (n, secs) -> load.runStep(turn, reflector, n, rate(o), secs));
        } finally {
            loops.forEach(IoLoop::close);
        }
    }

    private static int reflector(Map<String, String> o) throws Exception {
        int seconds = integer(o, "seconds", 3600);
        try (UdpReflector r = new UdpReflector(address(o.getOrDefault("bind", "127.0.0.1:0")))) {
            InetSocketAddress a = r.address();
            System.out.println("reflector: " + a.getAddress().getHostAddress() + ":" + a.getPort());
            System.out.println("pid: " + ProcessHandle.current().pid());
            System.out.flush();
            Thread.sleep(seconds * 1000L);
        }
        return 0;
    }

    @FunctionalInterface
    private interface Step {
        JsonObject run(int sessions, int mediaSeconds) throws Exception;
    }

    /** Runs the steps in order; stops after the first with loss or failed sessions unless --keep-going. */
    private static int steps(Map<String, String> o, String[] args, String kind, String target, Step step) throws Exception {
        int[] counts = Arrays.stream(o.getOrDefault("sessions", "10").split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        long maxRunNanos = integer(o, "max-run-seconds", 900) * 1_000_000_000L;
        double rate = rate(o);
        int seconds = seconds(o);
        JsonObject run = new JsonObject().put("kind", kind).put("target", target)
                .put("command", "bin/loadgen " + String.join(" ", args)).put("startedAt", Instant.now().toString())
                .put("machine", machine());
        JsonArray results = new JsonArray();
        run.put("steps", results);
        int warmup = integer(o, "warmup", Math.min(10, counts[0]));
        int warmupSeconds = integer(o, "warmup-seconds", 3);
        if (warmup > 0 && warmupSeconds > 0) {
            // Both JVMs (ours, and the edge's) compile the DTLS and SRTP paths on first use: a short
            // unreported step keeps that out of the first step's setup and RTT figures.
            System.out.printf("[%s] warm-up: %d sessions, %d s (not reported)%n", target, warmup, warmupSeconds);
            step.run(warmup, warmupSeconds);
            Thread.sleep(1000);
        }
        long start = System.nanoTime();
        for (int n : counts) {
            // A step's worst case: the ramp, the setup grace, the media window, the drain.
            long bound = (long) (n / rate * 1e9) + StepRunner.SETUP_GRACE_NANOS + seconds * 1_000_000_000L + 3_000_000_000L;
            if (System.nanoTime() - start + bound > maxRunNanos) {
                System.out.printf("[%s] step %d skipped: it could take past --max-run-seconds%n", target, n);
                break;
            }
            JsonObject r = step.run(n, seconds);
            results.add(r);
            System.out.println(summary(r));
            writeJson(o, run);
            boolean clean = r.getLong("packetsLost") == 0 && r.getInteger("failed") == 0;
            if (!clean && !o.containsKey("keep-going")) {
                System.out.printf("[%s] stopping: %d sessions had loss or failures (--keep-going runs on)%n", target, n);
                break;
            }
            Thread.sleep(2000); // let the server settle between steps
        }
        writeJson(o, run);
        return 0;
    }

    static String summary(JsonObject r) {
        JsonObject rtt = r.getJsonObject("rttMs");
        return String.format(Locale.ROOT,
                "RESULT %s sessions=%d established=%d failed=%d loss=%s%% rtt p50=%s p99=%s p99.9=%s ms setup p50=%s p99=%s ms "
                        + "setups/s=%s server cpu=%s%% (%s%%/session) client cpu=%s%%",
                r.getString("target"), r.getInteger("sessions"), r.getInteger("established"), r.getInteger("failed"),
                r.getValue("lossPercent"), rtt.getValue("p50"), rtt.getValue("p99"), rtt.getValue("p999"),
                r.getJsonObject("setupMs").getValue("p50"), r.getJsonObject("setupMs").getValue("p99"),
                r.getValue("setupsPerSecond"), r.getValue("serverCpuPercent"), r.getValue("serverCpuPercentPerSession"),
                r.getValue("clientCpuPercent"))
                + (r.getJsonObject("failures").isEmpty() ? "" : " failures=" + r.getJsonObject("failures").encode());
    }

    private static void writeJson(Map<String, String> o, JsonObject run) throws IOException {
        if (o.containsKey("json")) {
            Files.writeString(Path.of(o.get("json")), run.encodePrettily() + "\n");
        }
    }

    /** Where the figures were taken: a figure without its machine means little. */
    static JsonObject machine() {
        JsonObject m = new JsonObject().put("cores", Runtime.getRuntime().availableProcessors())
                .put("java", Runtime.version().toString());
        try {
            m.put("kernel", Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
            m.put("loadAverageAtStart", Files.readString(Path.of("/proc/loadavg")).strip());
            Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .ifPresent(l -> m.put("cpu", l.substring(l.indexOf(':') + 1).strip()));
        } catch (IOException e) {
            m.put("procError", e.toString());
        }
        return m;
    }

    private static List<IoLoop> loops(Map<String, String> o) throws IOException {
        int n = integer(o, "loops", 2);
        if (n < 1 || n > 64) {
            throw new IllegalArgumentException("--loops must be 1..64");
        }
        List<IoLoop> loops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            loops.add(new IoLoop("loadgen-loop-" + i));
        }
        return loops;
    }

    private static String tokenFrom(Map<String, String> o) throws IOException {
        if (o.containsKey("token")) {
            return o.get("token");
        }
        if (o.containsKey("token-file")) {
            return Files.readString(Path.of(o.get("token-file"))).strip();
        }
        throw new IllegalArgumentException("--target=whip needs --token=JWT or --token-file=FILE");
    }

    private static long pid(Map<String, String> o) {
        return Long.parseLong(o.getOrDefault("server-pid", "0"));
    }

    private static double rate(Map<String, String> o) {
        return Double.parseDouble(o.getOrDefault("rate", "20"));
    }

    private static int seconds(Map<String, String> o) {
        return integer(o, "seconds", 10);
    }

    static InetSocketAddress address(String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected IP:PORT, got " + hostPort);
        }
        return new InetSocketAddress(InetAddress.getByName(hostPort.substring(0, colon)),
                Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static int integer(Map<String, String> o, String key, int dflt) {
        try {
            return Integer.parseInt(o.getOrDefault(key, Integer.toString(dflt)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a whole number: " + o.get(key));
        }
    }

    private static String required(Map<String, String> o, String key) {
        String v = o.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return v;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (String a : args) {
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                if (eq < 0) {
                    o.put(a.substring(2), "true");
                } else {
                    o.put(a.substring(2, eq), a.substring(eq + 1));
                }
            }
        }
        return o;
    }

    private static List<Path> positional(String[] args) {
        List<Path> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                files.add(Path.of(args[i]));
            }
        }
        return files;
    }
}
