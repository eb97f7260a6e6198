package net.voxedge.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceTrackerTest {
    @Test
    void inOrderNothingLost() {
        SequenceTracker t = new SequenceTracker();
        for (int i = 0; i < 1000; i++) {
            t.onReceived(i);
        }
        assertThat(t.received()).isEqualTo(1000);
        assertThat(t.lost(1000)).isZero();
        assertThat(t.missingBehindHighest()).isZero();
        assertThat(t.duplicates()).isZero();
    }

    @Test
    void gapsCountAsLossUntilTheLatePacketArrives() {
        SequenceTracker t = new SequenceTracker();
        t.onReceived(0);
        t.onReceived(2);
        t.onReceived(3);
        assertThat(t.missingBehindHighest()).isEqualTo(1);
        t.onReceived(1); // reordered, still inside the window
        assertThat(t.missingBehindHighest()).isZero();
        assertThat(t.received()).isEqualTo(4);
        assertThat(t.lost(5)).isEqualTo(1); // sequence 4 was sent and never came
    }

    @Test
    void duplicatesAreCountedOnceAndNotAsReceived() {
        SequenceTracker t = new SequenceTracker();
        t.onReceived(0);
        t.onReceived(1);
        t.onReceived(1);
        t.onReceived(0);
        assertThat(t.received()).isEqualTo(2);
        assertThat(t.duplicates()).isEqualTo(2);
    }

    @Test
    void aPacketOlderThanTheWindowIsTooLate() {
        SequenceTracker t = new SequenceTracker();
        t.onReceived(0);
        t.onReceived(SequenceTracker.WINDOW + 5);
        t.onReceived(1);
        assertThat(t.tooLate()).isEqualTo(1);
        assertThat(t.received()).isEqualTo(2);
    }

    @Test
    void aBigJumpForgetsTheOldWindowSoOldBitsAreNotTakenForDuplicates() {
        SequenceTracker t = new SequenceTracker();
        for (int i = 0; i < 10; i++) {
            t.onReceived(i);
        }
        int far = 10 * SequenceTracker.WINDOW + 3; // same slot as 3 modulo the window
        t.onReceived(far);
        t.onReceived(far - SequenceTracker.WINDOW + 1); // inside the new window, never seen
        assertThat(t.duplicates()).isZero();
        assertThat(t.received()).isEqualTo(12);
        t.onReceived(-1);
        assertThat(t.tooLate()).isEqualTo(1);
    }
}
