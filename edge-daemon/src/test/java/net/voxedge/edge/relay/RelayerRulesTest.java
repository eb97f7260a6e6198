package net.voxedge.edge.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import net.voxedge.edge.metrics.DropReason;
import net.voxedge.edge.testing.EdgeFixture;
import net.voxedge.edge.testing.StunCheck;
import net.voxedge.edge.token.RoutingTokenCodec;
import org.junit.jupiter.api.Test;

/**
 * The relaying host's rules, against a real daemon (pop 2) whose one relay peer (pop 1) is this test's own
 * socket: what reaches the "owner" is exactly what the rules allow, and what reaches the client only what
 * the owner sent after authenticating it.
 */
class RelayerRulesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final RelayKeys KEYS = RelayKeys.derive(Map.of(0, EdgeFixture.ROUTING_SECRET_0,
            1, EdgeFixture.ROUTING_SECRET_1), 0);
    private final RelayMac mac = new RelayMac();
    private final RelayFrame frame = new RelayFrame();

    @Test
    void forwardsOnlyVerifiedTokensAndOwnerAuthenticatedClients() throws Exception {
        InetAddress ownerIp = InetAddress.getByName("127.0.0.2");
        int relayB = CrossHostRelayTest.freeUdpPort("127.0.0.3");
        try (DatagramSocket owner = new DatagramSocket(new InetSocketAddress(ownerIp, 0));
             DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(ownerIp, 0));
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             DatagramSocket other = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             EdgeFixture b = CrossHostRelayTest.edge(2, "127.0.0.3", relayB, "1/1=127.0.0.2:" + owner.getLocalPort(),
                     "media.workers", "1")) {
            owner.setSoTimeout((int) WAIT.toMillis());
            client.setSoTimeout((int) WAIT.toMillis());
            InetSocketAddress bMedia = b.daemon().transport().boundAddresses().get(0);
            InetSocketAddress bRelay = new InetSocketAddress(InetAddress.getByName("127.0.0.3"), relayB);
            Relay relay = b.daemon().sessions().relay();
            RoutingTokenCodec codec = new RoutingTokenCodec(EdgeFixture.routingKeys());
            long expires = System.currentTimeMillis() / 1000 + 600;
            String tokenPop1 = codec.mint(1, 1, 42, expires);
            InetSocketAddress clientAddr = (InetSocketAddress) client.getLocalSocketAddress();

            // (a) A binding request with a verified token naming the peer goes to it, untouched, with the
            // client's address and the media socket it used.
            byte[] check = StunCheck.as(tokenPop1 + ":abcd", "client-password-0123456789").build();
            send(client, check, bMedia);
            byte[] f = receive(owner);
            assertThat(frame.parse(f, 0, f.length)).isEqualTo(RelayFrameResult.OK);
            assertThat(mac.verify(KEYS, f, 0, f.length)).isTrue();
            assertThat(frame.type()).isEqualTo(RelayFrame.TYPE_TO_OWNER);
            assertThat(frame.socket()).isZero();
            assertThat(Arrays.copyOf(frame.ip(), frame.ipLength())).isEqualTo(clientAddr.getAddress().getAddress());
            assertThat(frame.port()).isEqualTo(clientAddr.getPort());
            assertThat(payload(f)).isEqualTo(check);
            assertThat(relay.bindings().size()).as("a forwarded request binds nothing").isZero();

            // Not forwarded: a token with a bad MAC, a token naming a host that is no peer, and non-STUN from
            // the client the owner has not answered yet.
            char last = tokenPop1.charAt(tokenPop1.length() - 1);
            String forged = tokenPop1.substring(0, tokenPop1.length() - 1) + (last == 'A' ? 'B' : 'A');
            double badMac = b.metrics().dropCount(DropReason.TOKEN_BAD_MAC) + b.metrics().dropCount(DropReason.TOKEN_MALFORMED);
            send(client, StunCheck.as(forged + ":abcd", "client-password-0123456789").build(), bMedia);
            EdgeFixture.await("forged token dropped", WAIT, () -> b.metrics().dropCount(DropReason.TOKEN_BAD_MAC)
                    + b.metrics().dropCount(DropReason.TOKEN_MALFORMED) > badMac);
            send(client, StunCheck.as(codec.mint(3, 1, 42, expires) + ":abcd", "client-password-0123456789").build(), bMedia);
            EdgeFixture.await("token for a non-peer dropped", WAIT, () -> b.metrics().dropCount(DropReason.RELAY_NO_PEER) >= 1);
            send(client, rtp(1), bMedia);
            EdgeFixture.await("unbound client's RTP dropped", WAIT, () -> b.metrics().dropCount(DropReason.UNKNOWN_SOURCE) >= 1);
            assertThat(relay.packets(Relay.Leg.TO_OWNER)).isEqualTo(1);

            // Owner side: frames from anyone but the peer, with a bad tag, or for an unbound client are dropped.
            send(stranger, toClient(clientAddr, rtp(2)), bRelay);
            EdgeFixture.await("stranger's frame dropped", WAIT, () -> b.metrics().dropCount(DropReason.RELAY_UNKNOWN_PEER) >= 1);
            byte[] badTag = toClient(clientAddr, stunSuccess());
            badTag[badTag.length - 1] ^= 1;
            send(owner, badTag, bRelay);
            EdgeFixture.await("bad tag dropped", WAIT, () -> b.metrics().dropCount(DropReason.RELAY_BAD_TAG) >= 1);
            send(owner, toClient(clientAddr, rtp(3)), bRelay);
            EdgeFixture.await("unbound client frame dropped", WAIT,
                    () -> b.metrics().dropCount(DropReason.RELAY_UNBOUND_CLIENT) >= 1);
            byte[] garbage = {1, 2, 3};
            send(owner, garbage, bRelay);
            EdgeFixture.await("malformed frame dropped", WAIT, () -> b.metrics().dropCount(DropReason.RELAY_MALFORMED) >= 1);
            assertThat(relay.bindings().size()).isZero();

            // (b) The owner's binding success binds the client: the client gets it (and nothing dropped above).
            byte[] success = stunSuccess();
            send(owner, toClient(clientAddr, success), bRelay);
            byte[] got = receive(client);
            assertThat(got).isEqualTo(success);
            assertThat(relay.bindings().size()).isEqualTo(1);

            // Now the client's media goes to the owner (and the first frame since the request is this one:
            // nothing refused above was forwarded late), and the owner's to the client.
            byte[] media = rtp(4);
            send(client, media, bMedia);
            f = receive(owner);
            assertThat(frame.parse(f, 0, f.length)).isEqualTo(RelayFrameResult.OK);
            assertThat(payload(f)).isEqualTo(media);
            byte[] back = rtp(5);
            send(owner, toClient(clientAddr, back), bRelay);
            assertThat(receive(client)).isEqualTo(back);

            // Another address is still nobody: dropped, never forwarded.
            double unknown = b.metrics().dropCount(DropReason.UNKNOWN_SOURCE);
            send(other, rtp(6), bMedia);
            EdgeFixture.await("other address's RTP dropped", WAIT,
                    () -> b.metrics().dropCount(DropReason.UNKNOWN_SOURCE) > unknown);
            assertThat(relay.packets(Relay.Leg.TO_OWNER)).isEqualTo(2);
            assertThat(relay.packets(Relay.Leg.TO_CLIENT)).isEqualTo(2);
        }
    }

    private byte[] payload(byte[] f) {
        return Arrays.copyOfRange(f, frame.payloadOffset(), frame.payloadOffset() + frame.payloadLength());
    }

    private byte[] toClient(InetSocketAddress client, byte[] payload) {
        byte[] out = new byte[RelayFrame.MAX_FRAME];
        int h = RelayFrame.writeHeader(out, 0, RelayFrame.TYPE_TO_CLIENT, KEYS.currentKeyId(), 0,
                client.getAddress().getAddress(), client.getPort(), payload.length);
        System.arraycopy(payload, 0, out, h, payload.length);
        return Arrays.copyOf(out, mac.seal(KEYS, out, 0, h + payload.length));
    }

    private static byte[] stunSuccess() {
        byte[] s = new byte[20];
        s[0] = 0x01;
        s[1] = 0x01;
        s[4] = 0x21;
        s[5] = 0x12;
        s[6] = (byte) 0xA4;
        s[7] = 0x42;
        byte[] tid = new byte[12];
        ThreadLocalRandom.current().nextBytes(tid);
        System.arraycopy(tid, 0, s, 8, 12);
        return s;
    }

    private static byte[] rtp(int seq) {
        byte[] p = new byte[60];
        p[0] = (byte) 0x80;
        p[1] = 111;
        p[3] = (byte) seq;
        p[20] = (byte) seq;
        return p;
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
