package net.voxedge.backbone.journal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.RollCycles;

/** Shared test helpers: a journal in a temp dir on a hand-driven clock, and a recording sink. */
final class JournalFixture {
  /** 2023-11-14T22:13:20Z, inside an hourly cycle. */
  static final long START_MILLIS = 1_700_000_000_000L;

  private JournalFixture() {}

  static SetTimeProvider clock() {
    return new SetTimeProvider(START_MILLIS * 1_000_000L);
  }

  static JournalConfig config(Path dir, SetTimeProvider clock) {
    return JournalConfig.defaults(dir).withRollCycle(RollCycles.FAST_HOURLY).withRetention(Duration.ZERO)
        .withTime(clock);
  }

  static UplinkJournal open(Path dir, SetTimeProvider clock) throws IOException {
    return UplinkJournal.open(config(dir, clock), new SimpleMeterRegistry());
  }

  /** Payload that encodes its frame, so a mixed-up payload is caught. */
  static byte[] payload(long session, int seq, int len) {
    byte[] p = new byte[len];
    for (int i = 0; i < len; i++) {
      p[i] = (byte) (session * 31 + seq * 7 + i);
    }
    return p;
  }

  /** A copy of one offered record. */
  record Sent(RecordKind kind, long index, long session, int stream, int seq, int ts, int flags, int cluster,
      byte[] payload) {
    @Override
    public String toString() {
      return kind + "(s" + session + " #" + seq + ")";
    }
  }

  /** A sink that records what it takes and answers BACKPRESSURE while told to. */
  static final class RecordingSink implements FrameSink {
    final List<Sent> sent = new ArrayList<>();
    final List<Long> offeredIndexes = new ArrayList<>();
    int refuseNext;

    @Override
    public SendStatus offer(JournalRecord r) {
      offeredIndexes.add(r.index());
      if (refuseNext > 0) {
        refuseNext--;
        return SendStatus.BACKPRESSURE;
      }
      byte[] p = r.kind() == RecordKind.MEDIA
          ? Arrays.copyOfRange(r.payloadArray(), r.payloadOffset(), r.payloadOffset() + r.payloadLength())
          : null;
      sent.add(new Sent(r.kind(), r.index(), r.sessionId(), r.stream(), r.seq(), r.mediaTimestamp(), r.flags(),
          r.cluster(), p));
      return SendStatus.SENT;
    }

    List<Sent> media() {
      return sent.stream().filter(s -> s.kind() == RecordKind.MEDIA).toList();
    }

    List<Integer> seqsOf(long session) {
      return media().stream().filter(s -> s.session() == session).map(Sent::seq).toList();
    }
  }
}
