package net.voxedge.backbone.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpusTocTest {
    private static int samples(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return OpusToc.packetSamples48k(b, 0, b.length);
    }

    private static int toc(int config, boolean stereo, int code) {
        return config << 3 | (stereo ? 4 : 0) | code;
    }

    @Test
    void frameSizesFollowTheConfigTableOfRfc6716() {
        // Table 2 of RFC 6716 §3.1: SILK 10/20/40/60, Hybrid 10/20, CELT 2.5/5/10/20 ms.
        assertThat(OpusToc.frameSamples48k(toc(0, false, 0))).isEqualTo(480);
        assertThat(OpusToc.frameSamples48k(toc(1, false, 0))).isEqualTo(960);
        assertThat(OpusToc.frameSamples48k(toc(2, false, 0))).isEqualTo(1920);
        assertThat(OpusToc.frameSamples48k(toc(11, false, 0))).isEqualTo(2880);
        assertThat(OpusToc.frameSamples48k(toc(12, false, 0))).isEqualTo(480);
        assertThat(OpusToc.frameSamples48k(toc(15, false, 0))).isEqualTo(960);
        assertThat(OpusToc.frameSamples48k(toc(16, false, 0))).isEqualTo(120);
        assertThat(OpusToc.frameSamples48k(toc(31, false, 0))).isEqualTo(960);
        assertThat(OpusToc.isStereo(toc(31, true, 0))).isTrue();
        assertThat(OpusToc.isStereo(toc(31, false, 0))).isFalse();
    }

    @Test
    void frameCountCodes() {
        assertThat(samples(toc(31, false, 0), 1, 2, 3)).isEqualTo(960);
        assertThat(samples(toc(31, false, 1), 1, 2)).isEqualTo(1920);
        assertThat(samples(toc(31, false, 1), 1, 2, 3)).isEqualTo(OpusPacketError.CODE1_ODD_LENGTH.code());
        assertThat(samples(toc(31, false, 2), 2, 9, 9, 9)).isEqualTo(1920);
        assertThat(samples(toc(31, false, 2), 5, 9)).isEqualTo(OpusPacketError.CODE2_BAD_LENGTH.code());
        assertThat(samples(toc(31, false, 2))).isEqualTo(OpusPacketError.CODE2_BAD_LENGTH.code());
        assertThat(samples(toc(31, false, 2), 252)).isEqualTo(OpusPacketError.CODE2_BAD_LENGTH.code());
        assertThat(samples(toc(31, false, 3), 3, 0, 0)).isEqualTo(2880);
        assertThat(samples(toc(31, false, 3), 6)).isEqualTo(5760); // 6 × 20 ms = 120 ms, the limit
        assertThat(samples(toc(31, false, 3), 7)).isEqualTo(OpusPacketError.TOO_LONG.code());
        assertThat(samples(toc(11, false, 3), 3)).isEqualTo(OpusPacketError.TOO_LONG.code()); // 3 × 60 ms
        assertThat(samples(toc(31, false, 3), 0)).isEqualTo(OpusPacketError.CODE3_BAD_HEADER.code());
        assertThat(samples(toc(31, false, 3))).isEqualTo(OpusPacketError.CODE3_BAD_HEADER.code());
        assertThat(samples()).isEqualTo(OpusPacketError.EMPTY.code());
    }

    @Test
    void code3PaddingMustFit() {
        int padded = 0x40 | 1;
        assertThat(samples(toc(31, false, 3), padded, 2, 7, 0, 0)).isEqualTo(960);
        assertThat(samples(toc(31, false, 3), padded, 3, 7, 0)).isEqualTo(OpusPacketError.CODE3_BAD_HEADER.code());
        assertThat(samples(toc(31, false, 3), padded, 255)).isEqualTo(OpusPacketError.CODE3_BAD_HEADER.code());
        assertThat(samples(toc(31, false, 3), padded)).isEqualTo(OpusPacketError.CODE3_BAD_HEADER.code());
    }

    @Test
    void errorCodesMapBackToTheirReason() {
        for (OpusPacketError e : OpusPacketError.values()) {
            assertThat(e.code()).isNegative();
            assertThat(OpusPacketError.ofCode(e.code())).isSameAs(e);
        }
        assertThat(OpusPacketError.ofCode(0)).isNull();
        assertThat(OpusPacketError.ofCode(-1000)).isNull();
    }
}
