package net.voxedge.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used, from {@code /proc/<pid>/stat}: utime + stime (fields 14 and 15),
 * in clock ticks of {@link #TICKS_PER_SECOND}. Two readings a known wall time apart give the
 * process's CPU use in percent of one core.
 */
public final class CpuTicks {
    /** USER_HZ: 100 on every Linux architecture this runs on (what {@code getconf CLK_TCK} prints). */
    public static final int TICKS_PER_SECOND = 100;

    private CpuTicks() {
    }

    /**
     * utime + stime from the text of a {@code /proc/<pid>/stat} file, or -1 if it is not one. The
     * process name (field 2) may contain spaces and parentheses, so fields are counted from the last ')'.
     */
    public static long parse(String stat) {
        return field(stat, true);
    }

    /** stime alone (the kernel's share of {@link #parse}), or -1 if the text is not a stat file. */
    public static long parseSystem(String stat) {
        return field(stat, false);
    }

    private static long field(String stat, boolean userToo) {
        if (stat == null) {
            return -1;
        }
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 > stat.length()) {
            return -1;
        }
        String[] f = stat.substring(close + 2).trim().split(" +");
        // f[0] is field 3 (state): utime is field 14, stime field 15.
        if (f.length < 13) {
            return -1;
        }
        try {
            long utime = Long.parseLong(f[11]);
            long stime = Long.parseLong(f[12]);
            return utime < 0 || stime < 0 ? -1 : userToo ? utime + stime : stime;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The process's CPU ticks now, or -1 if it cannot be read (gone, or pid ≤ 0). */
    public static long read(long pid) {
        return parse(stat(pid));
    }

    /** The process's CPU ticks spent in the kernel (stime) now, or -1 if it cannot be read. */
    public static long readSystem(long pid) {
        return parseSystem(stat(pid));
    }

    private static String stat(long pid) {
        if (pid <= 0) {
            return null;
        }
        try {
            return Files.readString(Path.of("/proc/" + pid + "/stat"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Percent of one core between two readings {@code wallNanos} apart; NaN if either reading failed. */
    public static double percent(long before, long after, long wallNanos) {
        if (before < 0 || after < 0 || wallNanos <= 0) {
            return Double.NaN;
        }
        return 100.0 * (after - before) / TICKS_PER_SECOND / (wallNanos / 1e9);
    }
}
