package net.voxedge.edge.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

class RtpPacketFuzzTest {

    private final RtpPacket packet = new RtpPacket();

    @FuzzTest
    void parseNeverThrowsAndStaysInsideTheInput(FuzzedDataProvider data) {
        int off = data.consumeInt(0, 8);
        int extId = data.consumeInt(0, 256);
        byte[] input = data.consumeRemainingAsBytes();
        byte[] b = new byte[input.length + off];
        System.arraycopy(input, 0, b, off, input.length);
        int len = input.length;

        check(packet.parse(b, off, len), off, len, extId, true);
        check(packet.parseHeader(b, off, len), off, len, extId, false);
    }

    private void check(RtpParseResult r, int off, int len, int extId, boolean withPadding) {
        assertThat(r).isNotNull();
        if (r != RtpParseResult.OK) {
            assertThat(packet.isValid()).isFalse();
            assertThat(packet.audioLevel(extId)).isEqualTo(-1);
            return;
        }
        assertThat(packet.version()).isEqualTo(2);
        assertThat(packet.headerLength()).isBetween(RtpPacket.FIXED_HEADER_LENGTH, len);
        assertThat(packet.payloadOffset()).isEqualTo(off + packet.headerLength());
        assertThat(packet.payloadOffset() + packet.payloadLength() + packet.paddingLength()).isEqualTo(off + len);
        assertThat(packet.payloadLength()).isNotNegative();
        if (!withPadding) {
            assertThat(packet.paddingLength()).isZero();
        }
        int at = packet.findExtension(extId);
        if (at >= 0) {
            assertThat(at).isGreaterThanOrEqualTo(off + RtpPacket.FIXED_HEADER_LENGTH);
            assertThat(at + packet.foundExtensionLength()).isLessThanOrEqualTo(off + packet.headerLength());
        }
        assertThat(packet.audioLevel(extId)).isBetween(-1, 127);
    }
}
