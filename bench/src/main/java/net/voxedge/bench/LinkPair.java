package net.voxedge.bench;

import java.nio.charset.StandardCharsets;
import net.voxedge.backbone.tunnel.DropReason;
import net.voxedge.backbone.tunnel.LinkKeys;
import net.voxedge.backbone.tunnel.LinkRole;
import net.voxedge.backbone.tunnel.SendStatus;
import net.voxedge.backbone.tunnel.TunnelLink;
import net.voxedge.backbone.tunnel.TunnelLinkConfig;
import net.voxedge.backbone.tunnel.TunnelListener;

/**
 * An edge and a cluster {@link TunnelLink} wired back to back through two {@link DatagramQueue}s,
 * driven by one thread on a clock moved by hand: {@value #SESSIONS} sessions, each sending a
 * {@value #PAYLOAD}-byte Opus-sized frame every 20 ms, so the clock moves
 * {@value #FRAME_STEP_NANOS} ns per frame sent (either way). Default link settings, one key.
 *
 * <p>Nothing is ever lost or reordered on this wire, so in a steady state no datagram is dropped,
 * nothing is retransmitted and no send meets backpressure; {@link #requireSteady} fails the run
 * when that does not hold (a benchmark that measured a retransmission storm or dropped datagrams
 * would report the wrong thing).
 */
final class LinkPair {
    static final int SESSIONS = 50;
    static final int PAYLOAD = 160;
    static final long FRAME_STEP_NANOS = 20_000_000L / SESSIONS;
    static final int LINK_ID = 7;
    /** User audio: reliable, edge → cluster. */
    static final int USER_STREAM = 0;
    /** Agent audio: best effort, cluster → edge. */
    static final int AGENT_STREAM = 1;

    final DatagramQueue toCluster;
    final DatagramQueue toEdge;
    final FrameCounter edgeEvents = new FrameCounter();
    final FrameCounter clusterEvents = new FrameCounter();
    final TunnelLink edge;
    final TunnelLink cluster;
    final byte[] payload = new byte[PAYLOAD];
    private final int[] userSeq = new int[SESSIONS];
    private final int[] agentSeq = new int[SESSIONS];
    private int nextUser;
    private int nextAgent;
    long now = 1_000_000_000L;
    long userSent;
    long agentSent;

    /** Counts what a link delivers; touches the payload so delivery is not dead code. */
    static final class FrameCounter implements TunnelListener {
        long frames;
        long payloadCheck;

        @Override
        public void onMedia(long session, int stream, int seq, int ts, int flags, byte[] buf, int off, int len) {
            frames++;
            payloadCheck += buf[off] + len;
        }
    }

    /** Queues sized for {@code queueCapacity} datagrams each way. */
    LinkPair(int queueCapacity) {
        toCluster = new DatagramQueue(queueCapacity);
        toEdge = new DatagramQueue(queueCapacity);
        byte[] secret = "voxedge tunnel benchmark secret".getBytes(StandardCharsets.US_ASCII);
        edge = new TunnelLink(TunnelLinkConfig.defaults(LinkRole.EDGE, LINK_ID, 1_000),
                keys(LinkRole.EDGE, secret), edgeEvents, toCluster);
        cluster = new TunnelLink(TunnelLinkConfig.defaults(LinkRole.CLUSTER, LINK_ID, 2_000),
                keys(LinkRole.CLUSTER, secret), clusterEvents, toEdge);
        for (int i = 0; i < PAYLOAD; i++) {
            payload[i] = (byte) (i * 31 + 7);
        }
    }

    private static LinkKeys keys(LinkRole role, byte[] secret) {
        LinkKeys k = new LinkKeys(role, LINK_ID);
        k.install(0, secret);
        k.activate(0);
        return k;
    }

    static long sessionId(int i) {
        return 0x5E55_0000_0000_0000L + i;
    }

    /** The next session's next reliable user frame, edge → cluster (into {@link #toCluster}). */
    SendStatus sendUser() {
        int s = nextUser;
        nextUser = s + 1 == SESSIONS ? 0 : s + 1;
        int seq = userSeq[s]++;
        now += FRAME_STEP_NANOS;
        userSent++;
        return edge.sendMedia(sessionId(s), USER_STREAM, seq, seq * 960, 0, payload, 0, PAYLOAD, true, now);
    }

    /** The next session's next best-effort agent frame, cluster → edge (into {@link #toEdge}). */
    SendStatus sendAgent() {
        int s = nextAgent;
        nextAgent = s + 1 == SESSIONS ? 0 : s + 1;
        int seq = agentSeq[s]++;
        now += FRAME_STEP_NANOS;
        agentSent++;
        return cluster.sendMedia(sessionId(s), AGENT_STREAM, seq, seq * 960, 0, payload, 0, PAYLOAD, false, now);
    }

    /**
     * Delivers everything queued both ways, running each link's timer when its deadline passed
     * (probes, delayed ACKs, retransmissions: what the endpoint's tick does), until both wires are
     * quiet.
     */
    void settle() {
        do {
            toCluster.deliverAll(cluster, now);
            toEdge.deliverAll(edge, now);
            if (edge.nextDeadlineNanos() <= now) {
                edge.onTimeout(now);
            }
            if (cluster.nextDeadlineNanos() <= now) {
                cluster.onTimeout(now);
            }
        } while (toCluster.size() > 0 || toEdge.size() > 0);
    }

    /**
     * Fails unless the links are in the steady state a benchmark means to measure: no drop of any
     * reason on either side, no retransmission, backpressure or lost frame, no seal failure, no queue
     * overflow, at most {@code maxInflight} unacknowledged frames, and every frame sent delivered
     * except the {@code undeliveredUser} still on the wire.
     */
    void requireSteady(int maxInflight, long undeliveredUser) {
        StringBuilder bad = new StringBuilder();
        for (DropReason r : DropReason.values()) {
            if (edge.drops(r) + cluster.drops(r) > 0) {
                bad.append(" drops ").append(r).append('=').append(edge.drops(r)).append('/').append(cluster.drops(r));
            }
        }
        check(bad, "retransmits", edge.retransmits() + cluster.retransmits());
        check(bad, "backpressure", edge.backpressureEvents() + cluster.backpressureEvents());
        check(bad, "framesLost", edge.framesLost() + cluster.framesLost());
        check(bad, "sealFailures", edge.sealFailures() + cluster.sealFailures());
        check(bad, "queueOverflows", toCluster.overflows + toEdge.overflows);
        if (edge.inflightFrames() > maxInflight) {
            bad.append(" inflight=").append(edge.inflightFrames()).append(" > ").append(maxInflight);
        }
        if (clusterEvents.frames != userSent - undeliveredUser) {
            bad.append(" user frames delivered=").append(clusterEvents.frames).append(" expected=")
                    .append(userSent - undeliveredUser);
        }
        if (edgeEvents.frames != agentSent) {
            bad.append(" agent frames delivered=").append(edgeEvents.frames).append(" sent=").append(agentSent);
        }
        if (!bad.isEmpty()) {
            throw new IllegalStateException("tunnel benchmark left its steady state:" + bad);
        }
    }

    private static void check(StringBuilder bad, String what, long n) {
        if (n != 0) {
            bad.append(' ').append(what).append('=').append(n);
        }
    }
}
