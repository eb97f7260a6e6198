package net.voxedge.edge.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon's meters. Every meter the packet path touches is registered up front and held in
 * arrays indexed by enum ordinal, so counting a packet is one array read and one striped add: no
 * map lookup, no tag object, no allocation per packet.
 */
public final class EdgeMetrics {
    private final PrometheusMeterRegistry registry;
    private final Counter[] drops;
    private final Counter[] packetsIn;
    private final Counter[] packetsOut;
    private final Counter[] bytesIn;
    private final Counter[] bytesOut;
    private final Counter[] sessionsClosed;
    private final Counter sessionsCreated;
    private final Counter sessionsRejected;
    private final AtomicInteger sessionsActive = new AtomicInteger();
    private final Timer dtlsHandshake;
    private final Counter dtlsFailures;
    private final Timer stunRtt;
    private final Timer rtcpRtt;
    private final Timer iceConnect;

    public EdgeMetrics() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        drops = new Counter[DropReason.values().length];
        for (DropReason r : DropReason.values()) {
            drops[r.ordinal()] = Counter.builder("voxedge.drops").description("Datagrams dropped on the media port, by reason")
                    .tag("reason", r.label).register(registry);
        }
        PacketClassLabel[] classes = PacketClassLabel.values();
        packetsIn = new Counter[classes.length];
        packetsOut = new Counter[classes.length];
        bytesIn = new Counter[classes.length];
        bytesOut = new Counter[classes.length];
        for (PacketClassLabel c : classes) {
            packetsIn[c.ordinal()] = Counter.builder("voxedge.packets").tag("direction", "in").tag("class", c.label).register(registry);
            packetsOut[c.ordinal()] = Counter.builder("voxedge.packets").tag("direction", "out").tag("class", c.label).register(registry);
            bytesIn[c.ordinal()] = Counter.builder("voxedge.bytes").tag("direction", "in").tag("class", c.label).register(registry);
            bytesOut[c.ordinal()] = Counter.builder("voxedge.bytes").tag("direction", "out").tag("class", c.label).register(registry);
        }
        sessionsClosed = new Counter[CloseReason.values().length];
        for (CloseReason r : CloseReason.values()) {
            sessionsClosed[r.ordinal()] = Counter.builder("voxedge.sessions.closed").tag("reason", r.label).register(registry);
        }
        sessionsCreated = Counter.builder("voxedge.sessions.started").description("Offers answered: sessions begun").register(registry);
        sessionsRejected = Counter.builder("voxedge.sessions.rejected").description("Offers refused (bad SDP, capacity)").register(registry);
        Gauge.builder("voxedge.sessions.active", sessionsActive, AtomicInteger::get).register(registry);
        dtlsHandshake = Timer.builder("voxedge.dtls.handshake").description("First ClientHello to SRTP keys")
                .publishPercentiles(0.5, 0.99).register(registry);
        dtlsFailures = Counter.builder("voxedge.dtls.failures").register(registry);
        stunRtt = Timer.builder("voxedge.stun.rtt").description("Round trip of the edge's own STUN probes to clients")
                .publishPercentiles(0.5, 0.99).register(registry);
        rtcpRtt = Timer.builder("voxedge.rtcp.rtt").description("Round trip from RTCP report blocks (RFC 3550 6.4.1)")
                .publishPercentiles(0.5, 0.99).register(registry);
        iceConnect = Timer.builder("voxedge.ice.connect").description("Offer answered to first valid binding request")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    public void drop(DropReason reason) {
        drops[reason.ordinal()].increment();
    }

    public double dropCount(DropReason reason) {
        return drops[reason.ordinal()].count();
    }

    public void packetIn(PacketClassLabel c, int bytes) {
        packetsIn[c.ordinal()].increment();
        bytesIn[c.ordinal()].increment(bytes);
    }

    public void packetOut(PacketClassLabel c, int bytes) {
        packetsOut[c.ordinal()].increment();
        bytesOut[c.ordinal()].increment(bytes);
    }

    public double packetsIn(PacketClassLabel c) {
        return packetsIn[c.ordinal()].count();
    }

    public double packetsOut(PacketClassLabel c) {
        return packetsOut[c.ordinal()].count();
    }

    public void sessionCreated() {
        sessionsCreated.increment();
        sessionsActive.incrementAndGet();
    }

    public void sessionRejected() {
        sessionsRejected.increment();
    }

    public void sessionClosed(CloseReason reason) {
        sessionsClosed[reason.ordinal()].increment();
        sessionsActive.decrementAndGet();
    }

    public int sessionsActive() {
        return sessionsActive.get();
    }

    public double sessionsClosed(CloseReason reason) {
        return sessionsClosed[reason.ordinal()].count();
    }

    public void dtlsHandshake(long nanos) {
        dtlsHandshake.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void dtlsFailure() {
        dtlsFailures.increment();
    }

    public void stunRtt(long micros) {
        stunRtt.record(micros, TimeUnit.MICROSECONDS);
    }

    public void rtcpRtt(long micros) {
        rtcpRtt.record(micros, TimeUnit.MICROSECONDS);
    }

    public void iceConnect(long nanos) {
        iceConnect.record(nanos, TimeUnit.NANOSECONDS);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }
}
