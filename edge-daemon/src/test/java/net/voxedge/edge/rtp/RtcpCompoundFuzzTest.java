package net.voxedge.edge.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

class RtcpCompoundFuzzTest {

    private final RtcpCompound rtcp = new RtcpCompound();
    private final ReportBlock block = new ReportBlock();

    @FuzzTest
    void parseNeverThrowsAndReportsOnlyOffsetsInsideTheInput(FuzzedDataProvider data) {
        int off = data.consumeInt(0, 8);
        byte[] input = data.consumeRemainingAsBytes();
        byte[] b = new byte[input.length + off + 3];
        System.arraycopy(input, 0, b, off, input.length);
        int len = input.length;
        int end = off + len;

        RtcpParseResult r = rtcp.parse(b, off, len);
        assertThat(r).isNotNull();
        if (r != RtcpParseResult.OK) {
            assertThat(rtcp.next()).isFalse();
            return;
        }
        int packets = 0;
        int expectedOffset = off;
        while (rtcp.next()) {
            packets++;
            assertThat(rtcp.packetOffset()).isEqualTo(expectedOffset);
            assertThat(rtcp.packetLength()).isGreaterThanOrEqualTo(4);
            assertThat(rtcp.packetOffset() + rtcp.packetLength()).isLessThanOrEqualTo(end);
            assertThat(rtcp.bodyOffset() + rtcp.bodyLength()).isLessThanOrEqualTo(end);
            assertThat(rtcp.bodyLength()).isNotNegative();
            expectedOffset += rtcp.packetLength();
            for (int i = 0; i < rtcp.reportCount(); i++) {
                assertThat(rtcp.reportBlockOffset(i)).isGreaterThanOrEqualTo(rtcp.bodyOffset());
                assertThat(rtcp.reportBlockOffset(i) + ReportBlock.LENGTH).isLessThanOrEqualTo(rtcp.bodyOffset() + rtcp.bodyLength());
                assertThat(rtcp.reportBlock(i, block)).isTrue();
            }
            int nackEnd = rtcp.packetOffset() + 12 + 4 * rtcp.nackCount();
            assertThat(rtcp.nackCount() == 0 || nackEnd <= rtcp.bodyOffset() + rtcp.bodyLength()).isTrue();
            for (int i = 0; i < rtcp.nackCount(); i++) {
                assertThat(rtcp.nackPid(i)).isBetween(0, 0xFFFF);
                assertThat(rtcp.nackBlp(i)).isBetween(0, 0xFFFF);
            }
            for (int i = 0; i < rtcp.byeSsrcCount(); i++) {
                assertThat(rtcp.byeSsrc(i)).isBetween(0L, 0xFFFF_FFFFL);
            }
            rtcp.senderSsrc();
            rtcp.mediaSsrc();
            rtcp.ntpTimestamp();
            rtcp.rtpTimestamp();
            rtcp.senderPacketCount();
            rtcp.senderOctetCount();
        }
        assertThat(packets).isEqualTo(rtcp.packetCount());
        assertThat(expectedOffset).isEqualTo(end);
    }
}
