package net.voxedge.bench;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import net.voxedge.router.measured.MeasuredRttTable;
import net.voxedge.router.net.PrefixKeys;

/**
 * Heap per million measured (prefix, PoP) entries: {@link MeasuredRttTable} filled with one
 * million random /24 and /48 prefixes, heap used after GC before and after, and the same
 * entries in a {@code HashMap<Long, Entry>} (the obvious boxed design) for comparison.
 *
 * <pre>java -cp bench/target/benchmarks.jar net.voxedge.bench.MeasuredTableMemory [entries]</pre>
 *
 * Run it alone in its JVM: it reads {@link Runtime} totals, so anything else allocating skews it.
 */
public final class MeasuredTableMemory {

    /** What a boxed table would keep per entry. */
    private record Entry(double rttMs, double weight, long lastNanos, int samples) {
    }

    private MeasuredTableMemory() {
    }

    public static void main(String[] args) {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long[] keys = new long[entries];
        SplittableRandom rnd = new SplittableRandom(7);
        byte[] a = new byte[16];
        for (int i = 0; i < entries; i++) {
            boolean v4 = rnd.nextInt(4) != 0; // 3 in 4 clients on IPv4
            for (int b = 0; b < 16; b++) {
                a[b] = (byte) rnd.nextInt(256);
            }
            a[0] = (byte) (v4 ? a[0] : 0x20);
            keys[i] = PrefixKeys.of(a, v4 ? 4 : 16);
        }

        long before = usedAfterGc();
        MeasuredRttTable table = new MeasuredRttTable(entries, 600_000_000_000L, 3_600_000_000_000L);
        for (int i = 0; i < entries; i++) {
            table.record(keys[i], i % 10, 10 + (i % 200), i);
        }
        long tableBytes = usedAfterGc() - before;

        before = usedAfterGc();
        Map<Long, Entry> boxed = new HashMap<>();
        for (int i = 0; i < entries; i++) {
            boxed.put((keys[i] << 4) | (i % 10), new Entry(10 + (i % 200), 1, i, 1));
        }
        long boxedBytes = usedAfterGc() - before;

        System.out.printf(Locale.ROOT, "entries stored: %d of %d recorded (random keys that repeat merge), %d evicted%n",
                table.size(), entries, table.evictions());
        System.out.printf(Locale.ROOT, "MeasuredRttTable: %.1f MB heap, %.1f bytes/entry (arrays: %.1f bytes/entry)%n",
                tableBytes / 1e6, (double) tableBytes / entries, (double) table.footprintBytes() / entries);
        System.out.printf(Locale.ROOT, "HashMap<Long, Entry>: %.1f MB heap, %.1f bytes/entry (%d entries)%n",
                boxedBytes / 1e6, (double) boxedBytes / boxed.size(), boxed.size());
        // Keep both alive until measured.
        if (table.size() + boxed.size() == 42) {
            System.out.println();
        }
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
