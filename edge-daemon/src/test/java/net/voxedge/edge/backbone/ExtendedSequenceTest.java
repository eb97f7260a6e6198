package net.voxedge.edge.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExtendedSequenceTest {

    @Test
    void countsAcrossTheSixteenBitWrap() {
        ExtendedSequence s = new ExtendedSequence();
        assertThat(s.highest()).isEqualTo(-1);
        assertThat(s.extend(65534)).isEqualTo(65534);
        assertThat(s.extend(65535)).isEqualTo(65535);
        assertThat(s.extend(0)).isEqualTo(65536);
        assertThat(s.extend(1)).isEqualTo(65537);
        for (int i = 4; i < 200_000; i++) {
            assertThat(s.extend((65534 + i) & 0xFFFF)).isEqualTo(65534L + i);
        }
    }

    @Test
    void aGapJumpsForwardAndLateOrDuplicatePacketsAreRefused() {
        ExtendedSequence s = new ExtendedSequence();
        s.extend(10);
        assertThat(s.extend(15)).isEqualTo(15); // 11..14 lost or late
        assertThat(s.extend(12)).isEqualTo(ExtendedSequence.LATE);
        assertThat(s.extend(15)).isEqualTo(ExtendedSequence.LATE); // duplicate
        assertThat(s.extend(16)).isEqualTo(16);
        assertThat(s.extend(65535)).isEqualTo(ExtendedSequence.LATE); // late across the wrap: 17 behind
        assertThat(s.highest()).isEqualTo(16);
    }

    @Test
    void aLargeBackwardJumpIsASenderRestartAndStillGoesForward() {
        ExtendedSequence s = new ExtendedSequence();
        s.extend(30_000);
        long next = s.extend(1_000); // 29000 back: not reordering
        assertThat(next).isGreaterThan(30_000);
        assertThat(next & 0xFFFF).isEqualTo(1_000);
        assertThat(s.extend(1_001)).isEqualTo(next + 1);
    }

    @Test
    void theU32WrapsLikeTheTunnelsSerialNumbers() {
        ExtendedSequence s = new ExtendedSequence();
        long v = s.extend(0);
        for (long i = 1; i <= (1L << 32) / 30_000 + 2; i++) {
            v = s.extend((int) ((i * 30_000) & 0xFFFF));
        }
        assertThat(v).isBetween(0L, 0xFFFFFFFFL);
    }
}
