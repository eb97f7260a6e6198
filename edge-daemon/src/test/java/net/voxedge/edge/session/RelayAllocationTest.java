package net.voxedge.edge.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.voxedge.edge.config.EdgeConfig;
import net.voxedge.edge.metrics.EdgeMetrics;
import net.voxedge.edge.relay.Relay;
import net.voxedge.edge.relay.RelayFrame;
import net.voxedge.edge.relay.RelayKeys;
import net.voxedge.edge.relay.RelayMac;
import net.voxedge.edge.testing.AllocationMeter;
import net.voxedge.edge.testing.EdgeFixture;
import net.voxedge.edge.testing.StunCheck;
import net.voxedge.edge.transport.DatagramSender;
import org.junit.jupiter.api.Test;

/**
 * The relay's per-packet paths allocate nothing of their own: a worker driven on its loop with a
 * stand-in sender, as the relaying host (client media to the owner, owner media to the client) and as
 * the owner (a relayed consent check answered through the relay).
 */
class RelayAllocationTest {
    private static final RelayKeys KEYS = RelayKeys.derive(Map.of(0, EdgeFixture.ROUTING_SECRET_0,
            1, EdgeFixture.ROUTING_SECRET_1), 0);

    @Test
    void relayingAndOwnerPathsAllocateNothing() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            EdgeConfig config = EdgeConfig.load(EdgeFixture.config("pop.id", "2", "ice.probeIntervalSeconds", "0",
                    "relay.listen", "127.0.0.3:7000", "relay.peers", "1/1=127.0.0.2:7000"));
            SessionManager manager = new SessionManager(config, new EdgeMetrics());
            NullSender sender = new NullSender(loop);
            MediaWorker worker = onLoop(loop, () -> manager.newWorker(sender));
            manager.mediaReady(List.of(new InetSocketAddress("127.0.0.3", 3478)));
            Relay relay = manager.relay();
            InetSocketAddress peer = new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 7000);
            InetSocketAddress client = new InetSocketAddress(InetAddress.getByName("198.51.100.7"), 50000);
            RelayMac mac = new RelayMac();

            // Relaying host: the owner's binding success binds the client; then both directions.
            byte[] success = new byte[20];
            success[0] = 1;
            success[1] = 1;
            success[4] = 0x21;
            success[5] = 0x12;
            success[6] = (byte) 0xA4;
            success[7] = 0x42;
            byte[] bindFrame = frame(mac, RelayFrame.TYPE_TO_CLIENT, client, success);
            onLoop(loop, () -> {
                worker.onRelayFrame(bindFrame.clone(), bindFrame.length, peer);
                return null;
            });
            assertThat(relay.bindings().size()).isEqualTo(1);
            byte[] rtp = new byte[172];
            rtp[0] = (byte) 0x80;
            rtp[1] = 111;
            byte[] scratch = new byte[2048];
            byte[] toClient = frame(mac, RelayFrame.TYPE_TO_CLIENT, client, rtp);
            double relaying = onLoop(loop, () -> AllocationMeter.bytesPerCall(20_000, () -> {
                System.arraycopy(rtp, 0, scratch, 0, rtp.length);
                worker.onDatagram(scratch, rtp.length, client, 0);
                System.arraycopy(toClient, 0, scratch, 0, toClient.length);
                worker.onRelayFrame(scratch, toClient.length, peer);
            }));
            assertThat(relay.packets(Relay.Leg.TO_OWNER)).isGreaterThanOrEqualTo(40_000);
            assertThat(relay.packets(Relay.Leg.TO_CLIENT)).isGreaterThanOrEqualTo(40_000);
            assertThat(relaying).as("bytes per relayed pair").isLessThan(16);

            // Owner: a session here, checked by a client through peer 1/1 relaying for us.
            var answer = manager.create(EdgeFixture.offer(), "relay-alloc");
            EdgeSession s = manager.registry().byCallId(answer.callId());
            String password = answer.answerSdp().lines().filter(l -> l.startsWith("a=ice-pwd:")).findFirst()
                    .orElseThrow().substring("a=ice-pwd:".length()).trim();
            byte[] check = StunCheck.as(s.localUfrag() + ":" + EdgeFixture.OFFER_UFRAG, password).build();
            byte[] checkFrame = frame(mac, RelayFrame.TYPE_TO_OWNER, client, check);
            long framesBefore = sender.relayFrames.get();
            double owner = onLoop(loop, () -> AllocationMeter.bytesPerCall(20_000, () -> {
                System.arraycopy(checkFrame, 0, scratch, 0, checkFrame.length);
                worker.onRelayFrame(scratch, checkFrame.length, peer);
            }));
            assertThat(relay.routes().size()).isEqualTo(1);
            assertThat(s.selectedViaRelay()).isTrue();
            assertThat(sender.relayFrames.get() - framesBefore).as("one answer per check").isEqualTo(40_000);
            assertThat(owner).as("bytes per relayed check answered").isLessThan(16);
            manager.close();
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private static byte[] frame(RelayMac mac, int type, InetSocketAddress client, byte[] payload) {
        byte[] out = new byte[RelayFrame.MAX_FRAME];
        int h = RelayFrame.writeHeader(out, 0, type, KEYS.currentKeyId(), 0, client.getAddress().getAddress(),
                client.getPort(), payload.length);
        System.arraycopy(payload, 0, out, h, payload.length);
        return Arrays.copyOf(out, mac.seal(KEYS, out, 0, h + payload.length));
    }

    private static <T> T onLoop(EventLoop loop, Callable<T> task) throws Exception {
        return loop.submit(task).get(60, TimeUnit.SECONDS);
    }

    /** Sends nowhere; counts relay frames. */
    private static final class NullSender implements DatagramSender {
        private final EventLoop loop;
        final AtomicLong relayFrames = new AtomicLong();

        NullSender(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public EventLoop loop() {
            return loop;
        }

        @Override
        public void send(int socket, byte[] buf, int off, int len, InetSocketAddress to) {
        }

        @Override
        public boolean sendRelay(byte[] buf, int off, int len, InetSocketAddress to) {
            relayFrames.incrementAndGet();
            return true;
        }

        @Override
        public int socketFor(InetSocketAddress to, int hint) {
            return 0;
        }
    }
}
