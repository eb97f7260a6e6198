package net.voxedge.edge.stun;

import static org.assertj.core.api.Assertions.assertThat;

/** What must hold for every message {@link StunMessage#parse} accepted, whatever its bytes. */
final class StunInvariants {
    private StunInvariants() {
    }

    static void assertAccessorsInBounds(StunMessage msg, byte[] buf, int off, int len) {
        int end = off + len;
        assertThat(msg.result()).isEqualTo(StunParseResult.OK);
        assertThat(StunMessage.looksLikeStun(buf, off, len)).isTrue();
        assertThat(len).isBetween(StunMessage.HEADER_LENGTH, StunMessage.MAX_DATAGRAM_LENGTH);
        assertThat(msg.transactionIdOffset()).isEqualTo(off + 8);
        assertThat(msg.method()).isBetween(0, 0xFFF);
        assertThat(msg.messageClass()).isNotNull();
        assertRange(msg.hasUsername(), msg.usernameOffset(), msg.usernameLength(), off, end);
        assertThat(msg.usernameLength()).isLessThanOrEqualTo(StunMessage.MAX_USERNAME_LENGTH);
        if (msg.usernameColonOffset() >= 0) {
            assertThat(msg.usernameColonOffset()).isBetween(msg.usernameOffset(),
                    msg.usernameOffset() + msg.usernameLength() - 1);
            assertThat(buf[msg.usernameColonOffset()]).isEqualTo((byte) ':');
        }
        assertRange(msg.hasSoftware(), msg.softwareOffset(), msg.softwareLength(), off, end);
        assertRange(msg.hasErrorCode(), msg.errorReasonOffset(), msg.errorReasonLength(), off, end);
        if (msg.hasErrorCode()) {
            assertThat(msg.errorCode()).isBetween(300, 699);
        }
        assertThat(msg.priority()).isBetween(-1L, 0xFFFF_FFFFL);
        assertThat(msg.hasPriority()).isEqualTo(msg.priority() >= 0);
        if (msg.hasXorMappedAddress()) {
            assertThat(msg.xorMappedAddressLength()).isIn(4, 16);
            assertThat(msg.xorMappedPort()).isBetween(0, 0xFFFF);
            assertThat(msg.xorMappedAddress(new byte[16], 0)).isEqualTo(msg.xorMappedAddressLength());
            assertThat(msg.xorMappedAddress(new byte[3], 0)).isEqualTo(-1);
        } else {
            assertThat(msg.xorMappedAddress(new byte[16], 0)).isEqualTo(-1);
        }
        int recorded = Math.min(msg.unknownComprehensionRequiredCount(), StunMessage.MAX_RECORDED_UNKNOWN_ATTRIBUTES);
        for (int i = 0; i < recorded; i++) {
            assertThat(msg.unknownComprehensionRequiredType(i)).isBetween(0, 0x7FFF);
        }
        if (!msg.hasFingerprint()) {
            assertThat(msg.fingerprintValid()).isFalse();
        } else {
            msg.fingerprintValid(); // computed over an in-bounds range: must not throw
        }
    }

    private static void assertRange(boolean present, int valueOff, int valueLen, int off, int end) {
        if (!present) {
            assertThat(valueOff).isEqualTo(-1);
            assertThat(valueLen).isZero();
            return;
        }
        assertThat(valueOff).isBetween(off + StunMessage.HEADER_LENGTH + 4, end);
        assertThat(valueLen).isBetween(0, end - valueOff);
    }
}
