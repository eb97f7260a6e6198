package net.voxedge.edge.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NtpTimeTest {

    private static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void knownInstants() {
        assertThat(NtpTime.fromUnixNanos(0)).isEqualTo(2_208_988_800L << 32);
        assertThat(NtpTime.fromUnixNanos(500_000_000L)).isEqualTo((2_208_988_800L << 32) | 0x8000_0000L);
        // 2000-01-01T00:00:00Z is NTP second 3155673600 (0xBC17C200).
        assertThat(NtpTime.fromUnixNanos(nanos("2000-01-01T00:00:00Z"))).isEqualTo(0xBC17C200L << 32);
        assertThat(NtpTime.fromUnixNanos(nanos("2000-01-01T00:00:00.25Z"))).isEqualTo((0xBC17C200L << 32) | 0x4000_0000L);
        // NTP era 0 ends 2036-02-07T06:28:16Z: seconds wrap to 0.
        assertThat(NtpTime.fromUnixNanos(nanos("2036-02-07T06:28:16Z"))).isZero();
    }

    @Test
    void compactIsTheMiddle32Bits() {
        assertThat(NtpTime.compact(0xe8f0a1b2_80000000L)).isEqualTo(0xa1b28000L);
        assertThat(NtpTime.compactFromUnixNanos(nanos("2000-01-01T00:00:00.5Z"))).isEqualTo(0xC2008000L);
    }

    @Test
    void roundTripsThroughBothEras() {
        for (String t : new String[] {"1970-01-01T00:00:00Z", "2024-05-06T07:08:09.123456789Z",
                "2036-02-07T06:28:15.999999999Z", "2036-02-07T06:28:16Z", "2050-01-01T12:00:00.000000001Z"}) {
            long n = nanos(t);
            assertThat(NtpTime.toUnixNanos(NtpTime.fromUnixNanos(n))).as(t).isBetween(n - 1, n);
        }
    }

    @Test
    void compactDurations() {
        assertThat(NtpTime.compactToMicros(0x0006_2000L)).isEqualTo(6_125_000L);
        assertThat(NtpTime.compactToMicros(1)).isEqualTo(15); // 15.26 us, rounded down
        assertThat(NtpTime.nanosToCompact(1_500_000_000L)).isEqualTo(0x0001_8000L);
        assertThat(NtpTime.nanosToCompact(-5)).isZero();
        assertThat(NtpTime.nanosToCompact(Long.MAX_VALUE)).isEqualTo(0xFFFF_FFFFL);
    }
}
