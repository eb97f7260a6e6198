package net.voxedge.edge.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RtcpCompoundTest {

    // RFC 3550 6.4.1 layout: SR with one report block, then SDES with a CNAME chunk (6.5).
    static final String SR = "81c8000c" + "11223344"          // V=2 RC=1 PT=200 length 12, sender SSRC
            + "e8f0a1b2" + "80000000"                          // NTP timestamp
            + "0001e240" + "00000064" + "00001f40"             // RTP ts, packets 100, octets 8000
            + "deadbeef" + "40" + "fffffe"                     // block: SSRC, fraction 64/256, lost -2
            + "00010005" + "00000023" + "a1b28000" + "00010000"; // ext seq, jitter 35, LSR, DLSR 1 s
    static final String SDES = "81ca0003" + "11223344" + "0104" + "61626364" + "0000";
    // RFC 3550 6.4.2: RR with two report blocks.
    static final String RR = "82c9000d" + "0a0b0c0d"
            + "00000001" + "ff" + "7fffff" + "0000ffff" + "ffffffff" + "00000000" + "00000000"
            + "00000002" + "00" + "000000" + "00020000" + "00000000" + "12345678" + "00000100";
    // RFC 4585 6.2.1: generic NACK with two FCI entries.
    static final String NACK = "81cd0004" + "0a0b0c0d" + "deadbeef" + "0064" + "8001" + "fffe" + "0000";
    // RFC 4585 6.3.1: PLI.
    static final String PLI = "81ce0002" + "0a0b0c0d" + "deadbeef";
    // RFC 3550 6.6: BYE for two sources with a reason "bye".
    static final String BYE = "82cb0003" + "11111111" + "22222222" + "03627965";

    private final RtcpCompound rtcp = new RtcpCompound();
    private final ReportBlock block = new ReportBlock();

    @Test
    void readsSenderReportAndSkipsSdes() {
        byte[] b = hex(SR + SDES);
        assertThat(rtcp.parse(b, 0, b.length)).isEqualTo(RtcpParseResult.OK);
        assertThat(rtcp.packetCount()).isEqualTo(2);

        assertThat(rtcp.next()).isTrue();
        assertThat(rtcp.kind()).isEqualTo(RtcpPacketKind.SENDER_REPORT);
        assertThat(rtcp.packetType()).isEqualTo(200);
        assertThat(rtcp.packetOffset()).isZero();
        assertThat(rtcp.packetLength()).isEqualTo(52);
        assertThat(rtcp.senderSsrc()).isEqualTo(0x11223344L);
        assertThat(rtcp.ntpTimestamp()).isEqualTo(0xe8f0a1b280000000L);
        assertThat(rtcp.rtpTimestamp()).isEqualTo(123456);
        assertThat(rtcp.senderPacketCount()).isEqualTo(100);
        assertThat(rtcp.senderOctetCount()).isEqualTo(8000);
        assertThat(rtcp.reportCount()).isEqualTo(1);
        assertThat(rtcp.reportBlockOffset(0)).isEqualTo(28);
        assertThat(rtcp.reportBlock(0, block)).isTrue();
        assertThat(block.ssrc()).isEqualTo(0xdeadbeefL);
        assertThat(block.fractionLost()).isEqualTo(64);
        assertThat(block.cumulativeLost()).isEqualTo(-2);
        assertThat(block.extendedHighestSequence()).isEqualTo(0x10005L);
        assertThat(block.jitter()).isEqualTo(35);
        assertThat(block.lastSenderReport()).isEqualTo(0xa1b28000L);
        assertThat(block.delaySinceLastSenderReport()).isEqualTo(65536);
        assertThat(rtcp.reportBlock(1, block)).isFalse();
        assertThat(rtcp.mediaSsrc()).isEqualTo(-1);
        assertThat(rtcp.nackCount()).isZero();

        assertThat(rtcp.next()).isTrue();
        assertThat(rtcp.kind()).isEqualTo(RtcpPacketKind.SOURCE_DESCRIPTION);
        assertThat(rtcp.packetOffset()).isEqualTo(52);
        assertThat(rtcp.bodyOffset()).isEqualTo(56);
        assertThat(rtcp.bodyLength()).isEqualTo(12);
        assertThat(rtcp.senderSsrc()).as("SDES has chunks, not a sender SSRC").isEqualTo(-1);
        assertThat(rtcp.ntpTimestamp()).isZero();
        assertThat(rtcp.reportCount()).isZero();

        assertThat(rtcp.next()).isFalse();
        assertThat(rtcp.kind()).isNull();
        assertThat(rtcp.packetOffset()).isEqualTo(-1);
    }

    @Test
    void readsReceiverReportBlocksWithSignedLoss() {
        byte[] b = hex(RR);
        assertThat(rtcp.parse(b, 0, b.length)).isEqualTo(RtcpParseResult.OK);
        assertThat(rtcp.next()).isTrue();
        assertThat(rtcp.kind()).isEqualTo(RtcpPacketKind.RECEIVER_REPORT);
        assertThat(rtcp.senderSsrc()).isEqualTo(0x0a0b0c0dL);
        assertThat(rtcp.reportCount()).isEqualTo(2);
        assertThat(rtcp.reportBlock(0, block)).isTrue();
        assertThat(block.fractionLost()).isEqualTo(255);
        assertThat(block.cumulativeLost()).isEqualTo(0x7fffff);
        assertThat(block.extendedHighestSequence()).isEqualTo(0xffff);
        assertThat(block.jitter()).isEqualTo(0xffffffffL);
        assertThat(rtcp.reportBlock(1, block)).isTrue();
        assertThat(block.ssrc()).isEqualTo(2);
        assertThat(block.cumulativeLost()).isZero();
        assertThat(block.extendedHighestSequence()).isEqualTo(0x20000);
        assertThat(block.lastSenderReport()).isEqualTo(0x12345678L);
        assertThat(block.delaySinceLastSenderReport()).isEqualTo(256);
        assertThat(rtcp.ntpTimestamp()).isZero();
        assertThat(rtcp.rtpTimestamp()).isEqualTo(-1);
    }

    @Test
    void readsReducedSizeFeedbackAndBye() {
        // RFC 5506: a compound need not start with SR/RR.
        byte[] b = hex(NACK + PLI + BYE);
        assertThat(rtcp.parse(b, 0, b.length)).isEqualTo(RtcpParseResult.OK);

        assertThat(rtcp.next()).isTrue();
        assertThat(rtcp.kind()).isEqualTo(RtcpPacketKind.GENERIC_NACK);
        assertThat(rtcp.count()).isEqualTo(1);
        assertThat(rtcp.senderSsrc()).isEqualTo(0x0a0b0c0dL);
        assertThat(rtcp.mediaSsrc()).isEqualTo(0xdeadbeefL);
        assertThat(rtcp.nackCount()).isEqualTo(2);
        assertThat(rtcp.nackPid(0)).isEqualTo(100);
        assertThat(rtcp.nackBlp(0)).isEqualTo(0x8001);
        assertThat(rtcp.nackPid(1)).isEqualTo(0xfffe);
        assertThat(rtcp.nackBlp(1)).isZero();
        assertThat(rtcp.nackPid(2)).isEqualTo(-1);
        assertThat(rtcp.nackBlp(-1)).isEqualTo(-1);
        assertThat(rtcp.reportCount()).isZero();

        assertThat(rtcp.next()).isTrue();
        assertThat(rtcp.kind()).isEqualTo(RtcpPacketKind.PICTURE_LOSS_INDICATION);
        assertThat(rtcp.senderSsrc()).isEqualTo(0x0a0b0c0dL);
        assertThat(rtcp.mediaSsrc()).isEqualTo(0xdeadbeefL);
        assertThat(rtcp.nackCount()).isZero();

        assertThat(rtcp.next()).isTrue();
        assertThat(rtcp.kind()).isEqualTo(RtcpPacketKind.BYE);
        assertThat(rtcp.byeSsrcCount()).isEqualTo(2);
        assertThat(rtcp.byeSsrc(0)).isEqualTo(0x11111111L);
        assertThat(rtcp.byeSsrc(1)).isEqualTo(0x22222222L);
        assertThat(rtcp.byeSsrc(2)).isEqualTo(-1);
        assertThat(rtcp.senderSsrc()).isEqualTo(-1);
        assertThat(rtcp.next()).isFalse();

        rtcp.rewind();
        assertThat(rtcp.next()).isTrue();
        assertThat(rtcp.kind()).isEqualTo(RtcpPacketKind.GENERIC_NACK);
    }

    @Test
    void classifiesTheKindsItSkips() {
        String twcc = "8fcd0005" + "0a0b0c0d" + "deadbeef" + "00010002" + "00000000" + "20020000"; // RTPFB FMT 15
        String remb = "8fce0005" + "0a0b0c0d" + "00000000" + "52454d42" + "01040000" + "deadbeef"; // PSFB FMT 15
        String fir = "84ce0004" + "0a0b0c0d" + "00000000" + "deadbeef" + "01000000";               // PSFB FMT 4
        String app = "80cc0002" + "0a0b0c0d" + "41424344";
        String xr = "80cf0001" + "0a0b0c0d";
        String unknown = "80d00000"; // PT 208
        byte[] b = hex("80c90001" + "0a0b0c0d" + twcc + remb + fir + app + xr + unknown);
        assertThat(rtcp.parse(b, 0, b.length)).isEqualTo(RtcpParseResult.OK);
        RtcpPacketKind[] expected = {RtcpPacketKind.RECEIVER_REPORT, RtcpPacketKind.OTHER_TRANSPORT_FEEDBACK,
                RtcpPacketKind.OTHER_PAYLOAD_FEEDBACK, RtcpPacketKind.OTHER_PAYLOAD_FEEDBACK, RtcpPacketKind.APP,
                RtcpPacketKind.EXTENDED_REPORT, RtcpPacketKind.UNKNOWN};
        for (RtcpPacketKind k : expected) {
            assertThat(rtcp.next()).isTrue();
            assertThat(rtcp.kind()).isEqualTo(k);
        }
        assertThat(rtcp.next()).isFalse();
    }

    @Test
    void paddingIsAllowedOnlyOnTheLastPacket() {
        // PLI padded by 4 bytes (count byte included), last in the compound: fine.
        byte[] ok = hex("80c90001" + "0a0b0c0d" + "a1ce0003" + "0a0b0c0d" + "deadbeef" + "00000004");
        assertThat(rtcp.parse(ok, 0, ok.length)).isEqualTo(RtcpParseResult.OK);
        rtcp.next();
        assertThat(rtcp.next()).isTrue();
        assertThat(rtcp.kind()).isEqualTo(RtcpPacketKind.PICTURE_LOSS_INDICATION);
        assertThat(rtcp.paddingLength()).isEqualTo(4);
        assertThat(rtcp.bodyLength()).isEqualTo(8);

        byte[] first = hex("a0c90002" + "0a0b0c0d" + "00000004" + PLI);
        assertThat(rtcp.parse(first, 0, first.length)).isEqualTo(RtcpParseResult.BAD_PADDING);
        byte[] zero = hex("a1ce0003" + "0a0b0c0d" + "deadbeef" + "00000000");
        assertThat(rtcp.parse(zero, 0, zero.length)).isEqualTo(RtcpParseResult.BAD_PADDING);
        byte[] tooMuch = hex("a1ce0003" + "0a0b0c0d" + "deadbeef" + "00000011");
        assertThat(rtcp.parse(tooMuch, 0, tooMuch.length)).isEqualTo(RtcpParseResult.BAD_PADDING);
        // Padding that eats into the feedback's SSRCs leaves too short a PLI.
        byte[] eats = hex("a1ce0003" + "0a0b0c0d" + "deadbeef" + "00000008");
        assertThat(rtcp.parse(eats, 0, eats.length)).isEqualTo(RtcpParseResult.BAD_FEEDBACK);
    }

    @Test
    void rejectsEachMalformationWithItsReason() {
        assertThat(parse("")).isEqualTo(RtcpParseResult.TOO_SHORT);
        assertThat(parse("80c900")).isEqualTo(RtcpParseResult.TOO_SHORT);
        assertThat(parse("40c900010a0b0c0d")).isEqualTo(RtcpParseResult.BAD_VERSION);
        assertThat(parse(PLI + "40c900010a0b0c0d")).as("version checked on every packet").isEqualTo(RtcpParseResult.BAD_VERSION);
        assertThat(parse("80c900020a0b0c0d")).as("length beyond end").isEqualTo(RtcpParseResult.BAD_LENGTH);
        assertThat(parse(PLI + "80")).as("trailing bytes").isEqualTo(RtcpParseResult.BAD_LENGTH);
        assertThat(parse(PLI + "80c9")).isEqualTo(RtcpParseResult.BAD_LENGTH);
        assertThat(parse("80c9ffff0a0b0c0d")).isEqualTo(RtcpParseResult.BAD_LENGTH);
        assertThat(parse("81c800060a0b0c0d" + "00".repeat(20))).as("SR announcing a block it lacks").isEqualTo(RtcpParseResult.BAD_SENDER_REPORT);
        assertThat(parse("80c800050a0b0c0d" + "00".repeat(16))).as("SR without full sender info").isEqualTo(RtcpParseResult.BAD_SENDER_REPORT);
        assertThat(parse("81c900010a0b0c0d")).isEqualTo(RtcpParseResult.BAD_RECEIVER_REPORT);
        assertThat(parse("80c90000")).as("RR without sender SSRC").isEqualTo(RtcpParseResult.BAD_RECEIVER_REPORT);
        assertThat(parse("83cb00020a0b0c0d0a0b0c0d")).isEqualTo(RtcpParseResult.BAD_BYE);
        assertThat(parse("81cd00010a0b0c0d")).isEqualTo(RtcpParseResult.BAD_FEEDBACK);
        assertThat(parse("81ce00010a0b0c0d")).isEqualTo(RtcpParseResult.BAD_FEEDBACK);
        assertThat(rtcp.next()).isFalse();
        assertThat(rtcp.packetCount()).isZero();
    }

    @Test
    void rejectsRangesOutsideTheBuffer() {
        byte[] b = hex(PLI);
        assertThat(rtcp.parse(null, 0, 4)).isEqualTo(RtcpParseResult.OUT_OF_BOUNDS);
        assertThat(rtcp.parse(b, -1, 4)).isEqualTo(RtcpParseResult.OUT_OF_BOUNDS);
        assertThat(rtcp.parse(b, 0, -4)).isEqualTo(RtcpParseResult.OUT_OF_BOUNDS);
        assertThat(rtcp.parse(b, 4, b.length)).isEqualTo(RtcpParseResult.OUT_OF_BOUNDS);
        assertThat(rtcp.parse(b, Integer.MAX_VALUE, Integer.MAX_VALUE)).isEqualTo(RtcpParseResult.OUT_OF_BOUNDS);
    }

    @Test
    void everyTruncationIsRejectedExceptAtPacketBoundaries() {
        byte[] b = hex(SR + SDES + NACK + PLI + BYE);
        int[] boundaries = {52, 68, 88, 100, 116};
        for (int n = 0; n <= b.length; n++) {
            RtcpParseResult r = rtcp.parse(b, 0, n);
            int len = n;
            boolean boundary = java.util.Arrays.stream(boundaries).anyMatch(x -> x == len);
            assertThat(r == RtcpParseResult.OK).as("length %d", n).isEqualTo(boundary);
        }
    }

    @Test
    void parsesAtAnOffset() {
        byte[] inner = hex(NACK);
        byte[] b = new byte[inner.length + 9];
        System.arraycopy(inner, 0, b, 5, inner.length);
        assertThat(rtcp.parse(b, 5, inner.length)).isEqualTo(RtcpParseResult.OK);
        assertThat(rtcp.next()).isTrue();
        assertThat(rtcp.packetOffset()).isEqualTo(5);
        assertThat(rtcp.nackPid(0)).isEqualTo(100);
    }

    @Test
    void randomBytesNeverThrowAndStayInBounds() {
        SplittableRandom rnd = new SplittableRandom(7);
        byte[] b = new byte[96];
        for (int i = 0; i < 200_000; i++) {
            rnd.nextBytes(b);
            // Bias towards plausible headers so the deeper checks are reached.
            b[0] = (byte) (0x80 | (b[0] & 0x3F));
            b[1] = (byte) (200 + rnd.nextInt(8));
            b[2] = 0;
            b[3] = (byte) rnd.nextInt(24);
            int len = rnd.nextInt(b.length + 1);
            if (rtcp.parse(b, 0, len) == RtcpParseResult.OK) {
                int seen = 0;
                while (rtcp.next()) {
                    assertThat(rtcp.packetOffset() + rtcp.packetLength()).isLessThanOrEqualTo(len);
                    for (int k = 0; k < rtcp.reportCount(); k++) {
                        assertThat(rtcp.reportBlockOffset(k) + ReportBlock.LENGTH).isLessThanOrEqualTo(len);
                        rtcp.reportBlock(k, block);
                    }
                    for (int k = 0; k < rtcp.nackCount(); k++) {
                        assertThat(rtcp.nackPid(k)).isBetween(0, 0xffff);
                    }
                    for (int k = 0; k < rtcp.byeSsrcCount(); k++) {
                        assertThat(rtcp.byeSsrc(k)).isNotNegative();
                    }
                    rtcp.ntpTimestamp();
                    rtcp.mediaSsrc();
                    seen++;
                }
                assertThat(seen).isEqualTo(rtcp.packetCount());
            }
        }
    }

    private RtcpParseResult parse(String hex) {
        byte[] b = hex(hex);
        return rtcp.parse(b, 0, b.length);
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
