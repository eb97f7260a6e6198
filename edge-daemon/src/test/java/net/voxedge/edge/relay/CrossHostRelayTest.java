package net.voxedge.edge.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.voxedge.edge.backbone.WebRtcTestPeer;
import net.voxedge.edge.metrics.DropReason;
import net.voxedge.edge.session.EdgeSession;
import net.voxedge.edge.stun.StunMessage;
import net.voxedge.edge.stun.StunParseResult;
import net.voxedge.edge.testing.EdgeFixture;
import net.voxedge.edge.testing.StunCheck;
import org.junit.jupiter.api.Test;

/**
 * Two real edge daemons on loopback: the call is created at A (pop 1, 127.0.0.2), the client sends all its
 * media to B (pop 2, 127.0.0.3) only, and B relays to A. ICE, DTLS and the SRTP echo must work end to end
 * through B, with the client's real address in XOR-MAPPED-ADDRESS; forged tokens and unknown tuples must
 * not be relayed; without relay settings B drops as before.
 */
class CrossHostRelayTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    static int freeUdpPort(String ip) throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip), 0))) {
            return s.getLocalPort();
        }
    }

    static EdgeFixture edge(int pop, String ip, int relayPort, String peers, String... more) throws Exception {
        String[] base = {"pop.id", Integer.toString(pop), "pop.name", "pop" + pop, "media.bind", ip + ":0",
                "relay.listen", ip + ":" + relayPort, "relay.peers", peers};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return EdgeFixture.start(all);
    }

    static void awaitKeys(EdgeFixture f) {
        EdgeFixture.await("the owner's DTLS handshake done", WAIT,
                () -> f.metrics().registry().find("voxedge.dtls.handshake").timer().count() >= 1);
    }

    private static Map<DropReason, Double> nonZero(EdgeFixture f) {
        Map<DropReason, Double> m = new java.util.EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            if (f.metrics().dropCount(r) > 0) {
                m.put(r, f.metrics().dropCount(r));
            }
        }
        return m;
    }

    @Test
    void callCreatedAtAWorksWithAllMediaSentToB() throws Exception {
        int relayA = freeUdpPort("127.0.0.2");
        int relayB = freeUdpPort("127.0.0.3");
        try (EdgeFixture a = edge(1, "127.0.0.2", relayA, "2/1=127.0.0.3:" + relayB);
             EdgeFixture b = edge(2, "127.0.0.3", relayB, "1/1=127.0.0.2:" + relayA)) {
            InetSocketAddress bMedia = b.daemon().transport().boundAddresses().get(0);
            Map<DropReason, Double> bDropsBefore = b.drops();
            try (WebRtcTestPeer peer = WebRtcTestPeer.connect(a, bMedia)) {
                // ICE answered through B, with the client's real address (not B's, not a route key).
                StunMessage reply = new StunMessage();
                assertThat(reply.parse(peer.bindingResponse, 0, peer.bindingResponse.length)).isEqualTo(StunParseResult.OK);
                byte[] ip = new byte[16];
                int ipLen = reply.xorMappedAddress(ip, 0);
                assertThat(InetAddress.getByAddress(java.util.Arrays.copyOf(ip, ipLen)))
                        .isEqualTo(peer.localAddress().getAddress());
                assertThat(reply.xorMappedPort()).isEqualTo(peer.localAddress().getPort());

                // The edge publishes the SRTP keys just after its last DTLS flight left (a known start-up race that
                // a fast client can lose a first packet to, relayed or not): wait for them, so that every frame counts.
                awaitKeys(a);
                int frames = 40;
                for (int i = 0; i < frames; i++) {
                    peer.sendAudio(1000 + i, 960L * i, WebRtcTestPeer.QUIET, WebRtcTestPeer.userPayload(i));
                }
                try {
                    EdgeFixture.await("echo of every frame through B", WAIT, () -> peer.received().size() >= frames);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + ": " + peer.received().size() + " received; drops at A "
                            + nonZero(a) + ", at B " + nonZero(b) + ", B relayed " + b.daemon().sessions().relay()
                            .packets(Relay.Leg.TO_OWNER) + " to A, " + b.daemon().sessions().relay().packets(Relay.Leg.TO_CLIENT)
                            + " back", e);
                }
                List<WebRtcTestPeer.Received> got = peer.received();
                for (int i = 0; i < frames; i++) {
                    assertThat(got.get(i).payload()).as("echo %d", i).isEqualTo(WebRtcTestPeer.userPayload(i));
                }

                // A owns the session, reached through the relay; B has no session, only a relay binding.
                assertThat(a.daemon().sessions().registry().size()).isEqualTo(1);
                EdgeSession s = a.daemon().sessions().registry().snapshot().get(0);
                assertThat(s.selectedViaRelay()).isTrue();
                assertThat(s.selectedAddress()).isEqualTo(peer.localAddress());
                assertThat(b.daemon().sessions().registry().size()).isZero();
                Relay relayAtB = b.daemon().sessions().relay();
                Relay relayAtA = a.daemon().sessions().relay();
                assertThat(relayAtB.bindings().size()).isEqualTo(1);
                assertThat(relayAtB.packets(Relay.Leg.TO_OWNER)).isGreaterThanOrEqualTo(frames + 1);
                assertThat(relayAtB.packets(Relay.Leg.TO_CLIENT)).isGreaterThanOrEqualTo(frames + 1);
                assertThat(relayAtA.routes().size()).isEqualTo(1);
                assertThat(relayAtA.packets(Relay.Leg.OWNER_IN)).isEqualTo(relayAtB.packets(Relay.Leg.TO_OWNER));
                assertThat(b.dropsSince(bDropsBefore)).isEmpty();
                assertThat(a.metrics().dropCount(DropReason.RELAY_BAD_TAG) + a.metrics().dropCount(DropReason.RELAY_UNKNOWN_PEER)).isZero();

                // Forged routing tokens at B: counted, never relayed.
                double relayedBefore = relayAtB.packets(Relay.Leg.TO_OWNER);
                String token = peer.answerUfrag;
                char last = token.charAt(token.length() - 1);
                String forged = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
                byte[] forgedCheck = StunCheck.as(forged + ":" + EdgeFixture.OFFER_UFRAG, "irrelevant-password-0123").build();
                peer.sendRaw(forgedCheck, forgedCheck.length);
                EdgeFixture.await("forged token counted at B", WAIT, () -> b.metrics().dropCount(DropReason.TOKEN_BAD_MAC)
                        + b.metrics().dropCount(DropReason.TOKEN_MALFORMED) >= 1);
                assertThat(relayAtB.packets(Relay.Leg.TO_OWNER)).isEqualTo(relayedBefore);
            }
            // A non-STUN datagram from a tuple nobody authenticated: dropped at B, not relayed.
            double relayedBefore = b.daemon().sessions().relay().packets(Relay.Leg.TO_OWNER);
            try (DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                byte[] rtp = new byte[40];
                rtp[0] = (byte) 0x80;
                rtp[1] = 111;
                double unknownBefore = b.metrics().dropCount(DropReason.UNKNOWN_SOURCE);
                stranger.send(new java.net.DatagramPacket(rtp, rtp.length, bMedia));
                EdgeFixture.await("stranger's RTP dropped", WAIT, () -> b.metrics().dropCount(DropReason.UNKNOWN_SOURCE) > unknownBefore);
            }
            assertThat(b.daemon().sessions().relay().packets(Relay.Leg.TO_OWNER)).isEqualTo(relayedBefore);
        }
    }

    @Test
    void anIpv6ClientOnTheRelayersSecondSocketIsRelayedWithItsOwnAddress() throws Exception {
        int relayA = freeUdpPort("127.0.0.2");
        int relayB = freeUdpPort("127.0.0.3");
        try (EdgeFixture a = edge(1, "127.0.0.2", relayA, "2/1=127.0.0.3:" + relayB);
             EdgeFixture b = edge(2, "127.0.0.3", relayB, "1/1=127.0.0.2:" + relayA, "media.bind", "127.0.0.3:0,[::1]:0")) {
            InetSocketAddress bV6 = b.daemon().transport().boundAddresses().get(1);
            assertThat(bV6.getAddress()).isInstanceOf(java.net.Inet6Address.class);
            try (WebRtcTestPeer peer = WebRtcTestPeer.connect(a, bV6)) {
                StunMessage reply = new StunMessage();
                assertThat(reply.parse(peer.bindingResponse, 0, peer.bindingResponse.length)).isEqualTo(StunParseResult.OK);
                byte[] ip = new byte[16];
                assertThat(reply.xorMappedAddress(ip, 0)).isEqualTo(16);
                assertThat(InetAddress.getByAddress(ip)).isEqualTo(peer.localAddress().getAddress());
                assertThat(reply.xorMappedPort()).isEqualTo(peer.localAddress().getPort());
                awaitKeys(a);
                for (int i = 0; i < 20; i++) {
                    peer.sendAudio(i, 960L * i, WebRtcTestPeer.QUIET, WebRtcTestPeer.userPayload(i));
                }
                EdgeFixture.await("echo of every frame through B's IPv6 socket", WAIT, () -> peer.received().size() >= 20);
                for (int i = 0; i < 20; i++) {
                    assertThat(peer.received().get(i).payload()).isEqualTo(WebRtcTestPeer.userPayload(i));
                }
                EdgeSession s = a.daemon().sessions().registry().snapshot().get(0);
                assertThat(s.selectedAddress()).isEqualTo(peer.localAddress());
                RelayBinding binding = b.daemon().sessions().relay().bindings().byClient(peer.localAddress());
                assertThat(binding).isNotNull();
                assertThat(binding.socket()).as("the relayer answers from the socket the client used").isEqualTo(1);
            }
        }
    }

    @Test
    void withoutRelaySettingsTheOtherHostsTokenIsDroppedAsBefore() throws Exception {
        try (EdgeFixture a = EdgeFixture.start("pop.id", "1", "pop.name", "one", "media.bind", "127.0.0.2:0");
             EdgeFixture b = EdgeFixture.start("pop.id", "2", "pop.name", "two", "media.bind", "127.0.0.3:0")) {
            EdgeFixture.Call call = a.openCall();
            InetSocketAddress bMedia = b.daemon().transport().boundAddresses().get(0);
            try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                byte[] check = StunCheck.as(call.username(), call.password()).nominate().build();
                client.send(new java.net.DatagramPacket(check, check.length, bMedia));
                EdgeFixture.await("token_other_host at B", WAIT, () -> b.metrics().dropCount(DropReason.TOKEN_OTHER_HOST) >= 1);
            }
            assertThat(b.daemon().sessions().relay()).isNull();
            assertThat(a.metrics().packetsIn(net.voxedge.edge.metrics.PacketClassLabel.STUN)).isZero();
        }
    }
}
