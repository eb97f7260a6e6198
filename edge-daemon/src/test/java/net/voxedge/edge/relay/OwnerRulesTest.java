package net.voxedge.edge.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import net.voxedge.edge.backbone.WebRtcTestPeer;
import net.voxedge.edge.metrics.DropReason;
import net.voxedge.edge.session.EdgeSession;
import net.voxedge.edge.stun.StunMessage;
import net.voxedge.edge.stun.StunParseResult;
import net.voxedge.edge.testing.EdgeFixture;
import net.voxedge.edge.testing.StunCheck;
import net.voxedge.edge.token.RoutingTokenCodec;
import org.junit.jupiter.api.Test;

/**
 * The owner's side, against a real daemon (pop 1) whose relay peer (pop 2) is this test's socket: a relayed
 * client is kept apart from a direct one with the same address, replies go back as frames with the real
 * address in XOR-MAPPED-ADDRESS, and a relayed request is never relayed again.
 */
class OwnerRulesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final RelayKeys KEYS = RelayKeys.derive(Map.of(0, EdgeFixture.ROUTING_SECRET_0,
            1, EdgeFixture.ROUTING_SECRET_1), 0);
    private final RelayMac mac = new RelayMac();
    private final RelayFrame frame = new RelayFrame();

    @Test
    void aRelayedAddressNeverHijacksTheDirectOne() throws Exception {
        InetAddress relayerIp = InetAddress.getByName("127.0.0.3");
        int relayA = CrossHostRelayTest.freeUdpPort("127.0.0.2");
        try (DatagramSocket relayer = new DatagramSocket(new InetSocketAddress(relayerIp, 0));
             EdgeFixture a = CrossHostRelayTest.edge(1, "127.0.0.2", relayA, "2/1=127.0.0.3:" + relayer.getLocalPort());
             WebRtcTestPeer peer = WebRtcTestPeer.connect(a, null)) {
            relayer.setSoTimeout((int) WAIT.toMillis());
            InetSocketAddress aRelay = new InetSocketAddress(InetAddress.getByName("127.0.0.2"), relayA);
            InetSocketAddress client = peer.localAddress();
            Relay relay = a.daemon().sessions().relay();
            EdgeSession s = a.daemon().sessions().registry().snapshot().get(0);
            assertThat(s.selectedViaRelay()).isFalse();
            CrossHostRelayTest.awaitKeys(a);
            for (int i = 0; i < 5; i++) {
                peer.sendAudio(i, 960L * i, WebRtcTestPeer.QUIET, WebRtcTestPeer.userPayload(i));
            }
            EdgeFixture.await("direct echo", WAIT, () -> peer.received().size() >= 5);

            // Media claiming the direct client's address through the relay: no route, dropped.
            byte[] rtp = new byte[60];
            rtp[0] = (byte) 0x80;
            rtp[1] = 111;
            send(relayer, toOwner(client, rtp), aRelay);
            EdgeFixture.await("relayed media without a route dropped", WAIT,
                    () -> a.metrics().dropCount(DropReason.RELAY_UNKNOWN_ROUTE) >= 1);

            // A valid check through the relay from the same address: answered through the relay, as a separate
            // address of the session; the direct path stays selected.
            String username = peer.answerUfrag + ":" + EdgeFixture.OFFER_UFRAG;
            byte[] check = StunCheck.as(username, peer.answerPwd).build();
            send(relayer, toOwner(client, check), aRelay);
            byte[] f = receive(relayer);
            assertThat(frame.parse(f, 0, f.length)).isEqualTo(RelayFrameResult.OK);
            assertThat(mac.verify(KEYS, f, 0, f.length)).isTrue();
            assertThat(frame.type()).isEqualTo(RelayFrame.TYPE_TO_CLIENT);
            assertThat(frame.port()).isEqualTo(client.getPort());
            assertThat(frame.socket()).isEqualTo(0);
            StunMessage reply = new StunMessage();
            assertThat(reply.parse(f, frame.payloadOffset(), frame.payloadLength())).isEqualTo(StunParseResult.OK);
            assertThat(reply.method()).isEqualTo(StunMessage.METHOD_BINDING);
            byte[] ip = new byte[16];
            int ipLen = reply.xorMappedAddress(ip, 0);
            assertThat(Arrays.copyOf(ip, ipLen)).isEqualTo(client.getAddress().getAddress());
            assertThat(reply.xorMappedPort()).isEqualTo(client.getPort());
            assertThat(relay.routes().size()).isEqualTo(1);
            assertThat(relay.routes().get(0).authenticated()).as("the session accepted the relayed check").isTrue();
            assertThat(s.selectedViaRelay()).isFalse();
            assertThat(a.daemon().sessions().registry().byAddress(client)).isSameAs(s);

            for (int i = 5; i < 10; i++) {
                peer.sendAudio(i, 960L * i, WebRtcTestPeer.QUIET, WebRtcTestPeer.userPayload(i));
            }
            EdgeFixture.await("direct echo after the relayed check", WAIT, () -> peer.received().size() >= 10);
            assertThat(peer.received().get(9).payload()).isEqualTo(WebRtcTestPeer.userPayload(9));

            // A relayed request whose token names yet another host is never relayed again.
            String other = new RoutingTokenCodec(EdgeFixture.routingKeys()).mint(2, 1, 7,
                    System.currentTimeMillis() / 1000 + 600);
            send(relayer, toOwner(client, StunCheck.as(other + ":abcd", "pwd-0123456789abcdef").build()), aRelay);
            EdgeFixture.await("relay loop dropped", WAIT, () -> a.metrics().dropCount(DropReason.RELAY_LOOP) >= 1);
            // A frame with a wrong tag from the right peer: dropped before anything else.
            byte[] bad = toOwner(client, check);
            bad[bad.length - 1] ^= 1;
            send(relayer, bad, aRelay);
            EdgeFixture.await("bad tag dropped", WAIT, () -> a.metrics().dropCount(DropReason.RELAY_BAD_TAG) >= 1);
        }
    }

    private byte[] toOwner(InetSocketAddress client, byte[] payload) {
        byte[] out = new byte[RelayFrame.MAX_FRAME];
        int h = RelayFrame.writeHeader(out, 0, RelayFrame.TYPE_TO_OWNER, KEYS.currentKeyId(), 0,
                client.getAddress().getAddress(), client.getPort(), payload.length);
        System.arraycopy(payload, 0, out, h, payload.length);
        return Arrays.copyOf(out, mac.seal(KEYS, out, 0, h + payload.length));
    }

    private static void send(DatagramSocket s, byte[] b, InetSocketAddress to) throws Exception {
        s.send(new DatagramPacket(b, b.length, to));
    }

    private static byte[] receive(DatagramSocket s) throws Exception {
        byte[] buf = new byte[4096];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return Arrays.copyOf(buf, p.getLength());
    }
}
