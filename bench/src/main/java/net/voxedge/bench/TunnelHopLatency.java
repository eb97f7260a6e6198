package net.voxedge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latency added per backbone tunnel hop, one-way, on loopback: for each rate step, first plain UDP
 * ({@link PlainUdpHop}), then the tunnel ({@link TunnelHop}) at the same rate, in the same process;
 * added latency = tunnel percentile − plain UDP percentile. Frames are 160 bytes, round robin over
 * 50 sessions, paced by this thread (frames due are sent every ~50–100 µs, whatever the parking
 * granularity gives); each carries {@code System.nanoTime()} from just before it is sent, and the
 * receiver records the difference in an HdrHistogram. Both ends are on this host, so one clock.
 *
 * <p>JMH measures mean throughput; a latency distribution under a fixed offered load needs an
 * open-loop sender instead, hence a main. Bounded: each step runs {@code --seconds} (default 10) or
 * {@code --max-frames} (default 200,000), whichever ends first, then waits up to 3 s for stragglers.
 * A warm-up at the highest rate (not recorded) runs both hops first so that the JIT has compiled them.
 *
 *     bin/bench-tunnel-latency [--rates 2500,10000,25000] [--seconds 10] [--max-frames 200000] [--warmup-seconds 3]
 */
public final class TunnelHopLatency {
    private static final long SECOND = 1_000_000_000L;
    private static final long PARK_NANOS = 50_000L;
    private static final long DRAIN_NANOS = 3 * SECOND;

    private record Step(String hop, int rate, long sent, long received, Histogram latency, String notes) {
        double micros(double percentile) {
            return latency.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private TunnelHopLatency() {
    }

    /** Runs the steps; arguments as in the class comment. */
    public static void main(String[] args) throws Exception {
        int[] rates = {2_500, 10_000, 25_000};
        int seconds = 10;
        long maxFrames = 200_000;
        int warmupSeconds = 3;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                System.out.println("usage: TunnelHopLatency [--rates 2500,10000,25000] [--seconds 10] "
                        + "[--max-frames 200000] [--warmup-seconds 3]");
                return;
            }
            if (i + 1 == args.length) {
                fail("option " + a + " needs a value");
            }
            String v = args[++i];
            try {
                switch (a) {
                    case "--rates" -> rates = java.util.Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                    case "--seconds" -> seconds = Integer.parseInt(v);
                    case "--max-frames" -> maxFrames = Long.parseLong(v);
                    case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(v);
                    default -> fail("unknown option " + a + " (try --help)");
                }
            } catch (NumberFormatException e) {
                fail("option " + a + " wants a number (or for --rates a comma-separated list), got \"" + v + "\"");
            }
        }
        for (int r : rates) {
            if (r <= 0 || r > 1_000_000) {
                fail("rates must be in 1..1000000 frames/s, got " + r);
            }
        }
        if (seconds <= 0 || maxFrames <= 0 || warmupSeconds < 0) {
            fail("--seconds and --max-frames must be positive, --warmup-seconds not negative");
        }

        System.out.printf(Locale.ROOT, "tunnel hop latency: %d cores, load %s, steps %s frames/s, %d s or %,d frames each%n",
                Runtime.getRuntime().availableProcessors(), loadAverage(), java.util.Arrays.toString(rates), seconds,
                maxFrames);
        if (warmupSeconds > 0) {
            int fastest = java.util.Arrays.stream(rates).max().getAsInt();
            System.out.printf(Locale.ROOT, "warm-up, not recorded: %d s of each hop at %d frames/s%n", warmupSeconds, fastest);
            run(false, fastest, warmupSeconds, maxFrames, false);
            run(true, fastest, warmupSeconds, maxFrames, false);
        }
        List<Step> steps = new ArrayList<>();
        for (int rate : rates) {
            steps.add(run(false, rate, seconds, maxFrames, true));
            steps.add(run(true, rate, seconds, maxFrames, true));
        }
        System.out.printf(Locale.ROOT, "%nload at the end: %s%n%n", loadAverage());
        printTable(steps);
    }

    private static void fail(String message) {
        System.err.println("TunnelHopLatency: " + message);
        System.exit(2);
    }

    private static Step run(boolean tunnel, int rate, int seconds, long maxFrames, boolean verbose) throws Exception {
        Recorder recorder = new Recorder(3);
        Histogram total = new Histogram(3);
        Histogram interval = null;
        try (LatencyHop hop = tunnel ? new TunnelHop(recorder) : new PlainUdpHop(recorder)) {
            long start = System.nanoTime();
            long end = start + seconds * SECOND;
            long nextReport = start + SECOND;
            long sent = 0;
            while (sent < maxFrames) {
                long now = System.nanoTime();
                if (now - end >= 0) {
                    break;
                }
                long due = Math.min(maxFrames, (now - start) * rate / SECOND);
                if (due > sent) {
                    hop.send((int) (due - sent));
                    sent = due;
                }
                if (now - nextReport >= 0) {
                    interval = recorder.getIntervalHistogram(interval);
                    total.add(interval);
                    if (verbose) {
                        progress(hop, rate, (now - start) / SECOND, sent, interval);
                    }
                    nextReport += SECOND;
                }
                LockSupport.parkNanos(PARK_NANOS);
            }
            long drainUntil = System.nanoTime() + DRAIN_NANOS;
            while (hop.received() < sent && System.nanoTime() - drainUntil < 0) {
                LockSupport.parkNanos(1_000_000L);
            }
            interval = recorder.getIntervalHistogram(interval);
            total.add(interval);
            Step step = new Step(hop.name(), rate, sent, hop.received(), total, hop.notes());
            if (verbose) {
                System.out.printf(Locale.ROOT, "%-9s %6d/s  done: sent %,d received %,d  p50 %.1f µs p99 %.1f µs max %.1f µs %s%n",
                        step.hop, rate, sent, step.received, step.micros(50), step.micros(99),
                        total.getMaxValue() / 1000.0, step.notes);
            }
            return step;
        }
    }

    private static void progress(LatencyHop hop, int rate, long second, long sent, Histogram lastSecond) {
        System.out.printf(Locale.ROOT, "%-9s %6d/s  %2d s: sent %,9d received %,9d  last second: p50 %7.1f µs p99 %8.1f µs max %8.1f µs%n",
                hop.name(), rate, second, sent, hop.received(),
                lastSecond.getValueAtPercentile(50) / 1000.0, lastSecond.getValueAtPercentile(99) / 1000.0,
                lastSecond.getMaxValue() / 1000.0);
    }

    private static void printTable(List<Step> steps) {
        System.out.println("| frames/s | hop | frames | lost | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Step s : steps) {
            System.out.printf(Locale.ROOT, "| %,d | %s | %,d | %,d | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                    s.rate, s.hop, s.sent, s.sent - s.received, s.micros(50), s.micros(90), s.micros(99),
                    s.micros(99.9), s.latency.getMaxValue() / 1000.0);
        }
        System.out.println();
        System.out.println("| frames/s | added p50 µs | added p99 µs | added p99.9 µs |");
        System.out.println("|---|---|---|---|");
        for (int i = 0; i + 1 < steps.size(); i += 2) {
            Step udp = steps.get(i);
            Step tun = steps.get(i + 1);
            System.out.printf(Locale.ROOT, "| %,d | %.1f | %.1f | %.1f |%n", udp.rate,
                    tun.micros(50) - udp.micros(50), tun.micros(99) - udp.micros(99), tun.micros(99.9) - udp.micros(99.9));
        }
        for (Step s : steps) {
            if (!s.notes.isEmpty()) {
                System.out.printf(Locale.ROOT, "%s at %,d/s: %s%n", s.hop, s.rate, s.notes);
            }
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown (no /proc/loadavg)";
        }
    }
}
