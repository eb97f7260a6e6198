package net.voxedge.backbone.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** User Opus packets come from the Internet: framing checks and the uplink path must be total. */
class OpusPacketFuzzTest {
    private static final UplinkTranscoder UPLINK = new UplinkTranscoder(ConcentusOpusCodec.INSTANCE, OpusToc.MAX_PACKET_SAMPLES_48K);
    private static final short[] OUT = new short[UplinkTranscoder.MAX_OUTPUT_SAMPLES];

    @FuzzTest
    void framingAndDecodeAreTotal(byte[] packet) {
        int samples = OpusToc.packetSamples48k(packet, 0, packet.length);
        if (samples >= 0) {
            assertThat(samples).isBetween(120, OpusToc.MAX_PACKET_SAMPLES_48K);
        } else {
            assertThat(OpusPacketError.ofCode(samples)).isNotNull();
        }
        int n = UPLINK.transcode(packet, 0, packet.length, OUT, 0);
        if (n >= 0) {
            assertThat(samples).isNotNegative();
            // Half the 48 kHz samples, give or take the decimation phase.
            assertThat(n).isBetween(samples / 2 - 1, samples / 2 + 1);
        } else {
            assertThat(OpusPacketError.ofCode(n)).isNotNull();
        }
    }
}
