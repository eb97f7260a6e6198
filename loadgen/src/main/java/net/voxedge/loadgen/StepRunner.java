package net.voxedge.loadgen;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Runs one step of any load: opens {@code count} flows at {@code openRate} per second, waits until
 * each is up or failed (at most {@link #SETUP_GRACE_NANOS}), measures a media window of
 * {@code mediaSeconds} (RTT, server and client CPU), stops sending, waits {@link #DRAIN_NANOS} for
 * echoes in flight, and closes every flow. Prints a progress line every second. Every phase has a
 * fixed bound, so a step ends on time whatever the server does.
 */
final class StepRunner {
    static final long SETUP_GRACE_NANOS = 15_000_000_000L;
    static final long DRAIN_NANOS = 1_000_000_000L;
    /** Upper bound on one step's flow count (one socket, so one file descriptor and port, each). */
    static final int MAX_FLOWS = 5000;
    static final int MAX_MEDIA_SECONDS = 600;

    private final List<IoLoop> loops;
    private final PrintStream out;
    private final long serverPid;

    StepRunner(List<IoLoop> loops, PrintStream out, long serverPid) {
        this.loops = loops;
        this.out = out;
        this.serverPid = serverPid;
    }

    /**
     * @param factory makes flow {@code i} on the given loop
     * @param extra adds protocol-specific figures (read after the loops were drained)
     */
    <F extends Flow> JsonObject run(String label, int count, double openRate, int mediaSeconds,
                                    BiFunction<Integer, IoLoop, F> factory, BiConsumer<List<F>, JsonObject> extra)
            throws InterruptedException {
        if (count < 1 || count > MAX_FLOWS) {
            throw new IllegalArgumentException("sessions must be 1.." + MAX_FLOWS + ": " + count);
        }
        if (mediaSeconds < 1 || mediaSeconds > MAX_MEDIA_SECONDS) {
            throw new IllegalArgumentException("media seconds must be 1.." + MAX_MEDIA_SECONDS + ": " + mediaSeconds);
        }
        if (!(openRate > 0)) {
            throw new IllegalArgumentException("open rate must be > 0: " + openRate);
        }
        List<F> all = new ArrayList<>(count);
        Progress progress = new Progress(label, loops, out, serverPid, () -> sessionsText(all, count), () -> lostSoFar(all));
        long rampStart = System.nanoTime();
        long nextPrint = rampStart + 1_000_000_000L;
        for (int i = 0; i < count; i++) {
            nextPrint = sleepUntil(rampStart + (long) (i * 1e9 / openRate), nextPrint, progress);
            IoLoop loop = loops.get(i % loops.size());
            F f = factory.apply(i, loop);
            all.add(f);
            loop.execute(f::start);
        }
        long setupDeadline = System.nanoTime() + SETUP_GRACE_NANOS;
        while (System.nanoTime() < setupDeadline && !allSettled(all)) {
            nextPrint = sleepUntil(Math.min(setupDeadline, System.nanoTime() + 50_000_000L), nextPrint, progress);
        }
        // The media window: every flow that will come up has; RTT and CPU count from here.
        progress.resetHistograms();
        long windowStart = System.nanoTime();
        long server0 = CpuTicks.read(serverPid);
        long serverSys0 = CpuTicks.readSystem(serverPid);
        long client0 = CpuTicks.read(ProcessHandle.current().pid());
        long windowEnd = windowStart + mediaSeconds * 1_000_000_000L;
        long echoed0 = echoed(all);
        while (System.nanoTime() < windowEnd) {
            nextPrint = sleepUntil(windowEnd, nextPrint, progress);
        }
        long server1 = CpuTicks.read(serverPid);
        long serverSys1 = CpuTicks.readSystem(serverPid);
        long client1 = CpuTicks.read(ProcessHandle.current().pid());
        long echoedInWindow = echoed(all) - echoed0;
        long windowNanos = System.nanoTime() - windowStart;
        onEachLoop(all, Flow::stopSending);
        Thread.sleep(DRAIN_NANOS / 1_000_000);
        progress.tick();
        Histogram rtt = progress.rtt();
        Histogram late = progress.tickLate();
        barrier(); // the flows' fields, written on the loops, are visible from here on

        JsonObject r = new JsonObject().put("sessions", count).put("openRatePerSecond", openRate)
                .put("mediaSeconds", mediaSeconds);
        int established = 0;
        Map<String, Integer> failures = new LinkedHashMap<>();
        List<Long> setup = new ArrayList<>();
        long sent = 0;
        long received = 0;
        long dups = 0;
        long corrupt = 0;
        long misrouted = 0;
        long firstStart = Long.MAX_VALUE;
        long lastUp = 0;
        for (F f : all) {
            if (f.t0() != 0) {
                firstStart = Math.min(firstStart, f.t0());
            }
            if (f.established()) {
                established++;
                lastUp = Math.max(lastUp, f.tFirstEcho());
                setup.add(f.tFirstEcho() - f.t0());
            } else {
                String why = f.failure() != null ? f.failure() : "no echo came back";
                failures.merge(why.length() > 160 ? why.substring(0, 160) : why, 1, Integer::sum);
            }
            sent += f.sent();
            received += f.tracker().received();
            dups += f.tracker().duplicates();
            corrupt += f.corrupt();
            misrouted += f.misrouted();
        }
        JsonObject fr = new JsonObject();
        failures.forEach(fr::put);
        r.put("established", established).put("failed", count - established).put("failures", fr);
        r.put("setupMs", split(setup));
        double setupSpan = (lastUp - firstStart) / 1e9;
        r.put("setupsPerSecond", established > 0 && setupSpan > 0 ? round(established / setupSpan, 2) : null);
        r.put("rttMs", rttJson(rtt));
        long lost = Math.max(0, sent - received);
        r.put("packetsSent", sent).put("packetsEchoed", received).put("packetsLost", lost)
                .put("lossPercent", sent == 0 ? null : round(100.0 * lost / sent, 4))
                .put("duplicates", dups).put("corrupt", corrupt).put("misrouted", misrouted)
                .put("echoedPerSecondInWindow", round(echoedInWindow / (windowNanos / 1e9), 1));
        double serverCpu = CpuTicks.percent(server0, server1, windowNanos);
        double clientCpu = CpuTicks.percent(client0, client1, windowNanos);
        double serverSys = CpuTicks.percent(serverSys0, serverSys1, windowNanos);
        r.put("serverPid", serverPid > 0 ? serverPid : null)
                .put("serverCpuPercent", Double.isNaN(serverCpu) ? null : round(serverCpu, 2))
                .put("serverKernelCpuPercent", Double.isNaN(serverSys) ? null : round(serverSys, 2))
                .put("serverCpuPercentPerSession", Double.isNaN(serverCpu) || established == 0 ? null
                        : round(serverCpu / established, 4))
                .put("clientCpuPercent", Double.isNaN(clientCpu) ? null : round(clientCpu, 2));
        r.put("generatorTickLateMs", new JsonObject()
                .put("p99", round(late.getValueAtPercentile(99) / 1000.0, 3))
                .put("max", round(late.getMaxValue() / 1000.0, 3)));
        extra.accept(all, r);
        onEachLoop(all, Flow::close);
        barrier();
        return r;
    }

    private static String sessionsText(List<? extends Flow> all, int target) {
        int up = 0;
        int failed = 0;
        for (int i = 0; i < all.size(); i++) {
            Flow f = all.get(i);
            if (f.failed()) {
                failed++;
            } else if (f.streaming()) {
                up++;
            }
        }
        return String.format("%d/%d up, %d failed", up, target, failed);
    }

    /** Gaps behind each flow's highest echoed sequence; read racily from the loops' threads (a progress figure). */
    private static long lostSoFar(List<? extends Flow> all) {
        long lost = 0;
        for (int i = 0; i < all.size(); i++) {
            lost += all.get(i).tracker().missingBehindHighest();
        }
        return lost;
    }

    /** Racy like {@link #lostSoFar}: a rate over seconds, off by a packet or two at most. */
    private static long echoed(List<? extends Flow> all) {
        long n = 0;
        for (Flow f : all) {
            n += f.tracker().received();
        }
        return n;
    }

    private static boolean allSettled(List<? extends Flow> all) {
        for (Flow f : all) {
            if (!f.failed() && !f.established()) {
                return false;
            }
        }
        return true;
    }

    private static long sleepUntil(long due, long nextPrint, Progress progress) throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            if (now >= nextPrint) {
                progress.tick();
                nextPrint += 1_000_000_000L;
                continue;
            }
            if (now >= due) {
                return nextPrint;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(due, nextPrint) - now);
        }
    }

    private static <F extends Flow> void onEachLoop(List<F> all, Consumer<Flow> action) {
        for (F f : all) {
            f.loopOf().execute(() -> action.accept(f));
        }
    }

    /** Waits until every loop has run every task queued before this call. */
    private void barrier() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(loops.size());
        for (IoLoop l : loops) {
            l.execute(done::countDown);
        }
        if (!done.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("a generator loop did not answer within 10 s");
        }
    }

    static JsonObject split(List<Long> nanos) {
        Percentiles p = new Percentiles(nanos.stream().mapToLong(Long::longValue).toArray());
        JsonObject o = new JsonObject();
        if (p.count() == 0) {
            return o.putNull("p50").putNull("p99").putNull("max");
        }
        return o.put("p50", round(p.at(50) / 1e6, 3)).put("p99", round(p.at(99) / 1e6, 3)).put("max", round(p.at(100) / 1e6, 3));
    }

    static JsonObject rttJson(Histogram h) {
        JsonObject o = new JsonObject().put("count", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            return o.putNull("p50").putNull("p99").putNull("p999").putNull("max");
        }
        return o.put("p50", round(h.getValueAtPercentile(50) / 1000.0, 3))
                .put("p99", round(h.getValueAtPercentile(99) / 1000.0, 3))
                .put("p999", round(h.getValueAtPercentile(99.9) / 1000.0, 3))
                .put("max", round(h.getMaxValue() / 1000.0, 3));
    }

    /**
     * For a run through a relay whose CPU is the measured server's: relayed packets per second and
     * per core. Every echoed packet crossed the relay twice (client → peer, peer → client).
     */
    static void putRelayFigures(JsonObject r) {
        double relayed = r.getDouble("echoedPerSecondInWindow") * 2;
        Double cpu = r.getDouble("serverCpuPercent");
        r.put("relayedPacketsPerSecond", relayed);
        r.put("relayedPacketsPerSecondPerCore", cpu == null || cpu <= 0 ? null : round(relayed / (cpu / 100.0), 0));
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
