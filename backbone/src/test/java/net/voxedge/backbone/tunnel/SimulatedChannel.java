package net.voxedge.backbone.tunnel;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Two {@link TunnelLink}s (edge and cluster) joined by a simulated network with a hand-driven clock:
 * per-direction delay, random extra delay (reordering), loss and duplication from a seeded Random.
 */
final class SimulatedChannel {
    static final byte[] SECRET = "0123456789abcdef-test-secret".getBytes();
    static final int LINK_ID = 0x1234;

    final Random random;
    final PriorityQueue<InFlight> queue = new PriorityQueue<>();
    long now = 1_000_000_000L;
    long seqCounter;
    long delayNanos = 10_000_000L;
    long extraDelayNanos;
    double loss;
    double duplicate;
    boolean blackhole;
    final Recorder edgeEvents = new Recorder();
    final Recorder clusterEvents = new Recorder();
    final List<byte[]> edgeSent = new ArrayList<>();
    final List<byte[]> clusterSent = new ArrayList<>();
    boolean recordSent;
    final TunnelLink edge;
    final TunnelLink cluster;

    SimulatedChannel(long seed, TunnelLinkConfig edgeConfig, TunnelLinkConfig clusterConfig) {
        random = new Random(seed);
        edge = new TunnelLink(edgeConfig, keys(LinkRole.EDGE), edgeEvents, (b, o, l) -> send(true, b, o, l));
        cluster = new TunnelLink(clusterConfig, keys(LinkRole.CLUSTER), clusterEvents, (b, o, l) -> send(false, b, o, l));
    }

    SimulatedChannel(long seed) {
        this(seed, TunnelLinkConfig.defaults(LinkRole.EDGE, LINK_ID, 1000),
                TunnelLinkConfig.defaults(LinkRole.CLUSTER, LINK_ID, 2000));
    }

    static LinkKeys keys(LinkRole role) {
        LinkKeys k = new LinkKeys(role, LINK_ID);
        k.install(1, SECRET);
        k.activate(1);
        return k;
    }

    private void send(boolean fromEdge, byte[] b, int o, int l) {
        byte[] copy = java.util.Arrays.copyOfRange(b, o, o + l);
        if (recordSent) {
            (fromEdge ? edgeSent : clusterSent).add(copy);
        }
        if (blackhole || random.nextDouble() < loss) {
            return;
        }
        int copies = random.nextDouble() < duplicate ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long extra = extraDelayNanos == 0 ? 0 : (long) (random.nextDouble() * extraDelayNanos);
            queue.add(new InFlight(now + delayNanos + extra, seqCounter++, !fromEdge, copy));
        }
    }

    /** Advances the clock to {@code until} in steps of {@code step}, delivering datagrams and running timers. */
    void runUntil(long until, long step) {
        while (now < until) {
            now = Math.min(until, now + step);
            deliverDue();
            if (edge.nextDeadlineNanos() <= now) {
                edge.onTimeout(now);
            }
            if (cluster.nextDeadlineNanos() <= now) {
                cluster.onTimeout(now);
            }
        }
    }

    void deliverDue() {
        while (!queue.isEmpty() && queue.peek().at <= now) {
            InFlight f = queue.poll();
            (f.toEdge ? edge : cluster).receive(f.bytes, 0, f.bytes.length, now);
        }
    }

    record InFlight(long at, long order, boolean toEdge, byte[] bytes) implements Comparable<InFlight> {
        @Override
        public int compareTo(InFlight o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    /** Records listener events. */
    static final class Recorder implements TunnelListener {
        final List<String> media = new ArrayList<>();
        final List<int[]> mediaSeqs = new ArrayList<>(); // {stream, seq, ts, flags, len}
        final List<Long> mediaSessions = new ArrayList<>();
        final List<String> controls = new ArrayList<>();
        final java.util.Map<String, Integer> acked = new java.util.HashMap<>();
        final List<String> lost = new ArrayList<>();
        final List<LinkState> states = new ArrayList<>();
        final java.util.EnumMap<DropReason, Integer> dropped = new java.util.EnumMap<>(DropReason.class);
        TunnelLink onControlClose;

        @Override
        public void onMedia(long session, int stream, int seq, int ts, int flags, byte[] buf, int off, int len) {
            mediaSessions.add(session);
            mediaSeqs.add(new int[] {stream, seq, ts, flags, len});
            media.add(new String(buf, off, len, java.nio.charset.StandardCharsets.ISO_8859_1));
        }

        @Override
        public void onControl(long session, int type, byte[] buf, int off, int len) {
            controls.add(session + ":" + type + ":" + new String(buf, off, len, java.nio.charset.StandardCharsets.UTF_8));
            if (onControlClose != null && type == ControlType.CLOSE) {
                onControlClose.closeSession(session);
            }
        }

        @Override
        public void onAcked(long session, int stream, int seq) {
            acked.put(session + "/" + stream, seq);
        }

        @Override
        public void onFrameLost(long session, int stream, int seq) {
            lost.add(session + "/" + stream + "/" + seq);
        }

        @Override
        public void onLinkState(LinkState state, long nowNanos) {
            states.add(state);
        }

        @Override
        public void onDrop(DropReason reason) {
            dropped.merge(reason, 1, Integer::sum);
        }
    }
}
