package net.voxedge.loadgen.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Random;
import javax.crypto.Mac;
import net.voxedge.loadgen.EchoPayload;

class TurnMessageFuzzTest {
    private final TurnMessage m = new TurnMessage();
    private final Mac mac = TurnMessage.longTermMac("u", new byte[] {'r'}, "p");

    /** Whatever a TURN server (or anyone) sends: no exception; accessors consistent with the result. */
    @FuzzTest
    void anyDatagramIsReadOrRefused(FuzzedDataProvider data) {
        byte[] b = data.consumeRemainingAsBytes();
        TurnMessage.Result r = m.parse(b, 0, b.length);
        if (r == TurnMessage.Result.OK) {
            assertThat(m.method()).isBetween(0, 0xFFF);
            assertThat(m.messageClass()).isBetween(0, 3);
            if (m.hasRelayedAddress()) {
                assertThat(m.relayedIp()).hasSize(4);
                assertThat(m.relayedPort()).isBetween(0, 0xFFFF);
            }
            if (m.dataOffset() >= 0) {
                assertThat(m.dataOffset() + m.dataLength()).isLessThanOrEqualTo(b.length);
            }
            m.verifyIntegrity(mac);
            m.fingerprintValid();
            m.realm();
            m.nonce();
        } else {
            assertThat(m.method()).isEqualTo(-1);
            assertThat(m.hasMessageIntegrity()).isFalse();
        }
        int ch = ChannelData.channel(b, 0, b.length);
        if (ch >= 0) {
            assertThat(ChannelData.HEADER + ChannelData.dataLength(b, 0)).isLessThanOrEqualTo(b.length);
        }
        EchoPayload.read(b, 0, b.length);
        TurnClient c = new TurnClient("u", "p", new byte[] {127, 0, 0, 1}, 3480, 0x4000, new Random(1));
        assertThat(c.onMessage(b, 0, b.length)).isNotNull();
    }
}
