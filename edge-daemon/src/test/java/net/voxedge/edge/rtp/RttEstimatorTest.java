package net.voxedge.edge.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RttEstimatorTest {

    private final RttEstimator rtt = new RttEstimator();

    /** NTP timestamp whose compact form is {@code compact}. */
    private static long ntpWithCompact(long compact) {
        return compact << 16;
    }

    @Test
    void rfc3550Section641Example() {
        // RFC 3550 figure 2: LSR 0xb705:2000 (46853.125 s), DLSR 0x0005:4000 (5.250 s),
        // A 0xb710:8000 (46864.500 s) -> delay 0x0006:2000 (6.125 s).
        rtt.onSenderReportSent(ntpWithCompact(0xb7052000L));
        long micros = rtt.onReportBlock(0xb7052000L, 0x00054000L, ntpWithCompact(0xb7108000L));
        assertThat(micros).isEqualTo(6_125_000L);
        assertThat(rtt.lastRttMicros()).isEqualTo(6_125_000L);
        assertThat(rtt.smoothedRttMicros()).isEqualTo(6_125_000L);
        assertThat(rtt.samples()).isEqualTo(1);
    }

    @Test
    void worksWithRealClockTimestampsAndSmooths() {
        long t0 = 1_700_000_000_123_456_789L;
        long sentNtp = NtpTime.fromUnixNanos(t0);
        rtt.onSenderReportSent(sentNtp);
        long lsr = NtpTime.compact(sentNtp);
        // Peer held the SR 250 ms, report arrives 330 ms after we sent: 80 ms RTT (+- 1 compact unit).
        long dlsr = NtpTime.nanosToCompact(250_000_000L);
        long first = rtt.onReportBlock(lsr, dlsr, NtpTime.fromUnixNanos(t0 + 330_000_000L));
        assertThat(first).isBetween(80_000L - 31, 80_000L + 31);
        long second = rtt.onReportBlock(lsr, dlsr, NtpTime.fromUnixNanos(t0 + 410_000_000L));
        assertThat(second).isBetween(160_000L - 31, 160_000L + 31);
        assertThat(rtt.smoothedRttMicros()).isEqualTo(first + (second - first) / 8);
        assertThat(rtt.samples()).isEqualTo(2);
    }

    @Test
    void ignoresLsrZeroUnknownLsrAndImpossibleDelays() {
        assertThat(rtt.onReportBlock(0, 0, ntpWithCompact(0x10000))).isEqualTo(-1);
        rtt.onSenderReportSent(ntpWithCompact(0x5000));
        assertThat(rtt.onReportBlock(0x5001, 0, ntpWithCompact(0x10000))).as("never sent").isEqualTo(-1);
        assertThat(rtt.onReportBlock(0x5000, 0xB001, ntpWithCompact(0x10000))).as("DLSR longer than elapsed").isEqualTo(-1);
        assertThat(rtt.onReportBlock(0x5000, 0, ntpWithCompact(0x4000))).as("arrived before sent").isEqualTo(-1);
        assertThat(rtt.lastRttMicros()).isEqualTo(-1);
        assertThat(rtt.smoothedRttMicros()).isEqualTo(-1);
        assertThat(rtt.samples()).isZero();
        assertThat(rtt.onReportBlock(0x5000, 0x5000, ntpWithCompact(0xA000))).isZero();
    }

    @Test
    void handlesCompactClockWrap() {
        rtt.onSenderReportSent(ntpWithCompact(0xFFFF_F000L));
        assertThat(rtt.onReportBlock(0xFFFF_F000L, 0x800, ntpWithCompact(0x0000_1000L)))
                .isEqualTo(NtpTime.compactToMicros(0x1800));
    }

    @Test
    void forgetsOldSenderReports() {
        for (int i = 1; i <= RttEstimator.REMEMBERED + 1; i++) {
            rtt.onSenderReportSent(ntpWithCompact(i * 0x10000L));
        }
        assertThat(rtt.onReportBlock(0x10000L, 0, ntpWithCompact(0x100000L))).as("evicted").isEqualTo(-1);
        assertThat(rtt.onReportBlock(0x20000L, 0, ntpWithCompact(0x100000L))).isEqualTo(NtpTime.compactToMicros(0xE0000L));
    }
}
