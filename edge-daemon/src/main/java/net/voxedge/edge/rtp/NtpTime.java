package net.voxedge.edge.rtp;

/**
 * NTP timestamp arithmetic for RTCP (RFC 3550 section 4): the 64-bit form (seconds since 1900 in
 * the high word, binary fraction in the low word) carried in SRs, and the "compact" middle 32 bits
 * (16.16 fixed point seconds) carried in LSR/DLSR. All values are unsigned, held in {@code long}s.
 */
public final class NtpTime {

    /** Seconds from 1900-01-01 (NTP epoch) to 1970-01-01 (Unix epoch). */
    public static final long UNIX_EPOCH_OFFSET_SECONDS = 2_208_988_800L;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private NtpTime() {
    }

    /** The 64-bit NTP timestamp of a Unix time in nanoseconds (era 0 wraps in 2036, as on the wire). */
    public static long fromUnixNanos(long unixNanos) {
        long seconds = Math.floorDiv(unixNanos, NANOS_PER_SECOND);
        long nanos = Math.floorMod(unixNanos, NANOS_PER_SECOND);
        long ntpSeconds = (seconds + UNIX_EPOCH_OFFSET_SECONDS) & 0xFFFFFFFFL;
        long fraction = (nanos << 32) / NANOS_PER_SECOND;
        return (ntpSeconds << 32) | fraction;
    }

    /**
     * The Unix time in nanoseconds of a 64-bit NTP timestamp, reading seconds with the top bit
     * clear as era 1 (2036..2104), the usual convention for timestamps after 1968.
     */
    public static long toUnixNanos(long ntpTimestamp) {
        long seconds = ntpTimestamp >>> 32;
        if ((seconds & 0x8000_0000L) == 0) {
            seconds += 1L << 32;
        }
        long fraction = ntpTimestamp & 0xFFFFFFFFL;
        long nanos = (fraction * NANOS_PER_SECOND + (1L << 31)) >>> 32;
        return (seconds - UNIX_EPOCH_OFFSET_SECONDS) * NANOS_PER_SECOND + nanos;
    }

    /** The middle 32 bits of a 64-bit NTP timestamp: what LSR carries. */
    public static long compact(long ntpTimestamp) {
        return (ntpTimestamp >>> 16) & 0xFFFFFFFFL;
    }

    /** {@code compact(fromUnixNanos(unixNanos))}. */
    public static long compactFromUnixNanos(long unixNanos) {
        return compact(fromUnixNanos(unixNanos));
    }

    /** A duration in compact units (1/65536 s, like DLSR) as microseconds, rounded down. */
    public static long compactToMicros(long compactUnits) {
        return (compactUnits * 1_000_000L) >> 16;
    }

    /** A non-negative duration in nanoseconds as compact units (1/65536 s), saturating at 2^32 - 1. */
    public static long nanosToCompact(long nanos) {
        if (nanos <= 0) {
            return 0;
        }
        long units = (nanos / NANOS_PER_SECOND << 16) + ((nanos % NANOS_PER_SECOND) << 16) / NANOS_PER_SECOND;
        return Math.min(units, 0xFFFFFFFFL);
    }
}
