package net.voxedge.edge.stun;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import net.voxedge.edge.crypto.HmacSha1;

/**
 * Jazzer targets for {@link StunMessage}. Under plain {@code mvn test} they replay the seeds in
 * {@code src/test/resources/.../StunMessageFuzzTestInputs}; with {@code JAZZER_FUZZ=1} they fuzz.
 */
class StunMessageFuzzTest {
    private static final HmacSha1 KEY = ShortTermCredentialMac.create("fuzzingPassword123456789");
    private static final StunMessage MSG = new StunMessage();
    private static final StunMessage REPARSED = new StunMessage();
    private static final StunMessageWriter WRITER = new StunMessageWriter();

    /** Any datagram, read both at the start of its array and at an offset inside a larger one. */
    @FuzzTest(maxDuration = "60s")
    void parseAnyDatagram(byte[] datagram) {
        checkAt(datagram, 0, datagram.length);
        byte[] shifted = new byte[datagram.length + 11];
        Arrays.fill(shifted, (byte) 0xA5);
        System.arraycopy(datagram, 0, shifted, 5, datagram.length);
        checkAt(shifted, 5, datagram.length);
    }

    /** The input as the attribute section behind a valid header, so the fuzzer spends its time in the attribute loop. */
    @FuzzTest(maxDuration = "60s")
    void parseAnyAttributes(byte[] attributes) {
        int bodyLength = Math.min(attributes.length, StunMessage.MAX_DATAGRAM_LENGTH - 20) & ~3;
        byte[] m = new byte[20 + bodyLength];
        m[1] = 0x01;
        m[2] = (byte) (bodyLength >>> 8);
        m[3] = (byte) bodyLength;
        m[4] = 0x21;
        m[5] = 0x12;
        m[6] = (byte) 0xA4;
        m[7] = 0x42;
        System.arraycopy(attributes, 0, m, 20, bodyLength);
        checkAt(m, 0, m.length);
    }

    private static void checkAt(byte[] buf, int off, int len) {
        StunParseResult result = MSG.parse(buf, off, len);
        assertThat(result).isNotNull();
        if (result != StunParseResult.OK) {
            assertThat(MSG.hasUsername() || MSG.hasMessageIntegrity() || MSG.hasFingerprint()).isFalse();
            assertThat(MSG.verifyMessageIntegrity(KEY)).isFalse();
            return;
        }
        StunInvariants.assertAccessorsInBounds(MSG, buf, off, len);
        MSG.verifyMessageIntegrity(KEY); // any bytes: must not throw
        reencodeAndCompare(buf);
    }

    /** A parsed ICE check written again from its fields must read back to the same fields. */
    private static void reencodeAndCompare(byte[] buf) {
        if (!MSG.isBindingRequest() || !MSG.hasUsername() || !MSG.hasPriority()) {
            return;
        }
        byte[] username = Arrays.copyOfRange(buf, MSG.usernameOffset(), MSG.usernameOffset() + MSG.usernameLength());
        IceRoleAttribute role = MSG.iceControlling() ? IceRoleAttribute.CONTROLLING
                : MSG.iceControlled() ? IceRoleAttribute.CONTROLLED : IceRoleAttribute.NONE;
        byte[] out = new byte[StunMessageWriter.MAX_MESSAGE_LENGTH];
        int n = WRITER.writeBindingRequest(out, 0, buf, MSG.transactionIdOffset(), username, MSG.priority(), role,
                MSG.tieBreaker(), MSG.useCandidate(), KEY);

        assertThat(REPARSED.parse(out, 0, n)).isEqualTo(StunParseResult.OK);
        assertThat(REPARSED.priority()).isEqualTo(MSG.priority());
        assertThat(REPARSED.useCandidate()).isEqualTo(MSG.useCandidate());
        assertThat(REPARSED.tieBreaker()).isEqualTo(MSG.tieBreaker());
        assertThat(Arrays.copyOfRange(out, REPARSED.usernameOffset(), REPARSED.usernameOffset() + REPARSED.usernameLength()))
                .isEqualTo(username);
        assertThat(colonIndex(REPARSED)).isEqualTo(colonIndex(MSG));
        assertThat(REPARSED.verifyMessageIntegrity(KEY)).isTrue();
        assertThat(REPARSED.fingerprintValid()).isTrue();
    }

    private static int colonIndex(StunMessage m) {
        return m.usernameColonOffset() < 0 ? -1 : m.usernameColonOffset() - m.usernameOffset();
    }
}
