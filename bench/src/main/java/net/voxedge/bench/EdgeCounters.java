package net.voxedge.bench;

import net.voxedge.edge.metrics.DropReason;
import net.voxedge.edge.metrics.EdgeMetrics;
import net.voxedge.edge.metrics.PacketClassLabel;

/**
 * A snapshot of the edge's own packet counters, so an iteration can prove afterwards that every
 * datagram it timed took the path it was meant to (the numbers are void otherwise).
 */
record EdgeCounters(double in, double stunOut, double rtpOut, double drops, long sent) {

    static EdgeCounters of(BenchEdge edge) {
        EdgeMetrics m = edge.metrics;
        double in = 0;
        for (PacketClassLabel c : PacketClassLabel.values()) {
            in += m.packetsIn(c);
        }
        double drops = 0;
        for (DropReason r : DropReason.values()) {
            drops += m.dropCount(r);
        }
        return new EdgeCounters(in, m.packetsOut(PacketClassLabel.STUN), m.packetsOut(PacketClassLabel.RTP), drops,
                edge.sender.sent);
    }

    EdgeCounters since(EdgeCounters start) {
        return new EdgeCounters(in - start.in, stunOut - start.stunOut, rtpOut - start.rtpOut, drops - start.drops,
                sent - start.sent);
    }

    /** Throws unless there was traffic and each datagram in was answered once on {@code label} (STUN or RTP). */
    void requireAllAnswered(PacketClassLabel label) {
        double out = label == PacketClassLabel.STUN ? stunOut : rtpOut;
        if (in <= 0 || out != in || sent != (long) in || drops != 0) {
            throw new IllegalStateException("not every datagram was answered (the numbers are void): " + this);
        }
    }

    /** Throws unless there was traffic, every datagram in was dropped, and nothing went out. */
    void requireAllDropped() {
        if (in <= 0 || drops != in || sent != 0) {
            throw new IllegalStateException("not every datagram was dropped (the numbers are void): " + this);
        }
    }
}
