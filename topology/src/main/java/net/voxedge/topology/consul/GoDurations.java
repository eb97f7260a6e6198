package net.voxedge.topology.consul;

import java.time.Duration;

/** Writes durations the way Consul reads them (Go's duration syntax). */
final class GoDurations {

    private GoDurations() {
    }

    /** Whole seconds as {@code 10s}, anything finer as milliseconds ({@code 1500ms}). */
    static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }
}
