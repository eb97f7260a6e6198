package net.voxedge.edge.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import net.voxedge.edge.config.EdgeConfig;
import net.voxedge.edge.metrics.DropReason;
import net.voxedge.edge.testing.EdgeFixture;
import net.voxedge.edge.testing.StunCheck;
import net.voxedge.edge.testing.UdpClient;
import net.voxedge.edge.token.RoutingToken;
import net.voxedge.edge.token.RoutingTokenCodec;
import net.voxedge.edge.token.TokenVerdict;
import org.junit.jupiter.api.Test;

/** Routing keys rotate on a running daemon: new tokens use the new key, old ones verify until their key is retired. */
class RoutingKeyReloadTest {

    @Test
    void newSessionsSignWithTheNewKeyAndARetiredKeyNoLongerRoutes() throws Exception {
        try (EdgeFixture edge = EdgeFixture.start("routing.keys", "0:" + HexFormat.of().formatHex(EdgeFixture.ROUTING_SECRET_0),
                "routing.currentKeyId", "0")) {
            EdgeFixture.Call before = edge.openCall();
            assertThat(keyIdOf(before.ufrag())).isZero();

            String both = "0:" + HexFormat.of().formatHex(EdgeFixture.ROUTING_SECRET_0) + ",1:"
                    + HexFormat.of().formatHex(EdgeFixture.ROUTING_SECRET_1);
            edge.daemon().sessions().reloadRoutingKeys(EdgeConfig.load(EdgeFixture.config("routing.keys", both, "routing.currentKeyId", "1")));
            EdgeFixture.Call after = edge.openCall();
            assertThat(keyIdOf(after.ufrag())).as("new tokens are signed with the new current key").isEqualTo(1);

            try (UdpClient a = new UdpClient("127.0.0.2", before.media()); UdpClient b = new UdpClient("127.0.0.3", after.media())) {
                assertThat(a.exchange(StunCheck.as(before.username(), before.password()).build(), Duration.ofSeconds(2)).type())
                        .as("a token under the old key still routes while the key is listed").isEqualTo(0x0101);
                assertThat(b.exchange(StunCheck.as(after.username(), after.password()).build(), Duration.ofSeconds(2)).type())
                        .isEqualTo(0x0101);
            }

            edge.daemon().sessions().reloadRoutingKeys(EdgeConfig.load(EdgeFixture.config(
                    "routing.keys", "1:" + HexFormat.of().formatHex(EdgeFixture.ROUTING_SECRET_1), "routing.currentKeyId", "1")));
            double unknownBefore = edge.metrics().dropCount(DropReason.TOKEN_UNKNOWN_KEY);
            try (UdpClient fresh = new UdpClient("127.0.0.4", before.media())) {
                fresh.send(StunCheck.as(before.username(), before.password()).build());
                assertThat(fresh.receive(Duration.ofMillis(300))).as("a retired key routes nothing from a new address").isNull();
            }
            EdgeFixture.await("counted as unknown key", Duration.ofSeconds(2),
                    () -> edge.metrics().dropCount(DropReason.TOKEN_UNKNOWN_KEY) == unknownBefore + 1);
        }
    }

    private static int keyIdOf(String ufrag) {
        RoutingToken t = new RoutingToken();
        byte[] b = ufrag.getBytes(StandardCharsets.US_ASCII);
        TokenVerdict v = new RoutingTokenCodec(EdgeFixture.routingKeys()).verify(b, 0, b.length, System.currentTimeMillis() / 1000, t);
        assertThat(v).isEqualTo(TokenVerdict.OK);
        return t.keyId();
    }
}
