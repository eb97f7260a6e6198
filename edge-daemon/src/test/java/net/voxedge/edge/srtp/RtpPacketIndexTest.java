package net.voxedge.edge.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RtpPacketIndexTest {

    private static long index(long roc, int seq) {
        return roc * 65536 + seq;
    }

    @Test
    void sameRolloverWhenClose() {
        assertThat(RtpPacketIndex.estimate(index(3, 1000), 1001)).isEqualTo(index(3, 1001));
        assertThat(RtpPacketIndex.estimate(index(3, 1000), 990)).isEqualTo(index(3, 990));
        assertThat(RtpPacketIndex.estimate(index(3, 40000), 60000)).isEqualTo(index(3, 60000));
    }

    @Test
    void forwardAcrossTheWrap() {
        assertThat(RtpPacketIndex.estimate(index(3, 65530), 2)).isEqualTo(index(4, 2));
        assertThat(RtpPacketIndex.estimate(index(0, 65535), 0)).isEqualTo(index(1, 0));
    }

    @Test
    void lateArrivalFromBeforeTheWrap() {
        assertThat(RtpPacketIndex.estimate(index(4, 3), 65534)).isEqualTo(index(3, 65534));
    }

    @Test
    void beforeTheFirstRolloverIsNegative() {
        assertThat(RtpPacketIndex.estimate(index(0, 10), 65000)).isNegative();
    }

    @Test
    void overflowOfTheRolloverCounterExceedsTheMaximum() {
        assertThat(RtpPacketIndex.estimate(index(0xFFFF_FFFFL, 65535), 1)).isGreaterThan(RtpPacketIndex.MAX);
    }
}
