package net.voxedge.edge.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.voxedge.edge.crypto.HmacSha1;
import net.voxedge.edge.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

/** Round trips through {@link StunMessageWriter} and {@link StunMessage}, and the writer's refusals. */
class StunMessageWriterTest {
    private static final HmacSha1 KEY = ShortTermCredentialMac.create("serverPassword0123456789");
    private static final HmacSha1 OTHER_KEY = ShortTermCredentialMac.create("someoneElsesPassword0123");
    private static final byte[] TID = RawStun.TID;

    private final StunMessageWriter writer = new StunMessageWriter();
    private final StunMessage msg = new StunMessage();
    private final byte[] out = new byte[StunMessageWriter.MAX_MESSAGE_LENGTH];

    @Test
    void anIceCheckRoundTrips() {
        int n = writer.writeBindingRequest(out, 0, TID, 0, ascii("srvUfrag:cliU"), 0x7E7F00FFL,
                IceRoleAttribute.CONTROLLING, -2L, true, KEY);

        assertThat(msg.parse(out, 0, n)).isEqualTo(StunParseResult.OK);
        assertThat(msg.isBindingRequest()).isTrue();
        assertThat(Arrays.copyOfRange(out, msg.transactionIdOffset(), msg.transactionIdOffset() + 12)).isEqualTo(TID);
        assertThat(new String(out, msg.usernameOffset(), msg.usernameLength(), StandardCharsets.US_ASCII))
                .isEqualTo("srvUfrag:cliU");
        assertThat(msg.usernameColonOffset() - msg.usernameOffset()).isEqualTo(8);
        assertThat(msg.priority()).isEqualTo(0x7E7F00FFL);
        assertThat(msg.iceControlling()).isTrue();
        assertThat(msg.iceControlled()).isFalse();
        assertThat(msg.tieBreaker()).isEqualTo(-2L);
        assertThat(msg.useCandidate()).isTrue();
        assertThat(msg.hasSoftware()).isFalse();
        assertThat(msg.verifyMessageIntegrity(KEY)).isTrue();
        assertThat(msg.verifyMessageIntegrity(OTHER_KEY)).isFalse();
        assertThat(msg.fingerprintValid()).isTrue();
    }

    @Test
    void aPlainRequestHasNoRoleNoNominationAndNoIntegrity() {
        int n = writer.writeBindingRequest(out, 3, TID, 0, ascii("u"), 0, IceRoleAttribute.NONE, 99, false, null);

        assertThat(msg.parse(out, 3, n)).isEqualTo(StunParseResult.OK);
        assertThat(msg.iceControlling() || msg.iceControlled()).isFalse();
        assertThat(msg.useCandidate()).isFalse();
        assertThat(msg.hasMessageIntegrity()).isFalse();
        assertThat(msg.usernameLength()).isEqualTo(1);
        assertThat(msg.fingerprintValid()).isTrue();
        assertThat(n % 4).isZero();
    }

    @Test
    void successResponsesCarryTheMappedAddressForBothFamilies() throws Exception {
        for (String host : new String[] {"203.0.113.77", "0.0.0.0", "2001:db8::1", "::ffff:1.2.3.4", "fe80::1"}) {
            byte[] ip = InetAddress.getByName(host).getAddress();
            for (int port : new int[] {0, 1, 0x2112, 65535}) {
                int n = writer.writeBindingSuccess(out, 0, TID, 0, ip, port, KEY);

                assertThat(msg.parse(out, 0, n)).isEqualTo(StunParseResult.OK);
                assertThat(msg.messageClass()).isEqualTo(StunMessageClass.SUCCESS_RESPONSE);
                assertThat(msg.method()).isEqualTo(StunMessage.METHOD_BINDING);
                assertThat(msg.xorMappedPort()).isEqualTo(port);
                byte[] mapped = new byte[msg.xorMappedAddressLength()];
                assertThat(msg.xorMappedAddress(mapped, 0)).isEqualTo(ip.length);
                assertThat(mapped).isEqualTo(ip);
                assertThat(msg.verifyMessageIntegrity(KEY)).isTrue();
                assertThat(msg.fingerprintValid()).isTrue();
            }
        }
    }

    @Test
    void aResponseCanBeWrittenOverItsOwnRequest() throws Exception {
        byte[] buf = new byte[StunMessageWriter.MAX_MESSAGE_LENGTH];
        System.arraycopy(Rfc5769.REQUEST, 0, buf, 10, Rfc5769.REQUEST.length);
        assertThat(msg.parse(buf, 10, Rfc5769.REQUEST.length)).isEqualTo(StunParseResult.OK);

        int n = writer.software("test vector").paddingByte(' ').writeBindingSuccess(buf, 10, msg,
                InetAddress.getByName("192.0.2.1").getAddress(), 32853, ShortTermCredentialMac.create(Rfc5769.PASSWORD));

        assertThat(Arrays.copyOfRange(buf, 10, 10 + n)).isEqualTo(Rfc5769.IPV4_RESPONSE);
    }

    @Test
    void unauthorizedAnswersCarryNoIntegrity() {
        parseSample();
        int n = writer.writeBindingError(out, 0, msg, 401, null);

        assertThat(msg.parse(out, 0, n)).isEqualTo(StunParseResult.OK);
        assertThat(msg.messageClass()).isEqualTo(StunMessageClass.ERROR_RESPONSE);
        assertThat(msg.method()).isEqualTo(StunMessage.METHOD_BINDING);
        assertThat(msg.errorCode()).isEqualTo(401);
        assertThat(reason()).isEqualTo("Unauthorized");
        assertThat(msg.hasMessageIntegrity()).isFalse();
        assertThat(msg.fingerprintValid()).isTrue();
        assertThat(Arrays.copyOfRange(out, 8, 20)).isEqualTo(Arrays.copyOfRange(Rfc5769.REQUEST, 8, 20));
    }

    @Test
    void roleConflictAndBadRequestHaveTheirReasons() {
        parseSample();
        int n = writer.writeBindingError(out, 0, msg, 487, KEY);
        assertThat(msg.parse(out, 0, n)).isEqualTo(StunParseResult.OK);
        assertThat(msg.errorCode()).isEqualTo(487);
        assertThat(reason()).isEqualTo("Role Conflict");
        assertThat(msg.verifyMessageIntegrity(KEY)).isTrue();
        assertThat(msg.fingerprintValid()).isTrue();

        parseSample();
        n = writer.writeBindingError(out, 0, msg, 400, null);
        assertThat(msg.parse(out, 0, n)).isEqualTo(StunParseResult.OK);
        assertThat(msg.errorCode()).isEqualTo(400);
        assertThat(reason()).isEqualTo("Bad Request");
    }

    @Test
    void unknownAttributeAnswersListTheUnknownTypes() {
        byte[] request = RawStun.message(0x0001, RawStun.attr(0x0003, new byte[4]), RawStun.attr(0xC057, new byte[4]),
                RawStun.attr(0x7FFF, new byte[0]), RawStun.attr(0x0013, new byte[1]));
        assertThat(msg.parse(request, 0, request.length)).isEqualTo(StunParseResult.OK);

        int n = writer.writeBindingError(out, 0, msg, 420, KEY);

        assertThat(msg.parse(out, 0, n)).isEqualTo(StunParseResult.OK);
        assertThat(msg.errorCode()).isEqualTo(420);
        assertThat(reason()).isEqualTo("Unknown Attribute");
        assertThat(msg.verifyMessageIntegrity(KEY)).isTrue();
        int at = indexOfAttribute(out, n, StunAttributes.UNKNOWN_ATTRIBUTES);
        assertThat(at).isPositive();
        assertThat(StunMessage.readU16(out, at + 2)).isEqualTo(6);
        assertThat(new int[] {StunMessage.readU16(out, at + 4), StunMessage.readU16(out, at + 6),
            StunMessage.readU16(out, at + 8)}).containsExactly(0x0003, 0x7FFF, 0x0013);
    }

    @Test
    void wrongArgumentsAreBugsAndThrow() throws Exception {
        byte[] ip = {1, 2, 3, 4};

        assertThatThrownBy(() -> writer.writeBindingSuccess(out, 0, TID, 0, new byte[5], 1, KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.writeBindingSuccess(out, 0, TID, 0, ip, 65536, KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.writeBindingSuccess(new byte[63], 0, TID, 0, ip, 1, KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.writeBindingSuccess(out, out.length - 10, TID, 0, ip, 1, KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.writeBindingSuccess(out, 0, TID, 1, ip, 1, KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.writeBindingError(out, 0, new StunMessage(), 400, null))
                .isInstanceOf(IllegalArgumentException.class);
        parseSample();
        assertThatThrownBy(() -> writer.writeBindingError(out, 0, msg, 200, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.writeBindingRequest(out, 0, TID, 0, new byte[513], 1,
                IceRoleAttribute.CONTROLLING, 1, false, KEY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.writeBindingRequest(out, 0, TID, 0, ascii("a:b"), 1L << 32,
                IceRoleAttribute.CONTROLLING, 1, false, KEY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.software("x".repeat(764))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exactlyEnoughRoomIsEnough() {
        byte[] ip = {1, 2, 3, 4};
        int n = writer.writeBindingSuccess(out, 0, TID, 0, ip, 1, KEY);
        byte[] tight = new byte[n + 2];

        assertThat(writer.writeBindingSuccess(tight, 2, TID, 0, ip, 1, KEY)).isEqualTo(n);
        assertThat(Arrays.copyOfRange(tight, 2, 2 + n)).isEqualTo(Arrays.copyOf(out, n));
    }

    @Test
    void writingWithoutIntegrityAllocatesNothing() {
        byte[] ip = {1, 2, 3, 4};
        double bytes = AllocationMeter.bytesPerCall(20_000,
                () -> writer.writeBindingSuccess(out, 0, TID, 0, ip, 5000, null));
        assertThat(bytes).isLessThan(1.0);
    }

    @Test
    void writingWithIntegrityAllocatesNothing() {
        byte[] ip = {1, 2, 3, 4};
        double bytes = AllocationMeter.bytesPerCall(20_000,
                () -> writer.writeBindingSuccess(out, 0, TID, 0, ip, 5000, KEY));
        assertThat(bytes).isLessThan(1.0);
    }

    private void parseSample() {
        assertThat(msg.parse(Rfc5769.REQUEST, 0, Rfc5769.REQUEST.length)).isEqualTo(StunParseResult.OK);
    }

    private String reason() {
        return new String(msg.buffer(), msg.errorReasonOffset(), msg.errorReasonLength(), StandardCharsets.UTF_8);
    }

    private static int indexOfAttribute(byte[] m, int len, int type) {
        for (int p = 20; p + 4 <= len; p += 4 + ((StunMessage.readU16(m, p + 2) + 3) & ~3)) {
            if (StunMessage.readU16(m, p) == type) {
                return p;
            }
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
