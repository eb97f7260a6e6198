package net.voxedge.backbone.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscoderTest {
    @Test
    void uplinkTurnsOpusFramesInto24kPcm() {
        short[] in = Signals.sine(440, 48_000, 0.4, 48_000);
        List<byte[]> packets = new ArrayList<>();
        try (OpusEncoderEngine enc = ConcentusOpusCodec.INSTANCE.newEncoder(OpusEncoderSettings.VOICE)) {
            byte[] buf = new byte[OpusCodec.MAX_PACKET_BYTES];
            for (int off = 0; off < in.length; off += 960) {
                int n = enc.encode(in, off, 960, buf, 0, buf.length);
                packets.add(java.util.Arrays.copyOf(buf, n));
            }
        }
        short[] out = new short[24_000];
        int total = 0;
        try (UplinkTranscoder up = new UplinkTranscoder(ConcentusOpusCodec.INSTANCE, 960)) {
            for (int i = 0; i < packets.size(); i++) {
                byte[] p = packets.get(i);
                int n = i == 25 ? up.conceal(960, out, total) : up.transcode(p, 0, p.length, out, total);
                assertThat(n).isEqualTo(480);
                total += n;
            }
        }
        assertThat(total).isEqualTo(24_000);
        assertThat(Signals.zeroCrossingHz(out, 2400, 12_000, 24_000)).isCloseTo(440, within(3.0));
    }

    @Test
    void uplinkRefusesPacketsWithReasons() {
        short[] out = new short[UplinkTranscoder.MAX_OUTPUT_SAMPLES];
        try (UplinkTranscoder up = new UplinkTranscoder(ConcentusOpusCodec.INSTANCE, 960)) {
            byte[] sixty = {(byte) (11 << 3), 1, 2, 3};
            assertThat(up.transcode(sixty, 0, sixty.length, out, 0)).isEqualTo(OpusPacketError.UNEXPECTED_DURATION.code());
            byte[] odd = {(byte) (31 << 3 | 1), 1, 2, 3};
            assertThat(up.transcode(odd, 0, odd.length, out, 0)).isEqualTo(OpusPacketError.CODE1_ODD_LENGTH.code());
            assertThat(up.transcode(odd, 0, 0, out, 0)).isEqualTo(OpusPacketError.EMPTY.code());
            byte[] huge = new byte[OpusCodec.MAX_PACKET_BYTES + 1];
            assertThat(up.transcode(huge, 0, huge.length, out, 0)).isEqualTo(OpusPacketError.TOO_LARGE.code());
        }
    }

    @Test
    void downlinkReframesAnyChunkingIntoExact20msFrames() {
        short[] in24 = Signals.sine(440, 24_000, 0.4, 24_000 + 100);
        List<byte[]> frames = new ArrayList<>();
        try (DownlinkTranscoder down = new DownlinkTranscoder(ConcentusOpusCodec.INSTANCE, OpusEncoderSettings.VOICE,
                (b, off, len) -> frames.add(java.util.Arrays.copyOfRange(b, off, off + len)))) {
            int off = 0;
            int[] chunks = {1, 2399, 77, 4800, 13};
            for (int i = 0; off < in24.length; i++) {
                int n = Math.min(chunks[i % chunks.length], in24.length - off);
                down.push(in24, off, n);
                off += n;
            }
            assertThat(frames).hasSize(50); // 48,200 samples at 48 kHz: 50 whole frames, 200 pending
            assertThat(down.flush()).isEqualTo(1);
            assertThat(frames).hasSize(51);
            assertThat(down.flush()).isZero();
            assertThat(down.encoderFailures()).isZero();
        }
        short[] decoded = new short[frames.size() * 960];
        try (OpusDecoderEngine dec = ConcentusOpusCodec.INSTANCE.newDecoder()) {
            int off = 0;
            for (byte[] f : frames) {
                assertThat(OpusToc.packetSamples48k(f, 0, f.length)).isEqualTo(960);
                off += dec.decode(f, 0, f.length, decoded, off, 960);
            }
        }
        assertThat(Signals.zeroCrossingHz(decoded, 4800, 45_000, 48_000)).isCloseTo(440, within(3.0));
    }

    @Test
    void discardDropsThePartialFrame() {
        List<byte[]> frames = new ArrayList<>();
        try (DownlinkTranscoder down = new DownlinkTranscoder(ConcentusOpusCodec.INSTANCE, OpusEncoderSettings.VOICE,
                (b, off, len) -> frames.add(new byte[len]))) {
            short[] in = Signals.sine(440, 24_000, 0.4, 700);
            assertThat(down.push(in, 0, in.length)).isEqualTo(1); // 1400 at 48k: 1 frame + 440 pending
            assertThat(frames).hasSize(1);
            down.discard();
            assertThat(down.flush()).isZero();
        }
    }
}
