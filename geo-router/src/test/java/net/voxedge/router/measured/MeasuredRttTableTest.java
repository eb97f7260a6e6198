package net.voxedge.router.measured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.voxedge.router.net.PrefixKeys;
import org.junit.jupiter.api.Test;

class MeasuredRttTableTest {

    private static final long SEC = 1_000_000_000L;
    private static final long MIN = 60 * SEC;

    private static long v4(int a, int b, int c) {
        return PrefixKeys.of(new byte[] {(byte) a, (byte) b, (byte) c, 1}, 4);
    }

    @Test
    void aFirstSampleIsTheAverage() {
        MeasuredRttTable t = new MeasuredRttTable(100, 10 * MIN, 60 * MIN);
        assertThat(t.record(v4(203, 0, 113), 3, 23.5, 0)).isTrue();
        int slot = t.find(v4(203, 0, 113), 3, 0);
        assertThat(slot).isNotNegative();
        assertThat(t.rttMs(slot)).isEqualTo(23.5);
        assertThat(t.samples(slot)).isEqualTo(1);
        assertThat(t.confidence(slot, 0)).isEqualTo(1.0);
        assertThat(t.find(v4(203, 0, 113), 4, 0)).isEqualTo(-1);
        assertThat(t.find(v4(203, 0, 114), 3, 0)).isEqualTo(-1);
    }

    @Test
    void samplesAtTheSameTimeAverageEqually() {
        MeasuredRttTable t = new MeasuredRttTable(100, 10 * MIN, 60 * MIN);
        long k = v4(198, 51, 100);
        for (double x : new double[] {10, 20, 30, 40}) {
            t.record(k, 0, x, 5 * SEC);
        }
        int slot = t.find(k, 0, 5 * SEC);
        assertThat(t.rttMs(slot)).isCloseTo(25.0, within(1e-4));
        assertThat(t.samples(slot)).isEqualTo(4);
        assertThat(t.confidence(slot, 5 * SEC)).isCloseTo(4.0, within(1e-5));
    }

    @Test
    void anOldSampleCountsByItsDecayedWeight() {
        MeasuredRttTable t = new MeasuredRttTable(100, 10 * MIN, 120 * MIN);
        long k = v4(198, 51, 100);
        t.record(k, 0, 100, 0);
        // One half-life later the old sample weighs 0.5 against the new one's 1:
        // (0.5·100 + 1·40) / 1.5 = 60.
        t.record(k, 0, 40, 10 * MIN);
        int slot = t.find(k, 0, 10 * MIN);
        assertThat(t.rttMs(slot)).isCloseTo(60.0, within(1e-3));
        assertThat(t.confidence(slot, 10 * MIN)).isCloseTo(1.5, within(1e-6));
        // Confidence halves every half-life once samples stop.
        assertThat(t.confidence(slot, 20 * MIN)).isCloseTo(0.75, within(1e-6));
        assertThat(t.confidence(slot, 30 * MIN)).isCloseTo(0.375, within(1e-6));
    }

    @Test
    void aPathChangeWinsOverOldSamples() {
        MeasuredRttTable t = new MeasuredRttTable(100, 1 * MIN, 120 * MIN);
        long k = v4(10, 1, 2);
        for (int i = 0; i < 20; i++) {
            t.record(k, 1, 80, i * SEC);
        }
        for (int i = 0; i < 20; i++) {
            t.record(k, 1, 20, 10 * MIN + i * SEC);
        }
        assertThat(t.rttMs(t.find(k, 1, 10 * MIN + 20 * SEC))).isCloseTo(20.0, within(0.1));
    }

    @Test
    void entriesPastTheHorizonAreIgnoredAndSwept() {
        MeasuredRttTable t = new MeasuredRttTable(100, 10 * MIN, 30 * MIN);
        t.record(v4(1, 2, 3), 0, 10, 0);
        t.record(v4(1, 2, 4), 0, 10, 20 * MIN);
        assertThat(t.find(v4(1, 2, 3), 0, 30 * MIN)).isNotNegative();
        assertThat(t.find(v4(1, 2, 3), 0, 30 * MIN + 1)).isEqualTo(-1);
        assertThat(t.sweep(30 * MIN + 1)).isEqualTo(1);
        assertThat(t.size()).isEqualTo(1);
        assertThat(t.find(v4(1, 2, 4), 0, 30 * MIN + 1)).isNotNegative();
    }

    @Test
    void aFullTableEvictsTheOldest() {
        // 20 entries < EVICTION_SAMPLE slots: the sample covers the whole table, so "oldest" is exact.
        MeasuredRttTable t = new MeasuredRttTable(20, 10 * MIN, 600 * MIN);
        for (int i = 0; i < 20; i++) {
            t.record(v4(10, 0, i), 0, 10 + i, (100 - i) * SEC); // entry 19 is the oldest
        }
        t.record(v4(10, 1, 0), 0, 50, 200 * SEC);
        assertThat(t.size()).isEqualTo(20);
        assertThat(t.evictions()).isEqualTo(1);
        assertThat(t.find(v4(10, 0, 19), 0, 200 * SEC)).isEqualTo(-1);
        for (int i = 0; i < 19; i++) {
            assertThat(t.rttMs(t.find(v4(10, 0, i), 0, 200 * SEC))).isEqualTo(10.0 + i);
        }
        assertThat(t.rttMs(t.find(v4(10, 1, 0), 0, 200 * SEC))).isEqualTo(50.0);
    }

    @Test
    void badSamplesAndKeysChangeNothing() {
        MeasuredRttTable t = new MeasuredRttTable(10, MIN, MIN);
        long k = v4(1, 1, 1);
        assertThat(t.record(k, 0, Double.NaN, 0)).isFalse();
        assertThat(t.record(k, 0, 0, 0)).isFalse();
        assertThat(t.record(k, 0, -5, 0)).isFalse();
        assertThat(t.record(k, 0, Double.POSITIVE_INFINITY, 0)).isFalse();
        assertThat(t.record(k, 0, 60_001, 0)).isFalse();
        assertThat(t.record(k, -1, 10, 0)).isFalse();
        assertThat(t.record(k, MeasuredRttTable.MAX_POPS, 10, 0)).isFalse();
        assertThat(t.record(0, 0, 10, 0)).isFalse();
        assertThat(t.record(-1L, 0, 10, 0)).isFalse();
        assertThat(t.size()).isZero();
        assertThat(t.find(-1L, 0, 0)).isEqualTo(-1);
        assertThat(t.find(k, -7, 0)).isEqualTo(-1);
    }

    @Test
    void aClockGoingBackwardsDoesNotAgeOrRewind() {
        MeasuredRttTable t = new MeasuredRttTable(10, MIN, 10 * MIN);
        long k = v4(1, 1, 1);
        t.record(k, 0, 10, 5 * MIN);
        t.record(k, 0, 30, 4 * MIN);
        int slot = t.find(k, 0, 5 * MIN);
        assertThat(t.rttMs(slot)).isCloseTo(20.0, within(1e-4));
        assertThat(t.ageNanos(slot, 5 * MIN)).isZero();
    }

    @Test
    void constructorRejectsNonsense() {
        assertThatThrownBy(() -> new MeasuredRttTable(0, MIN, MIN)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> new MeasuredRttTable(10, 0, MIN)).hasMessageContaining("half-life");
    }

    @Test
    void wellUnder100BytesPerEntry() {
        MeasuredRttTable t = new MeasuredRttTable(1_000_000, MIN, MIN);
        assertThat((double) t.footprintBytes() / t.capacity()).isLessThan(40.0);
    }

    /** Random records, finds and sweeps against a HashMap model: deletion by backward shift must lose nothing. */
    @Test
    void matchesAMapModelUnderChurn() {
        SplittableRandom rnd = new SplittableRandom(42);
        int capacity = 500;
        long horizon = 100 * SEC;
        MeasuredRttTable t = new MeasuredRttTable(capacity, 10 * SEC, horizon);
        Map<Long, Long> lastSeen = new HashMap<>(); // (prefix, pop) composite → time of newest sample
        long now = 0;
        for (int step = 0; step < 50_000; step++) {
            now += rnd.nextInt(1, 50) * 1_000_000L;
            long prefix = v4(10, rnd.nextInt(4), rnd.nextInt(256));
            int pop = rnd.nextInt(3);
            long mk = prefix * 8 + pop;
            int op = rnd.nextInt(100);
            if (op < 60) {
                boolean wasFull = t.size() == capacity && !lastSeen.containsKey(mk);
                long evictionsBefore = t.evictions();
                assertThat(t.record(prefix, pop, 1 + rnd.nextInt(300), now)).isTrue();
                if (wasFull) {
                    assertThat(t.evictions()).isEqualTo(evictionsBefore + 1);
                    // The model learns which entry went: the one the table no longer has.
                    lastSeen.keySet().removeIf(x -> t.find(x / 8, (int) (x % 8), Long.MIN_VALUE / 4) < 0 && x != mk);
                }
                lastSeen.put(mk, now);
            } else if (op < 99) {
                int slot = t.find(prefix, pop, now);
                Long seen = lastSeen.get(mk);
                boolean fresh = seen != null && now - seen <= horizon;
                assertThat(slot >= 0).as("find at step %d", step).isEqualTo(fresh);
            } else {
                int before = t.size();
                int swept = t.sweep(now);
                long now2 = now;
                lastSeen.values().removeIf(v -> now2 - v > horizon);
                assertThat(t.size()).isEqualTo(before - swept).isEqualTo(lastSeen.size());
            }
            assertThat(t.size()).isEqualTo(lastSeen.size());
        }
        assertThat(t.evictions()).isPositive();
    }
}
