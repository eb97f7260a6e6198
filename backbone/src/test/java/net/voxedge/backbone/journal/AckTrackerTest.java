package net.voxedge.backbone.journal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AckTrackerTest {
  private static final long NEXT = 1000;

  @Test
  void outOfOrderAcksAcrossSessionsMoveTheMarkOnlyPastContiguouslyAckedFrames() {
    AckTracker t = new AckTracker(16);
    // journal order: A1(10) B1(11) A2(12) B2(13) A3(14)
    t.track(10, 1, 0, 1);
    t.track(11, 2, 0, 1);
    t.track(12, 1, 0, 2);
    t.track(13, 2, 0, 2);
    t.track(14, 1, 0, 3);
    assertThat(t.lowestUnacked(NEXT)).isEqualTo(10);
    assertThat(t.acknowledge(2, 0, 2)).isEqualTo(2); // B1, B2 acked first: 10 (A1) still open
    assertThat(t.lowestUnacked(NEXT)).isEqualTo(10);
    assertThat(t.acknowledge(1, 0, 1)).isEqualTo(1); // A1: 11 is acked already, so the mark jumps to 12
    assertThat(t.lowestUnacked(NEXT)).isEqualTo(12);
    assertThat(t.acknowledge(1, 0, 3)).isEqualTo(2);
    assertThat(t.lowestUnacked(NEXT)).isEqualTo(NEXT);
    assertThat(t.unacked()).isZero();
  }

  @Test
  void ackIsPerStreamAndCumulativeAcrossSeqWrapAround() {
    AckTracker t = new AckTracker(8);
    t.track(1, 9, 0, 0xFFFF_FFFE);
    t.track(2, 9, 1, 5);
    t.track(3, 9, 0, 0xFFFF_FFFF);
    t.track(4, 9, 0, 0);
    t.track(5, 9, 0, 1);
    assertThat(t.acknowledge(9, 0, 0)).isEqualTo(3); // wraps: FFFFFFFE, FFFFFFFF, 0
    assertThat(t.lowestUnacked(NEXT)).isEqualTo(2); // stream 1 still open
    assertThat(t.firstUnacked(9)).isEqualTo(2);
    assertThat(t.acknowledge(9, 1, 4)).isZero(); // older than anything in flight
    assertThat(t.acknowledge(9, 1, 5)).isEqualTo(1);
    assertThat(t.lowestUnacked(NEXT)).isEqualTo(5);
    assertThat(t.firstUnacked(9)).isEqualTo(5);
  }

  @Test
  void duplicateStaleAndUnknownAcksChangeNothing() {
    AckTracker t = new AckTracker(8);
    t.track(1, 1, 0, 10);
    t.track(2, 1, 0, 11);
    assertThat(t.acknowledge(1, 0, 10)).isEqualTo(1);
    assertThat(t.acknowledge(1, 0, 10)).isZero();
    assertThat(t.acknowledge(1, 0, 9)).isZero();
    assertThat(t.acknowledge(7, 0, 11)).isZero();
    assertThat(t.lowestUnacked(NEXT)).isEqualTo(2);
  }

  @Test
  void aFullWindowRefusesUntilTheOldestIsAcked() {
    AckTracker t = new AckTracker(4);
    for (int i = 0; i < 4; i++) {
      assertThat(t.track(i, i % 2, 0, i)).isTrue();
    }
    assertThat(t.isFull()).isTrue();
    assertThat(t.track(4, 0, 0, 4)).isFalse();
    t.acknowledge(1, 0, 3); // frames 1 and 3: the head (0) is still open, so still full
    assertThat(t.isFull()).isTrue();
    t.acknowledge(0, 0, 0);
    assertThat(t.isFull()).isFalse();
    assertThat(t.lowestUnacked(NEXT)).isEqualTo(2);
    assertThat(t.track(4, 0, 0, 4)).isTrue();
  }

  @Test
  void forgettingASessionReleasesOnlyItsFrames() {
    AckTracker t = new AckTracker(8);
    t.track(1, 1, 0, 1);
    t.track(2, 2, 0, 1);
    t.track(3, 1, 0, 2);
    assertThat(t.forgetSession(1)).isEqualTo(2);
    assertThat(t.firstUnacked(1)).isEqualTo(-1);
    assertThat(t.lowestUnacked(NEXT)).isEqualTo(2);
    assertThat(t.unacked()).isEqualTo(1);
  }

  @Test
  void manySessionsRandomAcksAlwaysKeepTheMarkAtTheLowestUnacked() {
    java.util.Random rnd = new java.util.Random(7);
    AckTracker t = new AckTracker(4096);
    int sessions = 50;
    int[] nextSeq = new int[sessions];
    int[] acked = new int[sessions];
    java.util.Arrays.fill(acked, -1);
    java.util.List<long[]> frames = new java.util.ArrayList<>(); // index, session, seq
    long index = 100;
    for (int round = 0; round < 20_000; round++) {
      if (rnd.nextInt(3) != 0 && !t.isFull()) {
        int s = rnd.nextInt(sessions);
        t.track(index, s, 0, nextSeq[s]);
        frames.add(new long[] {index, s, nextSeq[s]});
        nextSeq[s]++;
        index++;
      } else {
        int s = rnd.nextInt(sessions);
        if (nextSeq[s] > 0) {
          int upTo = acked[s] + rnd.nextInt(nextSeq[s] - acked[s]) + 1;
          upTo = Math.min(upTo, nextSeq[s] - 1);
          t.acknowledge(s, 0, upTo);
          acked[s] = Math.max(acked[s], upTo);
        }
      }
      long expected = index;
      for (long[] f : frames) {
        if (f[2] > acked[(int) f[1]]) {
          expected = f[0];
          break;
        }
      }
      assertThat(t.lowestUnacked(index)).isEqualTo(expected);
      long mark = expected;
      frames.removeIf(f -> f[0] < mark);
    }
  }
}
