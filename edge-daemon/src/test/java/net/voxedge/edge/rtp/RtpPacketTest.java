package net.voxedge.edge.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RtpPacketTest {

    /**
     * An Opus packet laid out as Chromium sends it: X=1, PT 111, one-byte extensions
     * ssrc-audio-level (id 1, V=1 level 30), abs-send-time (id 2, 3 bytes),
     * transport-wide-cc (id 3, 2 bytes), then zero padding to a 32-bit boundary.
     */
    static final byte[] CHROMIUM_OPUS = HexFormat.of().parseHex(
            "90" + "6f" + "1a2b" + "00012c40" + "deadbeef"   // V=2 X=1 CC=0, M=0 PT=111, seq 6699, ts 76864, ssrc
            + "bede" + "0003"                                 // one-byte form, 3 words
            + "10" + "9e"                                     // id 1, L=0: V=1 level 30
            + "22" + "a1b2c3"                                 // id 2, L=2: abs-send-time
            + "31" + "0102"                                   // id 3, L=1: transport seq 258
            + "000000"                                        // padding
            + "78" + "0b0c0d0e0f");                           // Opus TOC + frame bytes

    private final RtpPacket p = new RtpPacket();

    @Test
    void parsesChromiumOpusPacketWithAudioLevel() {
        assertThat(p.parse(CHROMIUM_OPUS, 0, CHROMIUM_OPUS.length)).isEqualTo(RtpParseResult.OK);
        assertThat(p.version()).isEqualTo(2);
        assertThat(p.padding()).isFalse();
        assertThat(p.extension()).isTrue();
        assertThat(p.csrcCount()).isZero();
        assertThat(p.marker()).isFalse();
        assertThat(p.payloadType()).isEqualTo(111);
        assertThat(p.sequenceNumber()).isEqualTo(0x1a2b);
        assertThat(p.timestamp()).isEqualTo(0x00012c40L);
        assertThat(p.ssrc()).isEqualTo(0xdeadbeefL);
        assertThat(p.extensionProfile()).isEqualTo(0xBEDE);
        assertThat(p.headerLength()).isEqualTo(12 + 4 + 12);
        assertThat(p.payloadOffset()).isEqualTo(28);
        assertThat(p.payloadLength()).isEqualTo(6);
        assertThat(CHROMIUM_OPUS[p.payloadOffset()]).isEqualTo((byte) 0x78);

        assertThat(p.audioLevel(1)).isEqualTo(30);
        assertThat(p.voiceActivity(1)).isTrue();
        assertThat(p.findExtension(2)).isEqualTo(19);
        assertThat(p.foundExtensionLength()).isEqualTo(3);
        assertThat(p.findExtension(3)).isEqualTo(23);
        assertThat(p.foundExtensionLength()).isEqualTo(2);
        assertThat(RtpPacket.u16(CHROMIUM_OPUS, 23)).isEqualTo(258);
        assertThat(p.findExtension(4)).isEqualTo(-1);
        assertThat(p.audioLevel(4)).isEqualTo(-1);
        assertThat(p.voiceActivity(4)).isFalse();
        assertThat(p.audioLevel(0)).as("id 0 is padding, never an element").isEqualTo(-1);
        assertThat(p.audioLevel(15)).as("one-byte form has no id 15").isEqualTo(-1);
        assertThat(p.audioLevel(256)).isEqualTo(-1);
    }

    @Test
    void silentPacketWithoutVoiceActivity() {
        byte[] b = CHROMIUM_OPUS.clone();
        b[17] = (byte) 0x7F; // V=0, level 127 (silence)
        assertThat(p.parse(b, 0, b.length)).isEqualTo(RtpParseResult.OK);
        assertThat(p.audioLevel(1)).isEqualTo(127);
        assertThat(p.voiceActivity(1)).isFalse();
    }

    @Test
    void parsesAtAnOffsetInsideALargerBuffer() {
        byte[] big = new byte[CHROMIUM_OPUS.length + 100];
        System.arraycopy(CHROMIUM_OPUS, 0, big, 37, CHROMIUM_OPUS.length);
        assertThat(p.parse(big, 37, CHROMIUM_OPUS.length)).isEqualTo(RtpParseResult.OK);
        assertThat(p.payloadOffset()).isEqualTo(37 + 28);
        assertThat(p.findExtension(2)).isEqualTo(37 + 19);
        assertThat(p.audioLevel(1)).isEqualTo(30);
        assertThat(p.ssrc()).isEqualTo(0xdeadbeefL);
    }

    @Test
    void twoByteExtensionFormRfc8285() {
        byte[] b = HexFormat.of().parseHex(
                "90" + "e0" + "0001" + "00000010" + "00000001"  // X=1, M=1, PT 96
                + "1000" + "0003"                                // two-byte form (appbits 0), 3 words
                + "01" + "01" + "55"                             // id 1, length 1
                + "00"                                           // padding byte
                + "c8" + "00"                                    // id 200, length 0 (allowed in this form)
                + "0f" + "03" + "aabbcc"                         // id 15, length 3 (legal here)
                + "00"                                           // padding
                + "cafe");
        assertThat(p.parse(b, 0, b.length)).isEqualTo(RtpParseResult.OK);
        assertThat(p.marker()).isTrue();
        assertThat(p.payloadType()).isEqualTo(96);
        assertThat(p.extensionProfile()).isEqualTo(0x1000);
        assertThat(p.findExtension(1)).isEqualTo(16 + 2);
        assertThat(p.foundExtensionLength()).isEqualTo(1);
        assertThat(p.audioLevel(1)).isEqualTo(0x55);
        assertThat(p.findExtension(200)).isEqualTo(16 + 6);
        assertThat(p.foundExtensionLength()).isZero();
        assertThat(p.audioLevel(200)).as("zero-length element has no level byte").isEqualTo(-1);
        assertThat(p.findExtension(15)).isEqualTo(16 + 8);
        assertThat(p.foundExtensionLength()).isEqualTo(3);
        assertThat(p.findExtension(2)).isEqualTo(-1);
        assertThat(p.payloadLength()).isEqualTo(2);
    }

    @Test
    void twoByteAppbitsVariantIsRecognised() {
        byte[] b = HexFormat.of().parseHex("90000001000000000000000a" + "100f0001" + "07012a00");
        assertThat(p.parse(b, 0, b.length)).isEqualTo(RtpParseResult.OK);
        assertThat(p.audioLevel(7)).isEqualTo(0x2a);
    }

    @Test
    void oneByteReservedId15StopsTheScan() {
        byte[] b = HexFormat.of().parseHex("900000010000000000000001" + "bede0002" + "f0" + "10" + "85" + "0000000000");
        assertThat(p.parse(b, 0, b.length)).isEqualTo(RtpParseResult.OK);
        assertThat(p.audioLevel(1)).as("element after id 15 must not be seen").isEqualTo(-1);
    }

    @Test
    void unknownExtensionProfileHasNoElements() {
        byte[] b = HexFormat.of().parseHex("900000010000000000000001" + "abcd0001" + "10850000");
        assertThat(p.parse(b, 0, b.length)).isEqualTo(RtpParseResult.OK);
        assertThat(p.extensionProfile()).isEqualTo(0xabcd);
        assertThat(p.audioLevel(1)).isEqualTo(-1);
        assertThat(p.payloadLength()).isZero();
    }

    @Test
    void elementOverrunningTheExtensionIsNotFound() {
        // id 1 claims 16 bytes of data inside a 4-byte extension body.
        byte[] b = HexFormat.of().parseHex("900000010000000000000001" + "bede0001" + "1f850000" + "ffffffffffffffffffff");
        assertThat(p.parse(b, 0, b.length)).isEqualTo(RtpParseResult.OK);
        assertThat(p.findExtension(1)).isEqualTo(-1);
    }

    @Test
    void csrcListAndPadding() {
        byte[] b = HexFormat.of().parseHex(
                "a2" + "08" + "ffff" + "ffffffff" + "00000042"   // P=1 CC=2, PT 8, seq 65535
                + "11111111" + "22222222"
                + "d5d5d5"                                        // payload
                + "000003");                                      // 3 bytes of padding
        assertThat(p.parse(b, 0, b.length)).isEqualTo(RtpParseResult.OK);
        assertThat(p.padding()).isTrue();
        assertThat(p.csrcCount()).isEqualTo(2);
        assertThat(p.csrc(0)).isEqualTo(0x11111111L);
        assertThat(p.csrc(1)).isEqualTo(0x22222222L);
        assertThat(p.csrc(2)).isEqualTo(-1);
        assertThat(p.csrc(-1)).isEqualTo(-1);
        assertThat(p.sequenceNumber()).isEqualTo(65535);
        assertThat(p.timestamp()).isEqualTo(0xffffffffL);
        assertThat(p.headerLength()).isEqualTo(20);
        assertThat(p.paddingLength()).isEqualTo(3);
        assertThat(p.payloadLength()).isEqualTo(3);
        assertThat(p.extensionProfile()).isEqualTo(-1);
        assertThat(p.findExtension(1)).isEqualTo(-1);
    }

    @Test
    void paddingFillingTheWholeBodyIsAllowed() {
        byte[] b = HexFormat.of().parseHex("a0000001000000000000000100000004");
        assertThat(p.parse(b, 0, b.length)).isEqualTo(RtpParseResult.OK);
        assertThat(p.payloadLength()).isZero();
    }

    @Test
    void rejectsEachMalformationWithItsReason() {
        assertThat(p.parse(new byte[11], 0, 11)).isEqualTo(RtpParseResult.TOO_SHORT);
        assertThat(p.parse(hex("400000010000000000000001"), 0, 12)).isEqualTo(RtpParseResult.BAD_VERSION);
        assertThat(p.parse(hex("c00000010000000000000001"), 0, 12)).isEqualTo(RtpParseResult.BAD_VERSION);
        assertThat(p.parse(hex("000000010000000000000001"), 0, 12)).isEqualTo(RtpParseResult.BAD_VERSION);
        // CC=15 needs 72 bytes of header.
        assertThat(p.parse(hex("8f0000010000000000000001" + "00".repeat(56)), 0, 68)).isEqualTo(RtpParseResult.BAD_CSRC_COUNT);
        // X=1 but nothing after the fixed header.
        assertThat(p.parse(hex("900000010000000000000001"), 0, 12)).isEqualTo(RtpParseResult.BAD_EXTENSION_LENGTH);
        // X=1 with a 2-word body announced, 1 word present.
        assertThat(p.parse(hex("900000010000000000000001bede000210850000"), 0, 20)).isEqualTo(RtpParseResult.BAD_EXTENSION_LENGTH);
        // Extension length 0xFFFF words.
        assertThat(p.parse(hex("900000010000000000000001bedeffff"), 0, 16)).isEqualTo(RtpParseResult.BAD_EXTENSION_LENGTH);
        // P=1 with count 0.
        assertThat(p.parse(hex("a00000010000000000000001aabb00"), 0, 15)).isEqualTo(RtpParseResult.BAD_PADDING);
        // P=1 with count larger than the body.
        assertThat(p.parse(hex("a00000010000000000000001aabb04"), 0, 15)).isEqualTo(RtpParseResult.BAD_PADDING);
        // P=1, header only: the count byte would be inside the header.
        assertThat(p.parse(hex("a00000010000000000000001"), 0, 12)).isEqualTo(RtpParseResult.BAD_PADDING);
        assertThat(p.isValid()).isFalse();
        assertThat(p.payloadLength()).isZero();
        assertThat(p.audioLevel(1)).isEqualTo(-1);
    }

    @Test
    void rejectsRangesOutsideTheBuffer() {
        assertThat(p.parse(null, 0, 12)).isEqualTo(RtpParseResult.OUT_OF_BOUNDS);
        assertThat(p.parse(CHROMIUM_OPUS, -1, 12)).isEqualTo(RtpParseResult.OUT_OF_BOUNDS);
        assertThat(p.parse(CHROMIUM_OPUS, 0, -1)).isEqualTo(RtpParseResult.OUT_OF_BOUNDS);
        assertThat(p.parse(CHROMIUM_OPUS, 1, CHROMIUM_OPUS.length)).isEqualTo(RtpParseResult.OUT_OF_BOUNDS);
        assertThat(p.parse(CHROMIUM_OPUS, Integer.MAX_VALUE, Integer.MAX_VALUE)).isEqualTo(RtpParseResult.OUT_OF_BOUNDS);
    }

    @Test
    void failedParseForgetsThePreviousPacket() {
        assertThat(p.parse(CHROMIUM_OPUS, 0, CHROMIUM_OPUS.length)).isEqualTo(RtpParseResult.OK);
        assertThat(p.parse(CHROMIUM_OPUS, 0, 5)).isEqualTo(RtpParseResult.TOO_SHORT);
        assertThat(p.ssrc()).isZero();
        assertThat(p.audioLevel(1)).isEqualTo(-1);
        assertThat(p.headerLength()).isZero();
        assertThat(p.extensionProfile()).isEqualTo(-1);
    }

    @Test
    void everyTruncationFailsInsideTheHeaderAndShortensThePayloadAfterIt() {
        for (int n = 0; n <= CHROMIUM_OPUS.length; n++) {
            RtpParseResult r = p.parse(CHROMIUM_OPUS, 0, n);
            if (n < 28) {
                assertThat(r).as("length %d", n).isNotEqualTo(RtpParseResult.OK);
            } else {
                assertThat(r).as("length %d", n).isEqualTo(RtpParseResult.OK);
                assertThat(p.payloadLength()).isEqualTo(n - 28);
            }
        }
    }

    @Test
    void parseHeaderIgnoresAnEncryptedPaddingCount() {
        // P=1 but the last byte (part of an SRTP auth tag here) is 0 which a full parse rejects.
        byte[] b = hex("a06f0001000000640000000a" + "c0ffee" + "00000000000000000000");
        assertThat(p.parse(b, 0, b.length)).isEqualTo(RtpParseResult.BAD_PADDING);
        assertThat(p.parseHeader(b, 0, b.length)).isEqualTo(RtpParseResult.OK);
        assertThat(p.headerLength()).isEqualTo(12);
        assertThat(p.payloadLength()).isEqualTo(13);
        assertThat(p.paddingLength()).isZero();
    }

    @Test
    void writesAndRewritesHeaderFieldsInPlace() {
        byte[] b = new byte[20];
        assertThat(RtpPacket.writeFixedHeader(b, 4, 16, 111, true, 65535, 0xfffffff0L, 0x12345678L)).isEqualTo(12);
        assertThat(p.parse(b, 4, 16)).isEqualTo(RtpParseResult.OK);
        assertThat(p.marker()).isTrue();
        assertThat(p.payloadType()).isEqualTo(111);
        assertThat(p.sequenceNumber()).isEqualTo(65535);
        assertThat(p.timestamp()).isEqualTo(0xfffffff0L);
        assertThat(p.ssrc()).isEqualTo(0x12345678L);
        assertThat(p.payloadLength()).isEqualTo(4);

        byte[] c = CHROMIUM_OPUS.clone();
        assertThat(RtpPacket.setSsrc(c, 0, 0xCAFEBABEL)).isTrue();
        assertThat(RtpPacket.setSequenceNumber(c, 0, 0x10000 + 7)).isTrue();
        assertThat(RtpPacket.setTimestamp(c, 0, 0x1_0000_0005L)).isTrue();
        assertThat(p.parse(c, 0, c.length)).isEqualTo(RtpParseResult.OK);
        assertThat(p.ssrc()).isEqualTo(0xCAFEBABEL);
        assertThat(p.sequenceNumber()).isEqualTo(7);
        assertThat(p.timestamp()).isEqualTo(5);
        // Everything else untouched.
        assertThat(p.audioLevel(1)).isEqualTo(30);
        assertThat(java.util.Arrays.copyOfRange(c, 12, c.length)).isEqualTo(java.util.Arrays.copyOfRange(CHROMIUM_OPUS, 12, c.length));
        assertThat(c[0]).isEqualTo(CHROMIUM_OPUS[0]);
        assertThat(c[1]).isEqualTo(CHROMIUM_OPUS[1]);
    }

    @Test
    void writersRefuseBuffersTooSmall() {
        assertThat(RtpPacket.writeFixedHeader(new byte[12], 1, 12, 0, false, 0, 0, 0)).isEqualTo(-1);
        assertThat(RtpPacket.writeFixedHeader(new byte[20], 0, 11, 0, false, 0, 0, 0)).isEqualTo(-1);
        assertThat(RtpPacket.writeFixedHeader(null, 0, 12, 0, false, 0, 0, 0)).isEqualTo(-1);
        assertThat(RtpPacket.setSsrc(new byte[11], 0, 1)).isFalse();
        assertThat(RtpPacket.setSequenceNumber(new byte[12], 1, 1)).isFalse();
        assertThat(RtpPacket.setTimestamp(new byte[12], -1, 1)).isFalse();
    }

    @Test
    void randomBytesNeverThrowAndStayInBounds() {
        SplittableRandom rnd = new SplittableRandom(42);
        byte[] b = new byte[64];
        for (int i = 0; i < 200_000; i++) {
            rnd.nextBytes(b);
            b[0] = (byte) ((b[0] & 0x3F) | 0x80); // mostly version 2 so the deeper checks run
            int len = rnd.nextInt(b.length + 1);
            if (p.parse(b, 0, len) == RtpParseResult.OK) {
                assertThat(p.headerLength() + p.payloadLength() + p.paddingLength()).isEqualTo(len);
                for (int id = 1; id < 256; id++) {
                    int at = p.findExtension(id);
                    if (at >= 0) {
                        assertThat(at + p.foundExtensionLength()).isLessThanOrEqualTo(p.headerLength());
                    }
                }
            }
        }
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
