package net.voxedge.backbone.tunnel.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import net.voxedge.backbone.tunnel.LinkKeys;
import net.voxedge.backbone.tunnel.LinkRole;
import net.voxedge.backbone.tunnel.LinkState;
import net.voxedge.backbone.tunnel.SendStatus;
import net.voxedge.backbone.tunnel.TunnelLink;
import net.voxedge.backbone.tunnel.TunnelLinkConfig;
import net.voxedge.backbone.tunnel.TunnelListener;
import org.junit.jupiter.api.Test;

class TunnelEndpointTest {
    private static final byte[] SECRET = "loopback-test-secret-0123".getBytes();
    private static final int LINK = 42;

    private static LinkKeys keys(LinkRole role) {
        LinkKeys k = new LinkKeys(role, LINK);
        k.install(1, SECRET);
        k.activate(1);
        return k;
    }

    private static TunnelLinkConfig config(LinkRole role, long epoch) {
        return TunnelLinkConfig.defaults(role, LINK, epoch)
                .withProbes(Duration.ofMillis(50), Duration.ofMillis(500), 3, Duration.ofSeconds(3));
    }

    @Test
    void twoEndpointsOnLoopbackCarryMediaBothWays() throws Exception {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        SimpleMeterRegistry edgeMetrics = new SimpleMeterRegistry();
        SimpleMeterRegistry clusterMetrics = new SimpleMeterRegistry();
        List<Integer> userAudio = new CopyOnWriteArrayList<>();
        List<Integer> agentAudio = new CopyOnWriteArrayList<>();
        AtomicInteger acked = new AtomicInteger(-1);
        List<LinkState> edgeStates = new CopyOnWriteArrayList<>();
        try (TunnelEndpoint edge = TunnelEndpoint.bind(any, edgeMetrics, 1_000_000);
                TunnelEndpoint cluster = TunnelEndpoint.bind(any, clusterMetrics, 1_000_000)) {
            TunnelLink edgeLink = edge.addPeer("fra1-c1", cluster.localAddress(), config(LinkRole.EDGE, 100), keys(LinkRole.EDGE),
                    new TunnelListener() {
                        @Override
                        public void onMedia(long s, int st, int seq, int ts, int f, byte[] b, int o, int l) {
                            agentAudio.add(seq);
                        }

                        @Override
                        public void onAcked(long s, int st, int seq) {
                            acked.set(seq);
                        }

                        @Override
                        public void onLinkState(LinkState state, long now) {
                            edgeStates.add(state);
                        }
                    });
            TunnelLink clusterLink = cluster.addPeer("edge-fra1-h1", edge.localAddress(), config(LinkRole.CLUSTER, 200),
                    keys(LinkRole.CLUSTER), new TunnelListener() {
                        @Override
                        public void onMedia(long s, int st, int seq, int ts, int f, byte[] b, int o, int l) {
                            if (seq == 3 && userAudio.size() == 3) {
                                userAudio.add(seq);
                                throw new IllegalStateException("application bug: must not escape the handler");
                            }
                            userAudio.add(seq);
                        }
                    });
            awaitTrue("edge link UP", () -> edge.call(edgeLink::state) == LinkState.UP);
            byte[] opus = new byte[80];
            for (int i = 0; i < 200; i++) {
                int seq = i;
                assertThat(edge.call(() -> edgeLink.sendMedia(1, 0, seq, seq * 960, 0, opus, 0, opus.length, true, System.nanoTime())))
                        .isEqualTo(SendStatus.SENT);
                cluster.execute(() -> clusterLink.sendMedia(1, 1, seq, seq * 960, 0, opus, 0, opus.length, false, System.nanoTime()));
            }
            awaitTrue("200 user frames delivered and acked", () -> userAudio.size() == 200 && acked.get() == 199,
                    () -> "delivered " + userAudio.size() + ", acked up to " + acked.get());
            for (int i = 0; i < 200; i++) {
                assertThat(userAudio.get(i)).isEqualTo(i);
            }
            // Best effort: loopback rarely loses, never reorders; a loaded machine may drop a few of a burst.
            awaitTrue("most agent frames delivered", () -> agentAudio.size() >= 150, () -> "delivered " + agentAudio.size());
            for (int i = 1; i < agentAudio.size(); i++) {
                assertThat(agentAudio.get(i)).isGreaterThan(agentAudio.get(i - 1));
            }
            assertThat(edgeStates).startsWith(LinkState.UP);
            assertThat(clusterMetrics.get("voxedge.tunnel.handler.errors").counter().count()).isEqualTo(1.0); // the throw at seq 3, contained
            assertThat(edgeMetrics.get("voxedge.tunnel.link.up").tag("link", "fra1-c1").gauge().value()).isEqualTo(1.0);
            assertThat(edgeMetrics.get("voxedge.tunnel.rtt").tag("link", "fra1-c1").gauge().value()).isPositive();
            assertThat(edgeMetrics.get("voxedge.tunnel.drops").tag("reason", "bad_tag").functionCounter().count()).isZero();
            awaitTrue("nothing in flight", () -> edgeMetrics.get("voxedge.tunnel.inflight").gauge().value() == 0.0,
                    () -> "in flight " + edgeMetrics.get("voxedge.tunnel.inflight").gauge().value());
            assertThat(userAudio).hasSize(200);
        }
    }

    @Test
    void afterStopReceivingNothingIsDeliveredOrAcknowledgedWhileSendingGoesOn() throws Exception {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        SimpleMeterRegistry edgeMetrics = new SimpleMeterRegistry();
        List<Integer> userAudio = new CopyOnWriteArrayList<>();
        List<Integer> agentAudio = new CopyOnWriteArrayList<>();
        AtomicInteger acked = new AtomicInteger(-1);
        try (TunnelEndpoint edge = TunnelEndpoint.bind(any, edgeMetrics, 1_000_000);
                TunnelEndpoint cluster = TunnelEndpoint.bind(any, new SimpleMeterRegistry(), 1_000_000)) {
            TunnelLink edgeLink = edge.addPeer("fra1-c1", cluster.localAddress(), config(LinkRole.EDGE, 100), keys(LinkRole.EDGE),
                    new TunnelListener() {
                        @Override
                        public void onMedia(long s, int st, int seq, int ts, int f, byte[] b, int o, int l) {
                            agentAudio.add(seq);
                        }

                        @Override
                        public void onAcked(long s, int st, int seq) {
                            acked.set(seq);
                        }
                    });
            TunnelLink clusterLink = cluster.addPeer("edge-fra1-h1", edge.localAddress(), config(LinkRole.CLUSTER, 200),
                    keys(LinkRole.CLUSTER), new TunnelListener() {
                        @Override
                        public void onMedia(long s, int st, int seq, int ts, int f, byte[] b, int o, int l) {
                            userAudio.add(seq);
                        }
                    });
            awaitTrue("edge link UP", () -> edge.call(edgeLink::state) == LinkState.UP);
            byte[] opus = new byte[80];
            for (int i = 0; i < 10; i++) {
                int seq = i;
                edge.execute(() -> edgeLink.sendMedia(1, 0, seq, seq * 960, 0, opus, 0, opus.length, true, System.nanoTime()));
            }
            awaitTrue("10 frames delivered and acked", () -> userAudio.size() == 10 && acked.get() == 9,
                    () -> "delivered " + userAudio.size() + ", acked up to " + acked.get());

            cluster.stopReceiving();
            double retransmitsBefore = edgeMetrics.get("voxedge.tunnel.retransmits").functionCounter().count();
            for (int i = 10; i < 20; i++) {
                int seq = i;
                edge.execute(() -> edgeLink.sendMedia(1, 0, seq, seq * 960, 0, opus, 0, opus.length, true, System.nanoTime()));
            }
            for (int i = 0; i < 5; i++) {
                int seq = i;
                cluster.execute(() -> clusterLink.sendMedia(1, 1, seq, seq * 960, 0, opus, 0, opus.length, false, System.nanoTime()));
            }
            awaitTrue("the cluster's frames at the edge", () -> agentAudio.size() >= 1, () -> "none");
            awaitTrue("the edge sending its frames again: unacknowledged",
                    () -> edgeMetrics.get("voxedge.tunnel.retransmits").functionCounter().count() > retransmitsBefore,
                    () -> "no retransmission");
            assertThat(userAudio).as("nothing delivered after stopReceiving").hasSize(10);
            assertThat(acked.get()).as("nothing acknowledged after stopReceiving").isEqualTo(9);
        }
    }

    @Test
    void aStrangersDatagramIsCountedAndDropped() throws Exception {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (TunnelEndpoint cluster = TunnelEndpoint.bind(any, metrics, 1_000_000);
                DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            cluster.addPeer("edge-fra1-h1", new InetSocketAddress(InetAddress.getLoopbackAddress(), 9), config(LinkRole.CLUSTER, 200),
                    keys(LinkRole.CLUSTER), new TunnelListener() { });
            byte[] junk = new byte[64];
            stranger.send(new DatagramPacket(junk, junk.length, cluster.localAddress()));
            awaitTrue("the stranger counted", () -> metrics.get("voxedge.tunnel.unknown.peer").counter().count() == 1.0,
                    () -> "counted " + metrics.get("voxedge.tunnel.unknown.peer").counter().count() + ", sent from "
                            + stranger.getLocalSocketAddress() + " to " + cluster.localAddress());
        }
    }

    @Test
    void handlerErrorsInTheListenerAreCountedNotFatal() throws Exception {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        AtomicInteger delivered = new AtomicInteger();
        try (TunnelEndpoint a = TunnelEndpoint.bind(any, new SimpleMeterRegistry(), 1_000_000);
                TunnelEndpoint b = TunnelEndpoint.bind(any, metrics, 1_000_000)) {
            TunnelLink al = a.addPeer("a", b.localAddress(), config(LinkRole.EDGE, 1), keys(LinkRole.EDGE), new TunnelListener() { });
            b.addPeer("b", a.localAddress(), config(LinkRole.CLUSTER, 1), keys(LinkRole.CLUSTER), new TunnelListener() {
                @Override
                public void onMedia(long s, int st, int seq, int ts, int f, byte[] buf, int o, int l) {
                    delivered.incrementAndGet();
                    if (seq % 2 == 0) {
                        throw new IllegalStateException("listener bug");
                    }
                }
            });
            byte[] p = new byte[10];
            for (int i = 0; i < 10; i++) {
                int seq = i;
                a.call(() -> al.sendMedia(9, 0, seq, 0, 0, p, 0, p.length, true, System.nanoTime()));
            }
            awaitTrue("10 delivered", () -> delivered.get() == 10);
            assertThat(metrics.get("voxedge.tunnel.handler.errors").counter().count()).isEqualTo(5.0);
            a.execute(() -> {
                throw new IllegalStateException("task bug");
            });
            awaitTrue("nothing in flight", () -> a.call(() -> al.inflightFrames()) == 0);
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        awaitTrue(what, condition, () -> "");
    }

    private static void awaitTrue(String what, BooleanSupplier condition, java.util.function.Supplier<String> state)
            throws InterruptedException {
        // Generous: on a loaded 2-core machine the tunnel's 1 ms timer and retransmissions run late.
        for (int i = 0; i < 3000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("%s within 30 s (%s)", what, state.get()).isTrue();
    }
}
