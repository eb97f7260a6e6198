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
    private final Counter dtlsReleased;
    private final Counter rtpHeld;
    private final Counter rtpHeldReplayed;
    private final Timer stunRtt;
    private final Timer rtcpRtt;
    private final Timer iceConnect;
    private final Counter[] agentFramesIn;
    private final Counter agentFramesSent;
    private final Counter agentHandoffFallbacks;
    private final Counter agentFramesAfterBargeIn;
    private final Counter bargeIns;
    private final Counter bargeInDroppedFrames;
    private final Counter userTurns;

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
        dtlsReleased = Counter.builder("voxedge.dtls.released")
                .description("Sessions that let go of their DTLS association after the client's first valid SRTP")
                .register(registry);
        rtpHeld = Counter.builder("voxedge.rtp.held")
                .description("SRTP/SRTCP datagrams held because they arrived before the handshake's keys")
                .register(registry);
        rtpHeldReplayed = Counter.builder("voxedge.rtp.held.replayed")
                .description("Held SRTP/SRTCP datagrams replayed through the SRTP path once the keys were installed")
                .register(registry);
        stunRtt = Timer.builder("voxedge.stun.rtt").description("Round trip of the edge's own STUN probes to clients")
                .publishPercentiles(0.5, 0.99).register(registry);
        rtcpRtt = Timer.builder("voxedge.rtcp.rtt").description("Round trip from RTCP report blocks (RFC 3550 6.4.1)")
                .publishPercentiles(0.5, 0.99).register(registry);
        iceConnect = Timer.builder("voxedge.ice.connect").description("Offer answered to first valid binding request")
                .publishPercentiles(0.5, 0.99).register(registry);
        var offers = net.voxedge.edge.turn.AgentAudioPacer.Offer.values();
        agentFramesIn = new Counter[offers.length];
        for (var o : offers) {
            agentFramesIn[o.ordinal()] = Counter.builder("voxedge.agent.frames.in")
                    .description("Agent audio frames offered to sessions' pacers, by outcome")
                    .tag("result", o.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
        }
        agentHandoffFallbacks = Counter.builder("voxedge.agent.handoff.fallbacks")
                .description("Agent frames handed to a media loop by a copying task because its inbox was full")
                .register(registry);
        agentFramesSent = Counter.builder("voxedge.agent.frames.sent").description("Agent audio frames paced out to clients")
                .register(registry);
        agentFramesAfterBargeIn = Counter.builder("voxedge.agent.frames.after.barge.in")
                .description("Agent frames of a cancelled response sent after the user's onset (must stay 0)").register(registry);
        bargeIns = Counter.builder("voxedge.barge.ins").description("User onsets over agent audio: agent stopped at once")
                .register(registry);
        bargeInDroppedFrames = Counter.builder("voxedge.barge.in.dropped.frames")
                .description("Agent frames waiting in pacers that barge-ins threw away").register(registry);
        userTurns = Counter.builder("voxedge.user.turns").description("User speech onsets (with or without barge-in)")
                .register(registry);
    }

    public void agentFrameOffered(net.voxedge.edge.turn.AgentAudioPacer.Offer result) {
        agentFramesIn[result.ordinal()].increment();
    }

    public double agentFramesOffered(net.voxedge.edge.turn.AgentAudioPacer.Offer result) {
        return agentFramesIn[result.ordinal()].count();
    }

    public void agentHandoffFallback() {
        agentHandoffFallbacks.increment();
    }

    public double agentHandoffFallbacks() {
        return agentHandoffFallbacks.count();
    }

    public void agentFrameSent() {
        agentFramesSent.increment();
    }

    public double agentFramesSent() {
        return agentFramesSent.count();
    }

    public void agentFrameAfterBargeIn() {
        agentFramesAfterBargeIn.increment();
    }

    public double agentFramesAfterBargeIn() {
        return agentFramesAfterBargeIn.count();
    }

    public void bargeIn(int droppedFrames) {
        bargeIns.increment();
        bargeInDroppedFrames.increment(droppedFrames);
    }

    public double bargeIns() {
        return bargeIns.count();
    }

    public void userTurn() {
        userTurns.increment();
    }

    public double userTurns() {
        return userTurns.count();
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

    public void dtlsReleased() {
        dtlsReleased.increment();
    }

    public double dtlsReleasedCount() {
        return dtlsReleased.count();
    }

    public void rtpHeld() {
        rtpHeld.increment();
    }

    public double rtpHeldCount() {
        return rtpHeld.count();
    }

    public void rtpHeldReplayed() {
        rtpHeldReplayed.increment();
    }

    public double rtpHeldReplayedCount() {
        return rtpHeldReplayed.count();
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
