package net.voxedge.edge.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import net.voxedge.edge.crypto.HmacSha1;
import org.junit.jupiter.api.Test;

/** Parses RFC 5769's vectors, checks their MESSAGE-INTEGRITY and FINGERPRINT, and writes them again byte for byte. */
class Rfc5769Test {
    private static final HmacSha1 KEYED = ShortTermCredentialMac.create(Rfc5769.PASSWORD);
    private static final HmacSha1 WRONG_KEY = ShortTermCredentialMac.create("VOkJxbRl1RmTxUk/WvJxBu");
    private static final byte[] TID = HexFormat.of().parseHex(Rfc5769.TRANSACTION_ID);

    private final StunMessage msg = new StunMessage();

    @Test
    void sampleRequestParsesWithEveryIceAttribute() {
        byte[] b = Rfc5769.REQUEST;
        assertThat(msg.parse(b, 0, b.length)).isEqualTo(StunParseResult.OK);

        assertThat(msg.isBindingRequest()).isTrue();
        assertThat(msg.method()).isEqualTo(StunMessage.METHOD_BINDING);
        assertThat(msg.messageClass()).isEqualTo(StunMessageClass.REQUEST);
        assertThat(Arrays.copyOfRange(b, msg.transactionIdOffset(), msg.transactionIdOffset() + 12)).isEqualTo(TID);
        assertThat(text(b, msg.usernameOffset(), msg.usernameLength())).isEqualTo("evtj:h6vY");
        assertThat(msg.usernameColonOffset()).isEqualTo(msg.usernameOffset() + 4);
        assertThat(text(b, msg.softwareOffset(), msg.softwareLength())).isEqualTo("STUN test client");
        assertThat(msg.hasPriority()).isTrue();
        assertThat(msg.priority()).isEqualTo(0x6e0001ffL);
        assertThat(msg.iceControlled()).isTrue();
        assertThat(msg.iceControlling()).isFalse();
        assertThat(msg.tieBreaker()).isEqualTo(0x932ff9b151263b36L);
        assertThat(msg.useCandidate()).isFalse();
        assertThat(msg.unknownComprehensionRequiredCount()).isZero();

        assertThat(msg.hasMessageIntegrity()).isTrue();
        assertThat(msg.verifyMessageIntegrity(KEYED)).isTrue();
        assertThat(msg.verifyMessageIntegrity(WRONG_KEY)).isFalse();
        assertThat(msg.hasFingerprint()).isTrue();
        assertThat(msg.fingerprintValid()).isTrue();
    }

    @Test
    void ipv4ResponseParsesToItsMappedAddress() throws Exception {
        byte[] b = Rfc5769.IPV4_RESPONSE;
        assertThat(msg.parse(b, 0, b.length)).isEqualTo(StunParseResult.OK);

        assertThat(msg.messageClass()).isEqualTo(StunMessageClass.SUCCESS_RESPONSE);
        assertThat(msg.method()).isEqualTo(StunMessage.METHOD_BINDING);
        assertThat(msg.isBindingRequest()).isFalse();
        assertThat(msg.xorMappedPort()).isEqualTo(32853);
        byte[] ip = new byte[16];
        assertThat(msg.xorMappedAddress(ip, 3)).isEqualTo(4);
        assertThat(Arrays.copyOfRange(ip, 3, 7)).isEqualTo(InetAddress.getByName("192.0.2.1").getAddress());
        assertThat(msg.verifyMessageIntegrity(KEYED)).isTrue();
        assertThat(msg.fingerprintValid()).isTrue();
    }

    @Test
    void ipv6ResponseParsesToItsMappedAddress() throws Exception {
        byte[] b = Rfc5769.IPV6_RESPONSE;
        assertThat(msg.parse(b, 0, b.length)).isEqualTo(StunParseResult.OK);

        assertThat(msg.xorMappedPort()).isEqualTo(32853);
        assertThat(msg.xorMappedAddressLength()).isEqualTo(16);
        byte[] ip = new byte[16];
        assertThat(msg.xorMappedAddress(ip, 0)).isEqualTo(16);
        assertThat(ip).isEqualTo(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677").getAddress());
        assertThat(msg.verifyMessageIntegrity(KEYED)).isTrue();
        assertThat(msg.fingerprintValid()).isTrue();
    }

    @Test
    void writerReproducesTheIpv4ResponseByteForByte() throws Exception {
        byte[] out = new byte[StunMessageWriter.MAX_MESSAGE_LENGTH];
        int n = vectorWriter("test vector").writeBindingSuccess(out, 0, TID, 0,
                InetAddress.getByName("192.0.2.1").getAddress(), 32853, KEYED);

        assertThat(Arrays.copyOf(out, n)).isEqualTo(Rfc5769.IPV4_RESPONSE);
    }

    @Test
    void writerReproducesTheIpv6ResponseByteForByte() throws Exception {
        byte[] out = new byte[StunMessageWriter.MAX_MESSAGE_LENGTH];
        int n = vectorWriter("test vector").writeBindingSuccess(out, 5, TID, 0,
                InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677").getAddress(), 32853, KEYED);

        assertThat(Arrays.copyOfRange(out, 5, 5 + n)).isEqualTo(Rfc5769.IPV6_RESPONSE);
    }

    @Test
    void writerAnsweringTheSampleRequestReproducesTheResponse() throws Exception {
        assertThat(msg.parse(Rfc5769.REQUEST, 0, Rfc5769.REQUEST.length)).isEqualTo(StunParseResult.OK);
        byte[] out = new byte[StunMessageWriter.MAX_MESSAGE_LENGTH];
        int n = vectorWriter("test vector").writeBindingSuccess(out, 0, msg,
                InetAddress.getByName("192.0.2.1").getAddress(), 32853, KEYED);

        assertThat(Arrays.copyOf(out, n)).isEqualTo(Rfc5769.IPV4_RESPONSE);
    }

    @Test
    void writerReproducesTheSampleRequestByteForByte() {
        byte[] out = new byte[StunMessageWriter.MAX_MESSAGE_LENGTH];
        int n = vectorWriter("STUN test client").writeBindingRequest(out, 0, TID, 0,
                "evtj:h6vY".getBytes(StandardCharsets.UTF_8), 0x6e0001ffL, IceRoleAttribute.CONTROLLED,
                0x932ff9b151263b36L, false, KEYED);

        assertThat(Arrays.copyOf(out, n)).isEqualTo(Rfc5769.REQUEST);
    }

    @Test
    void zeroPaddingChangesOnlyPaddingAndTheTrailerAndStillVerifies() throws Exception {
        byte[] out = new byte[StunMessageWriter.MAX_MESSAGE_LENGTH];
        StunMessageWriter writer = new StunMessageWriter().software("test vector");
        int n = writer.writeBindingSuccess(out, 0, TID, 0, InetAddress.getByName("192.0.2.1").getAddress(), 32853,
                KEYED);
        byte[] written = Arrays.copyOf(out, n);

        assertThat(n).isEqualTo(Rfc5769.IPV4_RESPONSE.length);
        int softwarePadding = 20 + 4 + 11;
        assertThat(written[softwarePadding]).isZero();
        written[softwarePadding] = 0x20;
        int integrityValue = n - 8 - 20;
        assertThat(Arrays.copyOf(written, integrityValue)).isEqualTo(Arrays.copyOf(Rfc5769.IPV4_RESPONSE,
                integrityValue));
        assertThat(msg.parse(out, 0, n)).isEqualTo(StunParseResult.OK);
        assertThat(msg.verifyMessageIntegrity(KEYED)).isTrue();
        assertThat(msg.fingerprintValid()).isTrue();
    }

    private static StunMessageWriter vectorWriter(String software) {
        return new StunMessageWriter().software(software).paddingByte(0x20);
    }

    private static String text(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8);
    }
}
