package net.voxedge.backbone.tunnel;

import java.time.Duration;

/**
 * Settings of one {@link TunnelLink}. Every limit here bounds memory or time; the defaults suit a
 * managed backbone with RTTs of 1–300 ms and 20 ms audio frames (PROTOCOL.md, "Limits").
 *
 * @param role                  which end this is
 * @param linkId                link id carried in every header (both ends configure the same one)
 * @param epoch                 this sender's epoch (48 bits): strictly greater on every restart, e.g. wall-clock ms at start
 * @param retransmitBudgetBytes bytes of unacknowledged reliable frame bodies kept for retransmission
 * @param maxInflightFrames     unacknowledged reliable frames kept
 * @param maxRetransmissions    retransmissions of one frame before it is reported lost
 * @param initialRtoNanos       retransmission timeout before any RTT sample
 * @param minRtoNanos           lower bound of the RTO
 * @param maxRtoNanos           upper bound of the RTO, backoff included
 * @param timerGranularityNanos G of RFC 6298: the IO layer's timer tick
 * @param ackDelayNanos         longest wait before acknowledging an in-order reliable frame
 * @param ackEveryFrames        acknowledge at once after this many in-order reliable frames
 * @param probeIntervalNanos    time between probes
 * @param probeTimeoutNanos     a probe unanswered this long is lost
 * @param downAfterLostProbes   consecutive lost probes that mark the link DOWN
 * @param idleTimeoutNanos      no authenticated datagram for this long marks the link DOWN (0 = off)
 * @param maxStreams            (session, stream) pairs tracked per direction
 * @param maxHeldFrames         out-of-order reliable frames held per link
 * @param maxHeldPerStream      out-of-order reliable frames held per stream
 * @param reorderWindow         largest seq distance ahead of the next expected one that is accepted
 */
public record TunnelLinkConfig(
        LinkRole role,
        int linkId,
        long epoch,
        int retransmitBudgetBytes,
        int maxInflightFrames,
        int maxRetransmissions,
        long initialRtoNanos,
        long minRtoNanos,
        long maxRtoNanos,
        long timerGranularityNanos,
        long ackDelayNanos,
        int ackEveryFrames,
        long probeIntervalNanos,
        long probeTimeoutNanos,
        int downAfterLostProbes,
        long idleTimeoutNanos,
        int maxStreams,
        int maxHeldFrames,
        int maxHeldPerStream,
        int reorderWindow) {

    /** Checks every field; messages name the field. */
    public TunnelLinkConfig {
        if (role == null) {
            throw new IllegalArgumentException("tunnel role is missing");
        }
        if (epoch < 0 || epoch > WireFormat.MAX_U48) {
            throw new IllegalArgumentException("tunnel epoch must fit 48 bits: " + epoch);
        }
        positive("retransmitBudgetBytes", retransmitBudgetBytes);
        positive("maxInflightFrames", maxInflightFrames);
        if (retransmitBudgetBytes < WireFormat.MAX_BODY) {
            throw new IllegalArgumentException("retransmitBudgetBytes must be at least " + WireFormat.MAX_BODY);
        }
        if (maxRetransmissions < 0) {
            throw new IllegalArgumentException("maxRetransmissions must not be negative");
        }
        positive("initialRtoNanos", initialRtoNanos);
        positive("minRtoNanos", minRtoNanos);
        if (maxRtoNanos < minRtoNanos) {
            throw new IllegalArgumentException("maxRtoNanos must be at least minRtoNanos");
        }
        positive("timerGranularityNanos", timerGranularityNanos);
        if (ackDelayNanos < 0) {
            throw new IllegalArgumentException("ackDelayNanos must not be negative");
        }
        positive("ackEveryFrames", ackEveryFrames);
        positive("probeIntervalNanos", probeIntervalNanos);
        positive("probeTimeoutNanos", probeTimeoutNanos);
        positive("downAfterLostProbes", downAfterLostProbes);
        if (idleTimeoutNanos < 0) {
            throw new IllegalArgumentException("idleTimeoutNanos must not be negative");
        }
        positive("maxStreams", maxStreams);
        positive("maxHeldFrames", maxHeldFrames);
        positive("maxHeldPerStream", maxHeldPerStream);
        if (reorderWindow < 1 || reorderWindow > DataFrame.MAX_FLOOR_DISTANCE) {
            throw new IllegalArgumentException("reorderWindow must be in 1.." + DataFrame.MAX_FLOOR_DISTANCE);
        }
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /** Defaults for one end of a link. */
    public static TunnelLinkConfig defaults(LinkRole role, int linkId, long epoch) {
        return new TunnelLinkConfig(role, linkId, epoch,
                1 << 20, 8192, 10,
                ms(200), ms(100), ms(2000), ms(1),
                ms(5), 4,
                ms(500), ms(1000), 3, ms(3000),
                4096, 512, 128, 4096);
    }

    /** Copy with another retransmission budget. */
    public TunnelLinkConfig withRetransmitBudget(int bytes, int frames) {
        return new TunnelLinkConfig(role, linkId, epoch, bytes, frames, maxRetransmissions, initialRtoNanos,
                minRtoNanos, maxRtoNanos, timerGranularityNanos, ackDelayNanos, ackEveryFrames, probeIntervalNanos,
                probeTimeoutNanos, downAfterLostProbes, idleTimeoutNanos, maxStreams, maxHeldFrames, maxHeldPerStream,
                reorderWindow);
    }

    /** Copy with another retransmission limit and RTO bounds. */
    public TunnelLinkConfig withRetransmission(int maxRetx, Duration initialRto, Duration minRto, Duration maxRto) {
        return new TunnelLinkConfig(role, linkId, epoch, retransmitBudgetBytes, maxInflightFrames, maxRetx,
                initialRto.toNanos(), minRto.toNanos(), maxRto.toNanos(), timerGranularityNanos, ackDelayNanos,
                ackEveryFrames, probeIntervalNanos, probeTimeoutNanos, downAfterLostProbes, idleTimeoutNanos,
                maxStreams, maxHeldFrames, maxHeldPerStream, reorderWindow);
    }

    /** Copy with other probe settings. */
    public TunnelLinkConfig withProbes(Duration interval, Duration timeout, int downAfterLost, Duration idleTimeout) {
        return new TunnelLinkConfig(role, linkId, epoch, retransmitBudgetBytes, maxInflightFrames, maxRetransmissions,
                initialRtoNanos, minRtoNanos, maxRtoNanos, timerGranularityNanos, ackDelayNanos, ackEveryFrames,
                interval.toNanos(), timeout.toNanos(), downAfterLost, idleTimeout.toNanos(), maxStreams,
                maxHeldFrames, maxHeldPerStream, reorderWindow);
    }

    /** Copy with other receive-side limits. */
    public TunnelLinkConfig withReceiveLimits(int streams, int heldFrames, int heldPerStream) {
        return new TunnelLinkConfig(role, linkId, epoch, retransmitBudgetBytes, maxInflightFrames, maxRetransmissions,
                initialRtoNanos, minRtoNanos, maxRtoNanos, timerGranularityNanos, ackDelayNanos, ackEveryFrames,
                probeIntervalNanos, probeTimeoutNanos, downAfterLostProbes, idleTimeoutNanos, streams, heldFrames,
                heldPerStream, reorderWindow);
    }

    private static long ms(long millis) {
        return millis * 1_000_000L;
    }
}
