package net.voxedge.edge.interop;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import net.voxedge.edge.EdgeDaemon;
import net.voxedge.edge.config.ConfigSource;
import net.voxedge.edge.config.EdgeConfig;
import net.voxedge.edge.metrics.CloseReason;
import net.voxedge.edge.metrics.DropReason;
import net.voxedge.edge.metrics.EdgeMetrics;
import net.voxedge.edge.transport.MediaSockets;

/**
 * Our edge daemon, started in this JVM for an interop test: dev mode, signaling and media on 127.0.0.1 with
 * ephemeral ports, two media workers (the CI machine has two cores), plus whatever a test overrides. Closing it
 * stops the daemon.
 */
public final class TestEdgeDaemon implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(50);
    private final EdgeDaemon daemon;

    private TestEdgeDaemon(EdgeDaemon daemon) {
        this.daemon = daemon;
    }

    /** Starts a daemon; {@code overrides} are {@code key=value} settings as in edge-daemon/README.md. */
    public static TestEdgeDaemon start(Map<String, String> overrides) throws Exception {
        // The same defaults as every other daemon test (dev mode, loopback, port 0, fixed keys).
        ConfigSource src = net.voxedge.edge.testing.EdgeFixture.config(overrides.entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new));
        EdgeConfig config = EdgeConfig.load(src);
        if (!src.unknownKeys().isEmpty()) {
            throw new IllegalArgumentException("unknown settings " + src.unknownKeys());
        }
        return new TestEdgeDaemon(EdgeDaemon.start(config));
    }

    public EdgeDaemon daemon() {
        return daemon;
    }

    public URI callsUrl() {
        return URI.create(daemon.callsUrl());
    }

    /** A bearer token this daemon accepts for an hour. */
    public String token(String subject) {
        return daemon.mintToken(subject, 3600);
    }

    public EdgeMetrics metrics() {
        return daemon.metrics();
    }

    public DaemonState state() {
        return new DaemonState(daemon.metrics().sessionsActive(), daemon.sessions().registry().size(),
                daemon.sessions().registry().boundAddresses());
    }

    /** Sessions the daemon answered an offer for (the {@code voxedge.sessions.started} counter). */
    public double sessionsStarted() {
        return daemon.metrics().registry().get("voxedge.sessions.started").counter().count();
    }

    public double sessionsClosed(CloseReason reason) {
        return daemon.metrics().sessionsClosed(reason);
    }

    /** Every drop reason the daemon counted at least once, with its count (empty on a clean run). */
    public Map<String, Long> drops() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (DropReason r : DropReason.values()) {
            long n = (long) daemon.metrics().dropCount(r);
            if (n > 0) {
                out.put(r.label, n);
            }
        }
        return out;
    }

    /**
     * Polls until no session, registry entry or bound address is left, or {@code limit} passes; returns the last
     * state seen (empty when the daemon freed everything in time).
     */
    public DaemonState awaitFreed(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        DaemonState s = state();
        while (!s.isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(POLL);
            s = state();
        }
        return s;
    }

    /** Starts sampling the daemon's state in the background to find its peaks during a call. */
    public DaemonWatch watch() {
        return DaemonWatch.start(this::state);
    }

    /** Starts measuring how late the media event loops run their tasks. */
    public LoopLatencyProbe probeLoops() {
        return LoopLatencyProbe.start(daemon.transport().sockets().stream().map(MediaSockets::loop).toList());
    }

    @Override
    public void close() {
        daemon.close();
    }
}
