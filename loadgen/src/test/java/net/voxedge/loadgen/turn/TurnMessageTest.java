package net.voxedge.loadgen.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TurnMessageTest {
    /** RFC 5769 §2.2: sample IPv4 response (short-term password "VOkJxbRl1RmTxUk/WvJxBt"). */
    static final byte[] RFC5769_RESPONSE = HexFormat.of().parseHex(
            "0101003c2112a442b7e7a701bc34d686fa87dfae"
                    + "8022000b7465737420766563746f7220"
                    + "002000080001a147e112a643"
                    + "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7"
                    + "80280004c07d4c96");

    @Test
    void readsTheRfc5769SampleResponse() throws Exception {
        TurnMessage m = new TurnMessage();
        assertThat(m.parse(RFC5769_RESPONSE, 0, RFC5769_RESPONSE.length)).isEqualTo(TurnMessage.Result.OK);
        assertThat(m.method()).isEqualTo(1); // Binding
        assertThat(m.isSuccess()).isTrue();
        assertThat(m.fingerprintValid()).isTrue();
        assertThat(m.hasTransactionId(HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae"))).isTrue();
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec("VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        assertThat(m.verifyIntegrity(mac)).isTrue();
        byte[] tampered = RFC5769_RESPONSE.clone();
        tampered[45] ^= 1; // inside XOR-MAPPED-ADDRESS
        assertThat(m.parse(tampered, 0, tampered.length)).isEqualTo(TurnMessage.Result.OK);
        assertThat(m.verifyIntegrity(mac)).isFalse();
        assertThat(m.fingerprintValid()).isFalse();
    }

    @Test
    void writtenRequestsReadBackWithValidIntegrityAndFingerprint() {
        byte[] tid = HexFormat.of().parseHex("0102030405060708090a0b0c");
        byte[] realm = "bench".getBytes(StandardCharsets.UTF_8);
        byte[] nonce = "abcdefg".getBytes(StandardCharsets.UTF_8);
        Mac mac = TurnMessage.longTermMac("user", realm, "pass");
        byte[] out = new byte[512];
        int n = new TurnRequestWriter().begin(out, 0, TurnMessage.METHOD_CHANNEL_BIND, tid)
                .channelNumber(0x4001).xorPeerAddress(new byte[] {127, 0, 0, 1}, 3480)
                .credentials("user", realm, nonce).finish(mac);
        TurnMessage m = new TurnMessage();
        assertThat(m.parse(out, 0, n)).isEqualTo(TurnMessage.Result.OK);
        assertThat(m.method()).isEqualTo(TurnMessage.METHOD_CHANNEL_BIND);
        assertThat(m.messageClass()).isZero();
        assertThat(m.hasTransactionId(tid)).isTrue();
        assertThat(m.realm()).isEqualTo(realm);
        assertThat(m.nonce()).isEqualTo(nonce);
        assertThat(m.verifyIntegrity(TurnMessage.longTermMac("user", realm, "pass"))).isTrue();
        assertThat(m.verifyIntegrity(TurnMessage.longTermMac("user", realm, "wrong"))).isFalse();
        assertThat(m.fingerprintValid()).isTrue();
    }

    @Test
    void theLongTermKeyIsMd5OfUserRealmPassword() throws Exception {
        // RFC 8489 §9.2.2: key = MD5(username ":" realm ":" password).
        byte[] key = java.security.MessageDigest.getInstance("MD5").digest("u:r:p".getBytes(StandardCharsets.UTF_8));
        Mac expected = Mac.getInstance("HmacSHA1");
        expected.init(new SecretKeySpec(key, "HmacSHA1"));
        byte[] msg = "anything".getBytes(StandardCharsets.UTF_8);
        assertThat(TurnMessage.longTermMac("u", "r".getBytes(StandardCharsets.UTF_8), "p").doFinal(msg))
                .isEqualTo(expected.doFinal(msg));
    }

    @Test
    void refusesTruncatedOverrunningAndForeignInput() {
        TurnMessage m = new TurnMessage();
        assertThat(m.parse(RFC5769_RESPONSE, 0, 19)).isEqualTo(TurnMessage.Result.TOO_SHORT);
        assertThat(m.parse(RFC5769_RESPONSE, 0, RFC5769_RESPONSE.length - 4)).isEqualTo(TurnMessage.Result.BAD_LENGTH);
        byte[] overrun = RFC5769_RESPONSE.clone();
        overrun[22] = 0x7F; // SOFTWARE's length runs past the end
        assertThat(m.parse(overrun, 0, overrun.length)).isEqualTo(TurnMessage.Result.ATTRIBUTE_OVERRUN);
        byte[] rtp = RFC5769_RESPONSE.clone();
        rtp[0] = (byte) 0x80;
        assertThat(m.parse(rtp, 0, rtp.length)).isEqualTo(TurnMessage.Result.NOT_STUN);
        assertThat(m.parse(null, 0, 10)).isEqualTo(TurnMessage.Result.TOO_SHORT);
        assertThat(m.parse(RFC5769_RESPONSE, 10, RFC5769_RESPONSE.length)).isEqualTo(TurnMessage.Result.TOO_SHORT);
        assertThat(m.method()).isEqualTo(-1);
        assertThat(m.relayedIp()).isNull();
        assertThat(m.verifyIntegrity(TurnMessage.longTermMac("u", new byte[0], "p"))).isFalse();
    }

    @Test
    void channelDataFraming() {
        byte[] b = new byte[20];
        ChannelData.writeHeader(b, 0, 0x4001, 16);
        assertThat(ChannelData.channel(b, 0, 20)).isEqualTo(0x4001);
        assertThat(ChannelData.dataLength(b, 0)).isEqualTo(16);
        assertThat(ChannelData.channel(b, 0, 19)).isEqualTo(-1); // length field runs past the datagram
        assertThat(ChannelData.channel(RFC5769_RESPONSE, 0, RFC5769_RESPONSE.length)).isEqualTo(-1);
        assertThat(ChannelData.channel(b, 0, 3)).isEqualTo(-1);
    }
}
