package net.voxedge.edge.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtcpWriterTest {

    private final RtcpCompound rtcp = new RtcpCompound();
    private final ReportBlock read = new ReportBlock();

    @Test
    void receiverReportMatchesRfc3550LayoutAndReadsBack() {
        ReportBlock[] blocks = {
            new ReportBlock().set(0xdeadbeefL, 64, -2, 0x10005L, 35, 0xa1b28000L, 65536),
            new ReportBlock().set(2, 300, 9_000_000, 0x1_0002_0000L, -1, 0, 0),
        };
        byte[] b = new byte[64];
        int n = RtcpWriter.writeReceiverReport(b, 0, b.length, 0x0a0b0c0dL, blocks, 2);
        assertThat(n).isEqualTo(56);
        assertThat(Arrays.copyOf(b, 32)).isEqualTo(RtcpCompoundTest.hex(
                "82c9000d" + "0a0b0c0d" + "deadbeef" + "40" + "fffffe" + "00010005" + "00000023" + "a1b28000" + "00010000"));

        assertThat(rtcp.parse(b, 0, n)).isEqualTo(RtcpParseResult.OK);
        assertThat(rtcp.next()).isTrue();
        assertThat(rtcp.kind()).isEqualTo(RtcpPacketKind.RECEIVER_REPORT);
        assertThat(rtcp.senderSsrc()).isEqualTo(0x0a0b0c0dL);
        assertThat(rtcp.reportBlock(1, read)).isTrue();
        assertThat(read.fractionLost()).as("clamped to 8 bits").isEqualTo(255);
        assertThat(read.cumulativeLost()).as("clamped to signed 24 bits").isEqualTo(ReportBlock.MAX_CUMULATIVE_LOST);
        assertThat(read.extendedHighestSequence()).isEqualTo(0x0002_0000L);
        assertThat(read.jitter()).isEqualTo(0xffffffffL);
    }

    @Test
    void emptyReceiverReportIsEightBytes() {
        byte[] b = new byte[8];
        assertThat(RtcpWriter.writeReceiverReport(b, 0, 8, 1, null, 0)).isEqualTo(8);
        assertThat(b).isEqualTo(RtcpCompoundTest.hex("80c9000100000001"));
    }

    @Test
    void senderReportReadsBack() {
        ReportBlock[] blocks = {new ReportBlock().set(7, 1, -8_388_608, 3, 4, 5, 6)};
        byte[] b = new byte[60];
        int n = RtcpWriter.writeSenderReport(b, 4, 56, 0x11223344L, 0xe8f0a1b280000000L, 123456, 100, 8000, blocks, 1);
        assertThat(n).isEqualTo(52);
        assertThat(rtcp.parse(b, 4, n)).isEqualTo(RtcpParseResult.OK);
        assertThat(rtcp.next()).isTrue();
        assertThat(rtcp.kind()).isEqualTo(RtcpPacketKind.SENDER_REPORT);
        assertThat(rtcp.senderSsrc()).isEqualTo(0x11223344L);
        assertThat(rtcp.ntpTimestamp()).isEqualTo(0xe8f0a1b280000000L);
        assertThat(rtcp.rtpTimestamp()).isEqualTo(123456);
        assertThat(rtcp.senderPacketCount()).isEqualTo(100);
        assertThat(rtcp.senderOctetCount()).isEqualTo(8000);
        assertThat(rtcp.reportBlock(0, read)).isTrue();
        assertThat(read.ssrc()).isEqualTo(7);
        assertThat(read.cumulativeLost()).isEqualTo(-8_388_608);
        assertThat(read.delaySinceLastSenderReport()).isEqualTo(6);
    }

    @Test
    void pliIsTwelveBytes() {
        byte[] b = new byte[12];
        assertThat(RtcpWriter.writePli(b, 0, 12, 0x0a0b0c0dL, 0xdeadbeefL)).isEqualTo(12);
        assertThat(b).isEqualTo(RtcpCompoundTest.hex(RtcpCompoundTest.PLI));
    }

    @Test
    void nackPacksRunsAcrossTheSequenceWrap() {
        int[] lost = {65534, 65535, 0, 1, 20, 40, 40, 41};
        byte[] b = new byte[64];
        int n = RtcpWriter.writeGenericNack(b, 0, b.length, 1, 2, lost, 0, lost.length);
        assertThat(n).isEqualTo(24);
        assertThat(rtcp.parse(b, 0, n)).isEqualTo(RtcpParseResult.OK);
        assertThat(rtcp.next()).isTrue();
        assertThat(rtcp.kind()).isEqualTo(RtcpPacketKind.GENERIC_NACK);
        assertThat(rtcp.senderSsrc()).isEqualTo(1);
        assertThat(rtcp.mediaSsrc()).isEqualTo(2);
        assertThat(rtcp.nackCount()).isEqualTo(3);
        assertThat(new int[] {rtcp.nackPid(0), rtcp.nackBlp(0), rtcp.nackPid(1), rtcp.nackBlp(1), rtcp.nackPid(2), rtcp.nackBlp(2)})
                .containsExactly(65534, 0b111, 20, 0, 40, 1);
    }

    @Test
    void nackBitmaskCoversExactlySixteenFollowers() {
        int[] lost = {100, 116, 117};
        byte[] b = new byte[32];
        int n = RtcpWriter.writeGenericNack(b, 0, b.length, 1, 2, lost, 0, 3);
        assertThat(rtcp.parse(b, 0, n)).isEqualTo(RtcpParseResult.OK);
        rtcp.next();
        assertThat(rtcp.nackCount()).isEqualTo(2);
        assertThat(rtcp.nackPid(0)).isEqualTo(100);
        assertThat(rtcp.nackBlp(0)).isEqualTo(0x8000);
        assertThat(rtcp.nackPid(1)).isEqualTo(117);
        // And the sub-range form.
        assertThat(RtcpWriter.writeGenericNack(b, 0, b.length, 1, 2, lost, 1, 2)).isEqualTo(16);
        assertThat(rtcp.parse(b, 0, 16)).isEqualTo(RtcpParseResult.OK);
        rtcp.next();
        assertThat(rtcp.nackPid(0)).isEqualTo(116);
        assertThat(rtcp.nackBlp(0)).isEqualTo(1);
    }

    @Test
    void chainedWritesFormAValidCompound() {
        byte[] b = new byte[64];
        int n = RtcpWriter.writeReceiverReport(b, 0, b.length, 9, null, 0);
        n += RtcpWriter.writePli(b, n, b.length - n, 9, 10);
        n += RtcpWriter.writeGenericNack(b, n, b.length - n, 9, 10, new int[] {5}, 0, 1);
        assertThat(rtcp.parse(b, 0, n)).isEqualTo(RtcpParseResult.OK);
        assertThat(rtcp.packetCount()).isEqualTo(3);
    }

    @Test
    void writersRefuseWhatDoesNotFitAndWriteNothing() {
        byte[] b = new byte[30];
        ReportBlock[] one = {new ReportBlock()};
        assertThat(RtcpWriter.writeReceiverReport(b, 0, 31, 1, one, 1)).as("capacity beyond array").isEqualTo(-1);
        assertThat(RtcpWriter.writeReceiverReport(b, 0, b.length, 1, one, 1)).isEqualTo(-1);
        assertThat(RtcpWriter.writeReceiverReport(b, 0, b.length, 1, one, 2)).as("fewer blocks than count").isEqualTo(-1);
        assertThat(RtcpWriter.writeReceiverReport(b, 0, b.length, 1, new ReportBlock[1], 1)).isEqualTo(-1);
        assertThat(RtcpWriter.writeReceiverReport(b, 0, b.length, 1, one, -1)).isEqualTo(-1);
        assertThat(RtcpWriter.writeReceiverReport(b, 0, 4096, 1, new ReportBlock[40], 32)).isEqualTo(-1);
        assertThat(RtcpWriter.writeSenderReport(b, 0, b.length, 1, 0, 0, 0, 0, null, 0)).isEqualTo(28);
        Arrays.fill(b, (byte) 0);
        assertThat(RtcpWriter.writeSenderReport(b, 3, b.length - 3, 1, 0, 0, 0, 0, null, 0)).isEqualTo(-1);
        assertThat(RtcpWriter.writePli(b, 20, 10, 1, 2)).isEqualTo(-1);
        assertThat(RtcpWriter.writePli(null, 0, 12, 1, 2)).isEqualTo(-1);
        assertThat(RtcpWriter.writeGenericNack(b, 0, b.length, 1, 2, new int[0], 0, 0)).isEqualTo(-1);
        assertThat(RtcpWriter.writeGenericNack(b, 0, b.length, 1, 2, new int[] {1}, 1, 1)).isEqualTo(-1);
        assertThat(RtcpWriter.writeGenericNack(b, 0, b.length, 1, 2, null, 0, 1)).isEqualTo(-1);
        assertThat(RtcpWriter.writeGenericNack(b, 0, 15, 1, 2, new int[] {1}, 0, 1)).isEqualTo(-1);
        assertThat(b).containsOnly((byte) 0);
    }

    @Test
    void sdesCnameMatchesRfc3550LayoutAndPadsToAWordWithATerminator() {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) 0x55);
        int n = RtcpWriter.writeSdesCname(b, 0, b.length, 0x11223344L, "abcd".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(n).isEqualTo(16);
        assertThat(Arrays.copyOf(b, n)).isEqualTo(RtcpCompoundTest.hex(RtcpCompoundTest.SDES));
        // A CNAME whose item ends exactly on a word boundary still needs a whole extra word for the terminator.
        n = RtcpWriter.writeSdesCname(b, 0, b.length, 1, "ab".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(n).isEqualTo(16);
        assertThat(b[10 + 2]).isZero();
        assertThat(rtcp.parse(b, 0, n)).isEqualTo(RtcpParseResult.OK);
        assertThat(rtcp.next()).isTrue();
        assertThat(rtcp.kind()).isEqualTo(RtcpPacketKind.SOURCE_DESCRIPTION);
    }

    @Test
    void sdesCnameRefusesWhatDoesNotFit() {
        byte[] b = new byte[15];
        assertThat(RtcpWriter.writeSdesCname(b, 0, b.length, 1, "abcd".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isEqualTo(-1);
        assertThat(RtcpWriter.writeSdesCname(new byte[600], 0, 600, 1, new byte[256])).isEqualTo(-1);
        assertThat(RtcpWriter.writeSdesCname(new byte[64], 0, 64, 1, null)).isEqualTo(-1);
    }
}
