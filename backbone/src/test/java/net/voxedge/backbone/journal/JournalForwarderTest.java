package net.voxedge.backbone.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.voxedge.backbone.journal.JournalFixture.RecordingSink;
import net.voxedge.backbone.journal.JournalFixture.Sent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalForwarderTest {
  @TempDir Path dir;
  private final SetTimeProvider clock = JournalFixture.clock();

  /** Appends frames seq 0..n-1 of a session, payload length varying with seq; returns their indices. */
  private static List<Long> appendFrames(JournalProducer p, long session, int cluster, int from, int n) {
    List<Long> idx = new ArrayList<>();
    for (int seq = from; seq < from + n; seq++) {
      byte[] pl = JournalFixture.payload(session, seq, 20 + seq % 50);
      long i = p.appendFrame(session, 0, seq, seq * 960, seq % 2, cluster, pl, 0, pl.length);
      assertThat(i).isNotNegative();
      idx.add(i);
    }
    return idx;
  }

  private static void drain(JournalForwarder f) {
    for (int i = 0; i < 1000 && f.poll(64) > 0; i++) {
      // bounded
    }
  }

  @Test
  void everyFieldOfEveryRecordKindRoundTripsThroughTheQueue() throws Exception {
    try (UplinkJournal j = JournalFixture.open(dir, clock); JournalProducer p = j.newProducer()) {
      int eu = j.clusterNumber("eu-west");
      long openIdx = p.appendOpen(new SessionOpen(77, "alice", "pop-fra", "fra-2", "[2001:db8::1]:4000", "eu-west",
          "opus/48000/2", 1_700_000_000_123L));
      byte[] buf = new byte[1300];
      for (int i = 0; i < buf.length; i++) {
        buf[i] = (byte) (i * 13);
      }
      long frameIdx = p.appendFrame(77, 3, 0xFFFF_FFFF, 0x8765_4321, 0xA5, eu, buf, 100, RecordCodec.MAX_PAYLOAD - 300);
      long endIdx = p.appendEnd(new SessionEnd(77, "eu-west", EndReason.SERVER_CLOSED, 1_700_000_009_000L, 1, 1200));
      assertThat(openIdx).isLessThan(frameIdx);
      assertThat(frameIdx).isLessThan(endIdx);

      JournalReader r = j.newReader();
      assertThat(r.next()).isEqualTo(JournalReader.Read.RECORD);
      JournalRecord rec = r.record();
      assertThat(rec.index()).isEqualTo(openIdx);
      assertThat(rec.kind()).isEqualTo(RecordKind.OPEN);
      assertThat(List.of(rec.subject(), rec.popId(), rec.hostId(), rec.clientAddress(), rec.codec()))
          .containsExactly("alice", "pop-fra", "fra-2", "[2001:db8::1]:4000", "opus/48000/2");
      assertThat(j.clusterId(rec.cluster())).isEqualTo("eu-west");
      assertThat(rec.atMillis()).isEqualTo(1_700_000_000_123L);

      assertThat(r.next()).isEqualTo(JournalReader.Read.RECORD);
      assertThat(rec.index()).isEqualTo(frameIdx);
      assertThat(rec.kind()).isEqualTo(RecordKind.MEDIA);
      assertThat(rec.sessionId()).isEqualTo(77);
      assertThat(rec.stream()).isEqualTo(3);
      assertThat(rec.seq()).isEqualTo(0xFFFF_FFFF);
      assertThat(rec.mediaTimestamp()).isEqualTo(0x8765_4321);
      assertThat(rec.flags()).isEqualTo(0xA5);
      assertThat(rec.cluster()).isEqualTo(eu);
      assertThat(java.util.Arrays.copyOfRange(rec.payloadArray(), rec.payloadOffset(),
          rec.payloadOffset() + rec.payloadLength())).isEqualTo(java.util.Arrays.copyOfRange(buf, 100, 1300));

      assertThat(r.next()).isEqualTo(JournalReader.Read.RECORD);
      assertThat(rec.kind()).isEqualTo(RecordKind.END);
      assertThat(rec.endReason()).isEqualTo(EndReason.SERVER_CLOSED);
      assertThat(rec.atMillis()).isEqualTo(1_700_000_009_000L);
      assertThat(rec.frameCount()).isEqualTo(1);
      assertThat(rec.byteCount()).isEqualTo(1200);
      assertThat(r.next()).isEqualTo(JournalReader.Read.END);
      assertThat(r.readAt(openIdx)).isTrue();
      assertThat(r.record().subject()).isEqualTo("alice");
      r.close();
    }
  }

  @Test
  void badArgumentsAreRejectedWithoutWritingAnything() throws Exception {
    try (UplinkJournal j = JournalFixture.open(dir, clock); JournalProducer p = j.newProducer()) {
      byte[] b = new byte[2000];
      assertThat(p.appendFrame(1, 0, 0, 0, 0, 0, b, 0, RecordCodec.MAX_PAYLOAD + 1)).isEqualTo(JournalProducer.REJECTED);
      assertThat(p.appendFrame(1, 0, 0, 0, 0, 0, b, 1990, 20)).isEqualTo(JournalProducer.REJECTED);
      assertThat(p.appendFrame(1, 256, 0, 0, 0, 0, b, 0, 10)).isEqualTo(JournalProducer.REJECTED);
      assertThat(p.appendFrame(1, 0, 0, 0, 0, 65536, b, 0, 10)).isEqualTo(JournalProducer.REJECTED);
      assertThat(p.appendFrame(1, 0, 0, 0, 0, 0, null, 0, 0)).isEqualTo(JournalProducer.REJECTED);
      assertThat(j.lastIndex()).isEqualTo(-1);
    }
  }

  @Test
  void restartResumesFromTheLastAckedIndexWithNothingLost() throws Exception {
    List<Long> a;
    List<Long> b;
    long checkpoint;
    try (UplinkJournal j = JournalFixture.open(dir, clock); JournalProducer p = j.newProducer()) {
      int eu = j.clusterNumber("eu-west");
      a = new ArrayList<>();
      b = new ArrayList<>();
      for (int k = 0; k < 10; k++) {
        a.addAll(appendFrames(p, 1, eu, k * 5, 5));
        b.addAll(appendFrames(p, 2, eu, k * 5, 5));
      }
      RecordingSink sink = new RecordingSink();
      JournalForwarder f = j.openForwarder("eu-west", sink, 1024);
      drain(f);
      assertThat(sink.media()).hasSize(100);
      f.acknowledge(1, 0, 29); // session 1 through seq 29; session 2 only through 9
      f.acknowledge(2, 0, 9);
      checkpoint = f.publishedAckedIndex();
      assertThat(checkpoint).isEqualTo(b.get(10)); // first unacked: session 2 seq 10
      j.checkpoint(f);
      f.acknowledge(2, 0, 20); // acked after the checkpoint: will be sent again, which is fine
      f.close();
      // the forwarder is killed here; the producers keep appending while it is down
      appendFrames(p, 1, eu, 50, 3);
    }
    try (UplinkJournal j = JournalFixture.open(dir, clock)) {
      RecordingSink sink = new RecordingSink();
      JournalForwarder f = j.openForwarder("eu-west", sink, 1024);
      assertThat(f.publishedAckedIndex()).isEqualTo(checkpoint);
      drain(f);
      // everything from the checkpoint on, in journal order, and nothing before it
      assertThat(sink.media().getFirst().index()).isEqualTo(checkpoint);
      assertThat(sink.seqsOf(2)).isEqualTo(IntStream.range(10, 50).boxed().toList());
      // session 1 was acked through 29, but its frames after the checkpoint are sent again (duplicates are
      // fine): together with what was acked, every frame of it is delivered, in order, with no gap
      List<Integer> one = sink.seqsOf(1);
      assertThat(one.getFirst()).isLessThanOrEqualTo(30);
      assertThat(one).isEqualTo(IntStream.rangeClosed(one.getFirst(), 52).boxed().toList());
      for (Sent s : sink.media()) {
        assertThat(s.payload()).isEqualTo(JournalFixture.payload(s.session(), s.seq(), 20 + s.seq() % 50));
        assertThat(s.ts()).isEqualTo(s.seq() * 960);
      }
      f.close();
    }
  }

  @Test
  void backpressureStopsThePollAndTheSameFrameIsOfferedNext() throws Exception {
    try (UplinkJournal j = JournalFixture.open(dir, clock); JournalProducer p = j.newProducer()) {
      List<Long> idx = appendFrames(p, 5, j.clusterNumber("eu-west"), 0, 6);
      RecordingSink sink = new RecordingSink();
      JournalForwarder f = j.openForwarder("eu-west", sink, 64);
      assertThat(f.poll(2)).isEqualTo(2);
      sink.refuseNext = 2;
      assertThat(f.poll(10)).isZero();
      assertThat(f.poll(10)).isZero();
      assertThat(f.backpressureCount()).isEqualTo(2);
      assertThat(f.publishedAckedIndex()).isEqualTo(idx.get(0));
      assertThat(f.poll(10)).isEqualTo(4);
      // offered: 0, 1, then frame 2 three times (twice refused), then 3..5
      assertThat(sink.offeredIndexes).containsExactly(idx.get(0), idx.get(1), idx.get(2), idx.get(2), idx.get(2),
          idx.get(3), idx.get(4), idx.get(5));
      assertThat(sink.seqsOf(5)).containsExactly(0, 1, 2, 3, 4, 5);
      f.close();
    }
  }

  @Test
  void aFullInFlightWindowStopsSendingUntilAcked() throws Exception {
    try (UplinkJournal j = JournalFixture.open(dir, clock); JournalProducer p = j.newProducer()) {
      appendFrames(p, 5, j.clusterNumber("eu-west"), 0, 10);
      RecordingSink sink = new RecordingSink();
      JournalForwarder f = j.openForwarder("eu-west", sink, 4);
      assertThat(f.poll(100)).isEqualTo(4);
      assertThat(f.poll(100)).isZero();
      assertThat(f.windowFullCount()).isEqualTo(2); // both polls stopped on it
      assertThat(f.backlogFrames()).isEqualTo(10);
      f.acknowledge(5, 0, 1);
      assertThat(f.poll(100)).isEqualTo(2);
      assertThat(sink.seqsOf(5)).containsExactly(0, 1, 2, 3, 4, 5);
      f.close();
    }
  }

  @Test
  void eachForwarderTakesOnlyItsClustersRecords() throws Exception {
    try (UplinkJournal j = JournalFixture.open(dir, clock); JournalProducer p = j.newProducer()) {
      int eu = j.clusterNumber("eu-west");
      int us = j.clusterNumber("us-east");
      p.appendOpen(new SessionOpen(1, "a", "p", "h", "c", "eu-west", "opus", 0));
      p.appendOpen(new SessionOpen(2, "b", "p", "h", "c", "us-east", "opus", 0));
      appendFrames(p, 1, eu, 0, 3);
      appendFrames(p, 2, us, 0, 4);
      p.appendEnd(new SessionEnd(1, "eu-west", EndReason.CLIENT_CLOSED, 5, 3, 60));
      RecordingSink euSink = new RecordingSink();
      RecordingSink usSink = new RecordingSink();
      JournalForwarder fe = j.openForwarder("eu-west", euSink, 64);
      JournalForwarder fu = j.openForwarder("us-east", usSink, 64);
      drain(fe);
      drain(fu);
      assertThat(euSink.sent).extracting(Sent::kind).containsExactly(RecordKind.OPEN, RecordKind.MEDIA,
          RecordKind.MEDIA, RecordKind.MEDIA, RecordKind.END);
      assertThat(euSink.sent).allMatch(s -> s.session() == 1);
      assertThat(usSink.sent).hasSize(5).allMatch(s -> s.session() == 2);
      // eu has nothing in flight after acking: its mark is past the us frames it skipped
      fe.acknowledge(1, 0, 2);
      assertThat(fe.publishedAckedIndex()).isGreaterThan(j.lastIndex());
      fe.close();
      fu.close();
    }
  }

  @Test
  void failoverReplaysExactlyTheSessionsUnackedFramesInSeqOrderAfterItsOpenRecord() throws Exception {
    try (UplinkJournal j = JournalFixture.open(dir, clock); JournalProducer p = j.newProducer()) {
      int eu = j.clusterNumber("eu-west");
      int us = j.clusterNumber("us-east");
      long open = p.appendOpen(new SessionOpen(9, "carol", "pop", "h1", "198.51.100.2:9", "eu-west", "opus", 1));
      for (int k = 0; k < 6; k++) { // session 9 interleaved with session 8 (also on eu)
        appendFrames(p, 9, eu, k * 5, 5);
        appendFrames(p, 8, eu, k * 5, 5);
      }
      RecordingSink euSink = new RecordingSink();
      RecordingSink usSink = new RecordingSink();
      JournalForwarder a = j.openForwarder("eu-west", euSink, 1024);
      JournalForwarder b = j.openForwarder("us-east", usSink, 1024);
      assertThat(a.poll(40)).isEqualTo(40); // OPEN + 39 frames: session 9 sent through seq 19, 8 through 18
      a.acknowledge(9, 0, 11);
      a.acknowledge(8, 0, 18);
      long markBefore = a.publishedAckedIndex();
      // eu stops answering: (1) hand-off on eu, (2) adopt on us
      long from = a.handOff(9);
      b.adopt(9, from, open);
      assertThat(from).isLessThanOrEqualTo(markBefore);
      appendFrames(p, 9, eu, 30, 3); // the worker has not relabelled yet
      appendFrames(p, 8, eu, 30, 2);
      drain(b); // replay of 9 through the journal's end at adoption: seq 12..29
      appendFrames(p, 9, eu, 33, 2); // still labelled eu, after the replay: us takes them as adopted
      appendFrames(p, 9, us, 35, 5); // (3) the worker relabels
      drain(b);
      drain(a);
      // us got the configuration first, then 9's frames from the first unacked (12) on, exactly once, in seq order
      assertThat(usSink.sent.getFirst().kind()).isEqualTo(RecordKind.OPEN);
      assertThat(usSink.sent.getFirst().session()).isEqualTo(9);
      assertThat(usSink.seqsOf(9)).isEqualTo(IntStream.range(12, 40).boxed().toList());
      assertThat(usSink.seqsOf(8)).isEmpty();
      for (Sent s : usSink.media()) {
        assertThat(s.ts()).isEqualTo(s.seq() * 960); // original timestamps
        assertThat(s.payload()).isEqualTo(JournalFixture.payload(9, s.seq(), 20 + s.seq() % 50));
      }
      // eu sent nothing more of session 9 after the hand-off, and all of session 8
      assertThat(euSink.seqsOf(9)).isEqualTo(IntStream.range(0, 20).boxed().toList());
      assertThat(euSink.seqsOf(8)).isEqualTo(IntStream.range(0, 32).boxed().toList());
      // until us acknowledges what it took over, both marks hold at the hand-off point
      a.acknowledge(8, 0, 31);
      assertThat(a.publishedAckedIndex()).isEqualTo(from);
      assertThat(b.publishedAckedIndex()).isEqualTo(from);
      List<Long> done = new ArrayList<>();
      b.acknowledge(9, 0, 30);
      assertThat(b.drainCompletedAdoptions(done::add)).isZero();
      b.acknowledge(9, 0, 39);
      assertThat(b.drainCompletedAdoptions(done::add)).isEqualTo(1);
      assertThat(done).containsExactly(9L);
      a.releaseHandedOff(9);
      assertThat(a.publishedAckedIndex()).isGreaterThan(j.lastIndex());
      assertThat(b.publishedAckedIndex()).isGreaterThan(j.lastIndex());
      // after the hand-off, session 9's frames are us's by label
      appendFrames(p, 9, us, 40, 2);
      drain(b);
      drain(a);
      assertThat(usSink.seqsOf(9)).endsWith(39, 40, 41);
      assertThat(euSink.seqsOf(9)).hasSize(20);
      a.close();
      b.close();
    }
  }

  @Test
  void aGarbageCheckpointResendsEverythingRetained() throws Exception {
    try (UplinkJournal j = JournalFixture.open(dir, clock); JournalProducer p = j.newProducer()) {
      appendFrames(p, 3, j.clusterNumber("eu-west"), 0, 20);
      Files.write(j.checkpointFile("eu-west").path(), "not a checkpoint at all!".getBytes());
      RecordingSink sink = new RecordingSink();
      JournalForwarder f = j.openForwarder("eu-west", sink, 64);
      drain(f);
      assertThat(sink.seqsOf(3)).isEqualTo(IntStream.range(0, 20).boxed().toList());
      f.close();
    }
  }

  @Test
  void aCheckpointPastTheEndOfTheJournalResendsEverythingRetained() throws Exception {
    try (UplinkJournal j = JournalFixture.open(dir, clock); JournalProducer p = j.newProducer()) {
      List<Long> idx = appendFrames(p, 3, j.clusterNumber("eu-west"), 0, 20);
      j.checkpointFile("eu-west").write(idx.getLast() + 1000); // valid file, wrong journal
      RecordingSink sink = new RecordingSink();
      JournalForwarder f = j.openForwarder("eu-west", sink, 64);
      drain(f);
      assertThat(sink.seqsOf(3)).isEqualTo(IntStream.range(0, 20).boxed().toList());
      f.close();
    }
  }

  @Test
  void aCheckpointTakenAtTheEndOfACycleResumesInTheNextCycle() throws Exception {
    long checkpoint;
    try (UplinkJournal j = JournalFixture.open(dir, clock); JournalProducer p = j.newProducer()) {
      int eu = j.clusterNumber("eu-west");
      appendFrames(p, 4, eu, 0, 5);
      RecordingSink sink = new RecordingSink();
      JournalForwarder f = j.openForwarder("eu-west", sink, 64);
      drain(f);
      f.acknowledge(4, 0, 4);
      checkpoint = f.publishedAckedIndex(); // one past the last record of this cycle
      j.checkpoint(f);
      f.close();
      clock.advanceMillis(3_600_000L);
      appendFrames(p, 4, eu, 5, 5);
    }
    try (UplinkJournal j = JournalFixture.open(dir, clock)) {
      RecordingSink sink = new RecordingSink();
      JournalForwarder f = j.openForwarder("eu-west", sink, 64);
      assertThat(f.publishedAckedIndex()).isGreaterThanOrEqualTo(checkpoint); // same place, maybe named by the next cycle
      drain(f);
      assertThat(sink.seqsOf(4)).containsExactly(5, 6, 7, 8, 9);
      f.close();
    }
  }
}
