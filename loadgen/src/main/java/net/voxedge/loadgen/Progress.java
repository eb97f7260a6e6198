package net.voxedge.loadgen;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * The once-a-second progress line of a run, and the owner of its RTT histogram: each call to
 * {@link #tick} pulls what the loops recorded since the last call, adds it to the run's
 * histogram and prints the interval's packets per second, loss so far, RTT p50/p99 and CPU.
 */
final class Progress {
    private final String label;
    private final List<IoLoop> loops;
    private final PrintStream out;
    private final long serverPid;
    private final Supplier<String> sessionsText;
    private final Supplier<Long> lostSoFar;
    private final Histogram rtt = new Histogram(3);
    private final Histogram tickLate = new Histogram(3);
    private Histogram interval;
    private final long startNanos = System.nanoTime();
    private long lastNanos = startNanos;
    private long lastOut;
    private long lastIn;
    private long lastServerTicks;
    private long lastClientTicks;

    Progress(String label, List<IoLoop> loops, PrintStream out, long serverPid, Supplier<String> sessionsText,
             Supplier<Long> lostSoFar) {
        this.label = label;
        this.loops = loops;
        this.out = out;
        this.serverPid = serverPid;
        this.sessionsText = sessionsText;
        this.lostSoFar = lostSoFar;
        this.lastServerTicks = CpuTicks.read(serverPid);
        this.lastClientTicks = CpuTicks.read(ProcessHandle.current().pid());
        for (IoLoop l : loops) {
            lastOut += l.packetsOut;
            lastIn += l.packetsIn;
        }
    }

    /** Drops what was recorded so far: the measured window starts now. */
    synchronized void resetHistograms() {
        pull();
        rtt.reset();
        tickLate.reset();
    }

    /** Pulls the loops' recordings and prints one line. */
    synchronized void tick() {
        long now = System.nanoTime();
        Histogram iv = pull();
        long outTotal = 0;
        long inTotal = 0;
        for (IoLoop l : loops) {
            outTotal += l.packetsOut;
            inTotal += l.packetsIn;
        }
        double secs = (now - lastNanos) / 1e9;
        long server = CpuTicks.read(serverPid);
        long client = CpuTicks.read(ProcessHandle.current().pid());
        out.printf(Locale.ROOT, "[%s] t=%4.1fs %s | out %6.0f pps in %6.0f pps | lost %d | rtt p50 %s p99 %s | server %s client %s%n",
                label, (now - startNanos) / 1e9, sessionsText.get(), (outTotal - lastOut) / secs, (inTotal - lastIn) / secs,
                lostSoFar.get(), ms(iv, 50), ms(iv, 99), pct(CpuTicks.percent(lastServerTicks, server, now - lastNanos)),
                pct(CpuTicks.percent(lastClientTicks, client, now - lastNanos)));
        out.flush();
        lastNanos = now;
        lastOut = outTotal;
        lastIn = inTotal;
        lastServerTicks = server;
        lastClientTicks = client;
    }

    private Histogram pull() {
        interval = new Histogram(3);
        for (IoLoop l : loops) {
            Histogram h = l.rttMicros.getIntervalHistogram();
            interval.add(h);
            tickLate.add(l.tickLateMicros.getIntervalHistogram());
        }
        rtt.add(interval);
        return interval;
    }

    /** RTT (µs) recorded since the last {@link #resetHistograms}; call {@link #tick} first. */
    synchronized Histogram rtt() {
        pull();
        return rtt.copy();
    }

    /** How late the loops' ticks ran (µs) since the last reset. */
    synchronized Histogram tickLate() {
        return tickLate.copy();
    }

    private static String ms(Histogram h, double p) {
        return h.getTotalCount() == 0 ? "   -   " : String.format(Locale.ROOT, "%.2fms", h.getValueAtPercentile(p) / 1000.0);
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", v);
    }
}
