package net.voxedge.edge.interop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Samples named counters in the background every {@code periodMillis} and keeps a row when an event
 * counter changed or a flow counter (frames that move all the time while something plays) started or
 * stopped moving, so a test can print when things happened (turns, replies, barge-ins, cancels)
 * without asserting on time. Bounded: at most {@value #MAX_ROWS} rows; {@link #peak} tracks maxima
 * of gauges that go back down (sessions that end before the test reads them).
 */
public final class MetricsTimeline implements AutoCloseable {
    private static final int MAX_ROWS = 2000;
    private final Map<String, DoubleSupplier> sources;
    private final boolean[] flow;
    private final long periodMillis;
    private final long startNanos = System.nanoTime();
    private final List<String> rows = new ArrayList<>();
    private final Map<String, Double> peaks = new LinkedHashMap<>();
    private final Thread sampler;
    private volatile boolean stop;

    private MetricsTimeline(Map<String, DoubleSupplier> events, Map<String, DoubleSupplier> flows, long periodMillis) {
        this.sources = new LinkedHashMap<>(events);
        this.sources.putAll(flows);
        this.flow = new boolean[sources.size()];
        java.util.Arrays.fill(flow, events.size(), flow.length, true);
        this.periodMillis = periodMillis;
        this.sampler = Thread.ofPlatform().daemon().name("metrics-timeline").start(this::run);
    }

    /** Starts sampling {@code events}, then {@code flows} (printed in this order). */
    public static MetricsTimeline start(Map<String, DoubleSupplier> events, Map<String, DoubleSupplier> flows,
            long periodMillis) {
        return new MetricsTimeline(events, flows, periodMillis);
    }

    private void run() {
        double[] last = null;
        boolean[] moving = new boolean[flow.length];
        while (!stop) {
            double[] now = new double[sources.size()];
            int i = 0;
            for (var e : sources.entrySet()) {
                double v;
                try {
                    v = e.getValue().getAsDouble();
                } catch (RuntimeException ex) {
                    v = Double.NaN; // a meter not registered yet
                }
                now[i++] = v;
                synchronized (peaks) {
                    peaks.merge(e.getKey(), v, (a, b) -> Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b));
                }
            }
            boolean record = last == null;
            for (int k = 0; last != null && k < now.length; k++) {
                boolean changed = Double.compare(last[k], now[k]) != 0;
                if (flow[k] ? changed != moving[k] : changed) {
                    record = true;
                }
                moving[k] = changed;
            }
            if (record) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%6d ms", (System.nanoTime() - startNanos) / 1_000_000));
                int j = 0;
                for (String name : sources.keySet()) {
                    row.append(' ').append(name).append('=').append(Double.isNaN(now[j]) ? "-" : String.valueOf((long) now[j]))
                            .append(flow[j] && moving[j] ? "+" : "");
                    j++;
                }
                synchronized (rows) {
                    if (rows.size() < MAX_ROWS) {
                        rows.add(row.toString());
                    }
                }
            }
            last = now;
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The largest value {@code name} had in any sample (NaN if never read). */
    public double peak(String name) {
        synchronized (peaks) {
            return peaks.getOrDefault(name, Double.NaN);
        }
    }

    /** The rows so far, one line each. */
    public String render() {
        synchronized (rows) {
            return String.join("\n", rows);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        sampler.join(2000);
    }
}
