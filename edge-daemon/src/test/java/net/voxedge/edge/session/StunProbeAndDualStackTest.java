package net.voxedge.edge.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.voxedge.edge.crypto.HmacSha1;
import net.voxedge.edge.metrics.DropReason;
import net.voxedge.edge.stun.ShortTermCredentialMac;
import net.voxedge.edge.stun.StunMessage;
import net.voxedge.edge.stun.StunMessageClass;
import net.voxedge.edge.stun.StunMessageWriter;
import net.voxedge.edge.stun.StunParseResult;
import net.voxedge.edge.testing.EdgeFixture;
import net.voxedge.edge.testing.StunCheck;
import net.voxedge.edge.testing.StunReply;
import net.voxedge.edge.testing.UdpClient;
import org.junit.jupiter.api.Test;

/**
 * The edge's STUN RTT probes (a lite agent's own Binding requests to a connected client), and the
 * media port on IPv4 and IPv6 at once.
 */
class StunProbeAndDualStackTest {
    /** The recorded offer's ICE password: the key a client's answer to a probe is signed with. */
    private static final String OFFER_PWD = "Xq3v8mVbJ0s2Lk7PzR1dYw4N";

    @Test
    void aConnectedClientIsProbedWithAnAuthenticatedCheckAndItsAnswerGivesAStunRtt() throws Exception {
        try (EdgeFixture edge = EdgeFixture.start("media.workers", "1")) {
            EdgeFixture.Call call = edge.openCall();
            try (UdpClient client = new UdpClient("127.0.0.1", call.media())) {
                probeRoundTrip(edge, call, client);
            }
        }
    }

    private static void probeRoundTrip(EdgeFixture edge, EdgeFixture.Call call, UdpClient client) {
        StunReply ok = client.exchange(StunCheck.as(call.username(), call.password()).nominate().build(), Duration.ofSeconds(2));
        assertThat(ok.type()).isEqualTo(0x0101);

        byte[] probe = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (probe == null && System.nanoTime() < deadline) {
            byte[] d = client.receiveAny(Duration.ofMillis(500));
            if (d != null && StunReply.of(d).type() == 0x0001) {
                probe = d;
            }
        }
        assertThat(probe).as("a Binding request from the edge within 5 s of connecting").isNotNull();
        StunMessage m = new StunMessage();
        assertThat(m.parse(probe, 0, probe.length)).isEqualTo(StunParseResult.OK);
        String username = new String(probe, m.usernameOffset(), m.usernameLength(), StandardCharsets.UTF_8);
        assertThat(username).as("USERNAME is clientUfrag:serverUfrag").isEqualTo(EdgeFixture.OFFER_UFRAG + ":" + call.ufrag());
        assertThat(m.verifyMessageIntegrity(ShortTermCredentialMac.create(OFFER_PWD)))
                .as("signed with the client's password from the offer").isTrue();
        assertThat(m.fingerprintValid()).isTrue();
        assertThat(m.iceControlled()).as("a lite agent is the controlled one").isTrue();

        // A response with the wrong key is not an RTT sample.
        byte[] forged = answer(m, probe, client.localAddress(), ShortTermCredentialMac.create("wrong-password-0123456789"));
        client.send(forged);
        EdgeFixture.await("forged probe answer dropped", Duration.ofSeconds(3),
                () -> edge.metrics().dropCount(DropReason.STUN_RESPONSE_UNMATCHED) == 1);
        client.send(answer(m, probe, client.localAddress(), ShortTermCredentialMac.create(OFFER_PWD)));
        EdgeFixture.await("an RTT sample from the answered probe", Duration.ofSeconds(3),
                () -> edge.metrics().registry().get("voxedge.stun.rtt").timer().count() == 1);
        client.send(answer(m, probe, client.localAddress(), ShortTermCredentialMac.create(OFFER_PWD)));
        EdgeFixture.await("a repeated answer is not a second sample", Duration.ofSeconds(3),
                () -> edge.metrics().dropCount(DropReason.STUN_RESPONSE_UNMATCHED) == 2);
        assertThat(edge.metrics().registry().get("voxedge.stun.rtt").timer().count()).isEqualTo(1);
    }

    @Test
    void oneDaemonServesIpv4AndIpv6ClientsOnTheSameSession() throws Exception {
        try (EdgeFixture edge = EdgeFixture.start("media.bind", "127.0.0.1:0,[::1]:0", "media.workers", "2")) {
            EdgeFixture.Call call = edge.openCall();
            List<InetSocketAddress> candidates = new ArrayList<>();
            for (String line : call.answer().split("\r\n")) {
                if (line.startsWith("a=candidate:")) {
                    String[] f = line.substring("a=candidate:".length()).split(" ");
                    candidates.add(new InetSocketAddress(InetAddress.getByName(f[4]), Integer.parseInt(f[5])));
                }
            }
            assertThat(candidates).as("one host candidate per bound family").hasSize(2);
            assertThat(candidates.get(0).getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(candidates.get(1).getAddress()).isInstanceOf(java.net.Inet6Address.class);
            assertThat(call.answer()).contains("c=IN IP4 127.0.0.1");

            try (UdpClient v4 = new UdpClient("127.0.0.1", candidates.get(0));
                 UdpClient v6 = new UdpClient("::1", candidates.get(1))) {
                StunReply r4 = v4.exchange(StunCheck.as(call.username(), call.password()).build(), Duration.ofSeconds(2));
                StunReply r6 = v6.exchange(StunCheck.as(call.username(), call.password()).build(), Duration.ofSeconds(2));
                assertThat(r4.xorMappedAddress()).isEqualTo(v4.localAddress());
                assertThat(r6.xorMappedAddress()).as("XOR-MAPPED-ADDRESS carries the IPv6 source")
                        .isEqualTo(new InetSocketAddress(InetAddress.getByName("::1"), v6.localAddress().getPort()));
                assertThat(r6.integrityValid(call.password())).isTrue();
                assertThat(r6.fingerprintValid()).isTrue();
                assertThat(edge.daemon().sessions().registry().boundAddresses()).isEqualTo(2);
            }
        }
    }

    private static byte[] answer(StunMessage probe, byte[] probeBytes, InetSocketAddress self, HmacSha1 key) {
        assertThat(probe.messageClass()).isEqualTo(StunMessageClass.REQUEST);
        byte[] out = new byte[256];
        int n = new StunMessageWriter().writeBindingSuccess(out, 0, probeBytes, probe.transactionIdOffset(),
                self.getAddress().getAddress(), self.getPort(), key);
        return java.util.Arrays.copyOf(out, n);
    }
}
