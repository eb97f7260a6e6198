package net.voxedge.edge.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SrtpStreamTableTest {

    private static final int OK = SrtpStreamTable.OK;
    private static final int REPLAYED = SrtpError.REPLAYED.code();
    private static final int TOO_OLD = SrtpError.TOO_OLD.code();

    @Test
    void multiWordWindowTracksEveryIndex() {
        SrtpStreamTable t = new SrtpStreamTable(2, 256);
        int s = t.add(7, 1000);
        // Accept every third index up to 1300, in order.
        for (long i = 1003; i <= 1300; i += 3) {
            assertThat(t.check(s, i)).isEqualTo(OK);
            t.accept(s, i);
        }
        assertThat(t.highest(s)).isEqualTo(1300);
        for (long i = 1300 - 255; i <= 1300; i++) {
            boolean seen = (i - 1000) % 3 == 0;
            assertThat(t.check(s, i)).as("index %d", i).isEqualTo(seen ? REPLAYED : OK);
        }
        assertThat(t.check(s, 1300 - 256)).isEqualTo(TOO_OLD);
        // Fill a gap deep in the window (other word), then it is a replay.
        t.accept(s, 1100);
        assertThat(t.check(s, 1100)).isEqualTo(REPLAYED);
        assertThat(t.check(s, 1101)).isEqualTo(OK);
    }

    @Test
    void bigJumpClearsTheWindow() {
        SrtpStreamTable t = new SrtpStreamTable(1, 64);
        int s = t.add(1, 5);
        t.accept(s, 6);
        t.accept(s, 10_000);
        assertThat(t.check(s, 10_000)).isEqualTo(REPLAYED);
        assertThat(t.check(s, 9_999)).isEqualTo(OK);
        assertThat(t.check(s, 9_936)).isEqualTo(TOO_OLD);
    }

    @Test
    void capacityIsFixedAndRemovalFreesASlot() {
        SrtpStreamTable t = new SrtpStreamTable(2, 64);
        assertThat(t.add(1, 0)).isZero();
        assertThat(t.add(2, 50)).isEqualTo(1);
        assertThat(t.add(3, 0)).isEqualTo(-1);
        assertThat(t.remove(1)).isTrue();
        assertThat(t.remove(1)).isFalse();
        assertThat(t.find(2)).isZero();
        assertThat(t.highest(t.find(2))).isEqualTo(50);
        assertThat(t.check(t.find(2), 50)).isEqualTo(REPLAYED);
        assertThat(t.add(3, 9)).isEqualTo(1);
        assertThat(t.check(t.find(3), 9)).isEqualTo(REPLAYED);
    }

    @Test
    void growsOnlyForNewStreamsAndKeepsEveryReplayWindowAcrossGrowth() {
        SrtpStreamTable t = new SrtpStreamTable(16, 128);
        assertThat(t.allocatedSlots()).isEqualTo(SrtpStreamTable.INITIAL_SLOTS);
        // Two streams with distinct histories before any growth: indexes 100..199 except the odd ones of stream 2.
        int a = t.add(1, 100);
        int b = t.add(2, 100);
        for (long i = 101; i < 200; i++) {
            t.accept(a, i);
            if (i % 2 == 0) {
                t.accept(b, i);
            }
        }
        assertThat(t.allocatedSlots()).isEqualTo(2);
        // Fourteen more streams: the table doubles to 4, 8, then 16 and stops at its capacity.
        for (int ssrc = 3; ssrc <= 16; ssrc++) {
            assertThat(t.add(ssrc, ssrc * 10L)).isEqualTo(ssrc - 1);
        }
        assertThat(t.allocatedSlots()).isEqualTo(16);
        assertThat(t.isFull()).isTrue();
        assertThat(t.add(17, 0)).isEqualTo(-1);
        // The first streams' windows moved with the arrays: accepted indexes are replays, gaps are not.
        a = t.find(1);
        b = t.find(2);
        assertThat(t.highest(a)).isEqualTo(199);
        for (long i = 100; i < 200; i++) {
            assertThat(t.check(a, i)).as("stream 1, index %d", i).isEqualTo(SrtpError.REPLAYED.code());
            assertThat(t.check(b, i)).as("stream 2, index %d", i)
                    .isEqualTo(i % 2 == 0 ? SrtpError.REPLAYED.code() : SrtpStreamTable.OK);
        }
        assertThat(t.check(t.find(16), 160)).isEqualTo(SrtpError.REPLAYED.code());
        assertThat(t.check(t.find(16), 161)).isEqualTo(SrtpStreamTable.OK);
    }

    @Test
    void windowMustBeAMultipleOf64() {
        assertThatThrownBy(() -> new SrtpStreamTable(4, 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SrtpStreamTable(4, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SrtpStreamTable(0, 64)).isInstanceOf(IllegalArgumentException.class);
    }
}
