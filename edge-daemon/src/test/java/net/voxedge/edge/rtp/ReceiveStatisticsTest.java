package net.voxedge.edge.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReceiveStatisticsTest {

    private static final long MS = 1_000_000L;
    /** A Unix-epoch-sized base, so any overflow in the clock conversion would show. */
    private static final long T0 = 1_700_000_000_000_000_000L;

    private final ReceiveStatistics stats = new ReceiveStatistics(0xdeadbeefL, 48_000);
    private final ReportBlock block = new ReportBlock();

    @Test
    void jitterMatchesHandComputationOfRfc3550A8() {
        // 20 ms Opus frames (960 ticks); the third packet arrives 5 ms (240 ticks) late.
        // Transit differences D: -, 0, 240, 240, 0.
        // J = J + (|D| - J)/16 in the integer form (J scaled by 16):
        //   0 -> 0 -> 240 -> 240+240-15 = 465 -> 465+0-29 = 436; reported J>>4: 0, 0, 15, 29, 27
        // (the exact real-valued recursion gives 0, 0, 15, 29.06, 27.25).
        long ts0 = 0xFFFF_FC00L; // RTP timestamps wrap during the test
        long[] arrivalsMs = {0, 20, 45, 60, 80};
        long[] expectedJitter = {0, 0, 15, 29, 27};
        for (int i = 0; i < arrivalsMs.length; i++) {
            long ts = (ts0 + 960L * i) & 0xFFFF_FFFFL;
            assertThat(stats.onPacket(1000 + i, ts, T0 + arrivalsMs[i] * MS)).isTrue();
            assertThat(stats.jitter()).as("after packet %d", i).isEqualTo(expectedJitter[i]);
        }
    }

    @Test
    void steadyStreamHasNoJitterEvenAcrossTimestampWrap() {
        for (int i = 0; i < 500; i++) {
            stats.onPacket(i, (0xFFFF_0000L + 960L * i) & 0xFFFF_FFFFL, T0 + 20 * MS * i);
        }
        assertThat(stats.jitter()).isZero();
    }

    @Test
    void constantDelayChangeDecaysTowardsZero() {
        for (int i = 0; i < 10; i++) {
            stats.onPacket(i, 960L * i, T0 + 20 * MS * i);
        }
        // One step of +10 ms (480 ticks), then steady: J jumps to 30 and decays by 15/16 per packet.
        stats.onPacket(10, 9600, T0 + 210 * MS);
        assertThat(stats.jitter()).isEqualTo(30);
        for (int i = 11; i < 200; i++) {
            stats.onPacket(i, 960L * i, T0 + 20 * MS * i + 10 * MS);
        }
        assertThat(stats.jitter()).isZero();
    }

    @Test
    void extendedSequenceWrapsAndCountsLoss() {
        for (int seq : new int[] {65533, 65535, 0, 1}) { // 65534 lost
            assertThat(stats.onPacket(seq, 0, T0)).isTrue();
        }
        assertThat(stats.extendedHighestSequence()).isEqualTo(65536 + 1);
        assertThat(stats.packetsReceived()).isEqualTo(4);
        assertThat(stats.cumulativeLost()).isEqualTo(1);
    }

    @Test
    void reorderingIsNotLossAndDuplicatesMakeLossNegative() {
        for (int seq : new int[] {10, 12, 11}) {
            stats.onPacket(seq, 0, T0);
        }
        assertThat(stats.extendedHighestSequence()).isEqualTo(12);
        assertThat(stats.cumulativeLost()).isZero();
        stats.onPacket(12, 0, T0);
        assertThat(stats.cumulativeLost()).isEqualTo(-1);
    }

    @Test
    void lateReorderAcrossWrapDoesNotAddACycle() {
        for (int seq : new int[] {65534, 65535, 0, 65533, 1}) {
            stats.onPacket(seq, 0, T0);
        }
        assertThat(stats.extendedHighestSequence()).isEqualTo(65537);
        // Expected 65537 - 65534 + 1 = 4 (65533 was before the base), received 5.
        assertThat(stats.cumulativeLost()).isEqualTo(-1);
    }

    @Test
    void singleHugeJumpIsIgnoredButTwoSequentialOnesRestart() {
        stats.onPacket(100, 0, T0);
        assertThat(stats.onPacket(5000, 0, T0)).isFalse();
        assertThat(stats.onPacket(101, 0, T0)).isTrue();
        assertThat(stats.extendedHighestSequence()).isEqualTo(101);
        assertThat(stats.packetsReceived()).isEqualTo(2);

        assertThat(stats.onPacket(30000, 0, T0)).isFalse();
        assertThat(stats.onPacket(30001, 0, T0)).isTrue();
        assertThat(stats.extendedHighestSequence()).isEqualTo(30001);
        assertThat(stats.packetsReceived()).isEqualTo(1);
        assertThat(stats.cumulativeLost()).isZero();
    }

    @Test
    void forwardJumpBelowMaxDropoutIsLoss() {
        stats.onPacket(100, 0, T0);
        assertThat(stats.onPacket(100 + ReceiveStatistics.MAX_DROPOUT - 1, 0, T0)).isTrue();
        assertThat(stats.cumulativeLost()).isEqualTo(ReceiveStatistics.MAX_DROPOUT - 2);
    }

    @Test
    void fractionLostIsPerReportInterval() {
        assertThat(stats.fillReportBlock(block, T0)).as("nothing to report yet").isFalse();
        for (int seq = 1; seq <= 10; seq++) {
            if (seq != 3 && seq != 4) {
                stats.onPacket(seq, 0, T0);
            }
        }
        assertThat(stats.fillReportBlock(block, T0)).isTrue();
        assertThat(block.ssrc()).isEqualTo(0xdeadbeefL);
        assertThat(block.fractionLost()).isEqualTo((2 << 8) / 10); // 51
        assertThat(block.cumulativeLost()).isEqualTo(2);
        assertThat(block.extendedHighestSequence()).isEqualTo(10);

        for (int seq = 11; seq <= 20; seq++) {
            stats.onPacket(seq, 0, T0);
        }
        stats.fillReportBlock(block, T0);
        assertThat(block.fractionLost()).isZero();
        assertThat(block.cumulativeLost()).isEqualTo(2);

        stats.fillReportBlock(block, T0);
        assertThat(block.fractionLost()).as("empty interval").isZero();

        stats.onPacket(30, 0, T0); // 21..29 lost: 9 of 10
        stats.fillReportBlock(block, T0);
        assertThat(block.fractionLost()).isEqualTo((9 << 8) / 10);

        stats.onPacket(30, 0, T0);
        stats.onPacket(30, 0, T0);
        stats.fillReportBlock(block, T0);
        assertThat(block.fractionLost()).as("duplicates only: never negative").isZero();
        assertThat(block.cumulativeLost()).isEqualTo(9);
    }

    @Test
    void reportCarriesLsrAndDlsrOfTheLastSenderReport() {
        stats.onPacket(1, 0, T0);
        stats.fillReportBlock(block, T0);
        assertThat(block.lastSenderReport()).isZero();
        assertThat(block.delaySinceLastSenderReport()).isZero();

        stats.onSenderReport(0xe8f0a1b2_80000000L, T0 + 1000 * MS);
        stats.fillReportBlock(block, T0 + 2500 * MS);
        assertThat(block.lastSenderReport()).isEqualTo(0xa1b28000L);
        assertThat(block.delaySinceLastSenderReport()).isEqualTo(65536 + 32768); // 1.5 s
        assertThat(block.jitter()).isZero();
    }

    @Test
    void rejectsNonPositiveClockRate() {
        assertThatThrownBy(() -> new ReceiveStatistics(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
