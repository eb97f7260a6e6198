package net.voxedge.backbone.journal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.function.LongConsumer;

/**
 * Tails the journal for one cluster and hands that cluster's records to its tunnel
 * ({@link FrameSink}), tracking what the cluster has acknowledged. Driven from outside, on one
 * thread: {@link #poll} reads and offers, {@link #acknowledge} takes the tunnel's acks. No
 * threads, clocks or logging inside; the journal file reads are its only IO.
 *
 * <p><b>Which records are this forwarder's:</b> records labelled with its cluster, except
 * sessions it {@link #handOff handed off}, plus the sessions it {@link #adopt adopted}.
 *
 * <p><b>Acked index:</b> {@link #ackedIndex()} is the lowest journal index this cluster has not
 * acknowledged (frames in flight, the next record not yet sent, and the start of any session
 * handed off and not yet released). The IO layer writes it to the checkpoint file now and then
 * ({@link JournalHousekeeper}); after a restart the forwarder resumes there and sends everything
 * after it again. Whatever was acknowledged after the last checkpoint is sent twice: the receiver
 * drops duplicates by (session, stream, seq).
 *
 * <p><b>Backpressure:</b> when the sink answers {@link SendStatus#BACKPRESSURE}, or the in-flight
 * window is full, {@code poll} stops and the next poll offers the very same record first.
 *
 * <p><b>Failover</b> of session X from cluster A to cluster B, in this order: (1) on A's thread
 * {@code long from = a.handOff(X)}: A sends nothing more of X, whatever its label; (2) on B's
 * thread {@code b.adopt(X, from, openIndex)}: B's next polls re-send X's OPEN record (the session
 * configuration), then every record of X from {@code from} to the end of the journal as it is
 * then, with their original seq and timestamps, before anything else; afterwards B takes X's
 * later records whatever their label; (3) the session's worker labels X's new frames with B
 * (so that routing survives a restart); (4) once B has seen a record of X labelled B (or X's END)
 * and its cluster acknowledged every record of X not labelled B, {@link #drainCompletedAdoptions}
 * on B reports X, and {@code a.releaseHandedOff(X)} lets A's acked index move past X's frames.
 * Until then A's acked index stays at or before {@code from}, so a crash in between loses nothing:
 * after a restart A sends X's old frames to A again and the edge repeats the failover.
 */
public final class JournalForwarder implements AutoCloseable {
  private final UplinkJournal journal;
  private final int cluster;
  private final String clusterId;
  private final JournalReader reader;
  private final FrameSink sink;
  private final AckTracker tracker;
  private final AckTracker replayTracker;
  private final LongIntHashMap handedOff = new LongIntHashMap(64);
  private final LongIntHashMap adoptionSlot = new LongIntHashMap(64);
  private Adoption[] adoptions = new Adoption[8];
  private final ArrayDeque<Adoption> replays = new ArrayDeque<>();
  private final ArrayDeque<Long> completedAdoptions = new ArrayDeque<>();
  private long[] holdSession = new long[8];
  private long[] holdIndex = new long[8];
  private int holds;
  private boolean pending;
  private long sent;
  private long corrupt;
  private long backpressured;
  private long windowFull;
  private volatile long publishedAckedIndex;
  private volatile long publishedNextUnsent;
  private volatile int publishedInFlight;
  private final Counter corruptCounter;

  JournalForwarder(UplinkJournal journal, int cluster, String clusterId, JournalReader reader, FrameSink sink,
      int maxInFlight, MeterRegistry registry) {
    this.journal = journal;
    this.cluster = cluster;
    this.clusterId = clusterId;
    this.reader = reader;
    this.sink = sink;
    this.tracker = new AckTracker(maxInFlight);
    this.replayTracker = new AckTracker(maxInFlight);
    publish();
    Gauge.builder("voxedge_journal_acked_index", this, JournalForwarder::publishedAckedIndex).tag("cluster", clusterId)
        .description("Lowest journal index the cluster has not acknowledged (the forwarder's resume point)")
        .register(registry);
    Gauge.builder("voxedge_journal_backlog_frames", this, JournalForwarder::backlogFrames).tag("cluster", clusterId)
        .description("Frames sent and not acknowledged, plus journal records not yet read, for this cluster")
        .register(registry);
    this.corruptCounter = Counter.builder("voxedge_journal_corrupt_records_total").tag("cluster", clusterId)
        .description("Journal documents that were no valid record (skipped)").register(registry);
  }

  /** The cluster this forwarder sends to. */
  public String clusterId() {
    return clusterId;
  }

  /**
   * Reads and offers up to {@code maxRecords} records (replays of adopted sessions first).
   *
   * @return how many records the sink took
   */
  public int poll(int maxRecords) {
    int taken = 0;
    while (taken < maxRecords && !replays.isEmpty()) {
      Adoption r = replays.peek();
      int step = r.step();
      if (step > 0) {
        taken++;
      } else if (step < 0) {
        publish();
        return taken;
      } else {
        replays.poll();
        r.close();
        checkAdoptionComplete(r);
      }
    }
    // A session's live frames wait until its replay is out, so the cluster sees them in seq order.
    while (taken < maxRecords && replays.isEmpty()) {
      if (!pending) {
        JournalReader.Read read = reader.next();
        if (read == JournalReader.Read.END) {
          break;
        }
        if (read == JournalReader.Read.CORRUPT) {
          corrupt++;
          corruptCounter.increment();
          continue;
        }
        if (!owns(reader.record())) {
          continue;
        }
        pending = true;
      }
      JournalRecord rec = reader.record();
      boolean media = rec.kind() == RecordKind.MEDIA;
      if (media && tracker.isFull()) {
        windowFull++;
        break;
      }
      if (sink.offer(rec) == SendStatus.BACKPRESSURE) {
        backpressured++;
        break;
      }
      if (media) {
        Adoption a = adoptionOf(rec.sessionId());
        if (a != null && rec.cluster() != cluster) {
          replayTracker.track(rec.index(), rec.sessionId(), rec.stream(), rec.seq());
        } else {
          tracker.track(rec.index(), rec.sessionId(), rec.stream(), rec.seq());
        }
      }
      pending = false;
      sent++;
      taken++;
    }
    publish();
    return taken;
  }

  private boolean owns(JournalRecord rec) {
    long session = rec.sessionId();
    if (handedOff.size() != 0 && handedOff.containsKey(session)) {
      if (rec.kind() == RecordKind.END) {
        handedOff.remove(session); // nothing of it follows its END
      }
      return false;
    }
    Adoption a = adoptionOf(session);
    if (a != null) {
      if (rec.index() <= a.untilIndex) {
        return false; // the replay sent it
      }
      if (rec.cluster() == cluster || rec.kind() == RecordKind.END) {
        a.relabelSeen = true;
      }
      return rec.kind() != RecordKind.OPEN;
    }
    return rec.cluster() == cluster;
  }

  private Adoption adoptionOf(long session) {
    if (adoptionSlot.size() == 0) {
      return null;
    }
    int slot = adoptionSlot.get(session);
    return slot == LongIntHashMap.MISSING ? null : adoptions[slot];
  }

  /**
   * A cumulative acknowledgement from the cluster: every frame of (session, stream) up to and
   * including {@code seq} arrived.
   *
   * @return how many in-flight frames it acknowledged
   */
  public int acknowledge(long sessionId, int stream, int seq) {
    int n = tracker.acknowledge(sessionId, stream, seq);
    Adoption a = adoptionOf(sessionId);
    if (a != null) {
      n += replayTracker.acknowledge(sessionId, stream, seq);
      checkAdoptionComplete(a);
    }
    publish();
    return n;
  }

  /**
   * Stops sending session {@code sessionId} here (its cluster stopped answering; see the class
   * comment for the whole failover order).
   *
   * @return the journal index the adopting forwarder must replay from
   */
  public long handOff(long sessionId) {
    long from = tracker.firstUnacked(sessionId);
    long next = nextUnsent();
    if (from < 0 || from > next) {
      from = next;
    }
    tracker.forgetSession(sessionId);
    if (pending && reader.record().sessionId() == sessionId) {
      pending = false; // the adopting cluster replays it: from is at or before it
    }
    handedOff.put(sessionId, 1);
    addHold(sessionId, from);
    publish();
    return from;
  }

  /** The adopting cluster has acknowledged everything of a session handed off from here. */
  public void releaseHandedOff(long sessionId) {
    removeHold(sessionId);
    publish();
  }

  /**
   * Takes over a session handed off by another forwarder: re-sends its OPEN record (if
   * {@code openIndex >= 0}), then its records from {@code fromIndex} to the end of the journal as
   * it is now, ahead of everything else; then takes its later records whatever their label.
   */
  public void adopt(long sessionId, long fromIndex, long openIndex) {
    if (adoptionOf(sessionId) != null) {
      return; // already adopting: the running replay covers it
    }
    int slot = 0;
    while (slot < adoptions.length && adoptions[slot] != null) {
      slot++;
    }
    if (slot == adoptions.length) {
      adoptions = java.util.Arrays.copyOf(adoptions, slot * 2);
    }
    Adoption a = new Adoption(sessionId, slot, fromIndex, journal.lastIndex(), openIndex);
    adoptions[slot] = a;
    adoptionSlot.put(sessionId, slot);
    replays.add(a);
    // Replayed frames sit below this forwarder's read position: hold the acked index at the
    // replay's start until they are all acknowledged, or a crash could skip them.
    addHold(sessionId, fromIndex);
    publish();
  }

  /**
   * Reports (once each) the adopted sessions whose hand-off is complete: replayed, relabelled,
   * and every record not labelled with this cluster acknowledged. The caller then releases the
   * session on the forwarder it came from.
   */
  public int drainCompletedAdoptions(LongConsumer to) {
    int n = 0;
    Long s;
    while ((s = completedAdoptions.poll()) != null) {
      to.accept(s);
      n++;
    }
    return n;
  }

  private void checkAdoptionComplete(Adoption a) {
    if (a.replayDone && a.relabelSeen && replayTracker.firstUnacked(a.sessionId) < 0) {
      adoptionSlot.remove(a.sessionId);
      adoptions[a.slot] = null;
      removeHold(a.sessionId);
      // Its later frames carry this cluster's label: the ordinary path takes them from here.
      completedAdoptions.add(a.sessionId);
    }
  }

  /** The lowest journal index not yet acknowledged, as of the last poll or ack (this thread). */
  public long ackedIndex() {
    long mark = tracker.lowestUnacked(nextUnsent());
    for (int i = 0; i < holds; i++) {
      mark = Math.min(mark, holdIndex[i]);
    }
    return mark;
  }

  /** {@link #ackedIndex()} as last published, safe to read from any thread (checkpointing, metrics). */
  public long publishedAckedIndex() {
    return publishedAckedIndex;
  }

  /** Frames sent and not acknowledged, as last published (any thread). */
  public int publishedInFlight() {
    return publishedInFlight;
  }

  /**
   * Frames in flight plus journal records not yet read (an estimate across a roll: then it
   * counts the newest cycle's records only). Any thread.
   */
  public long backlogFrames() {
    long last = journal.lastIndex();
    long next = publishedNextUnsent;
    long unread = 0;
    if (last >= 0 && last >= next) {
      var rc = journal.config().rollCycle();
      unread = rc.toCycle(last) == rc.toCycle(next) ? last - next + 1 : rc.toSequenceNumber(last) + 1;
    }
    return publishedInFlight + unread;
  }

  /** Records the sink took, over the forwarder's life. */
  public long sentCount() {
    return sent;
  }

  /** Documents skipped because they were no valid record. */
  public long corruptCount() {
    return corrupt;
  }

  /** Polls that stopped on the sink's BACKPRESSURE. */
  public long backpressureCount() {
    return backpressured;
  }

  /** Polls that stopped because the in-flight window was full. */
  public long windowFullCount() {
    return windowFull;
  }

  private long nextUnsent() {
    return pending ? reader.record().index() : reader.nextIndex();
  }

  private void publish() {
    publishedNextUnsent = nextUnsent();
    publishedInFlight = tracker.unacked() + replayTracker.unacked();
    publishedAckedIndex = ackedIndex();
  }

  private void addHold(long sessionId, long index) {
    for (int i = 0; i < holds; i++) {
      if (holdSession[i] == sessionId) {
        holdIndex[i] = Math.min(holdIndex[i], index);
        return;
      }
    }
    if (holds == holdSession.length) {
      holdSession = java.util.Arrays.copyOf(holdSession, holds * 2);
      holdIndex = java.util.Arrays.copyOf(holdIndex, holds * 2);
    }
    holdSession[holds] = sessionId;
    holdIndex[holds] = index;
    holds++;
  }

  private void removeHold(long sessionId) {
    for (int i = 0; i < holds; i++) {
      if (holdSession[i] == sessionId) {
        holds--;
        holdSession[i] = holdSession[holds];
        holdIndex[i] = holdIndex[holds];
        return;
      }
    }
  }

  @Override
  public void close() {
    for (Adoption r : replays) {
      r.close();
    }
    replays.clear();
    reader.close();
  }

  /** One adopted session: its replay (OPEN record, then its records in [from, until]) and its hand-off state. */
  private final class Adoption {
    final long sessionId;
    final int slot;
    final long fromIndex;
    final long untilIndex;
    final long openIndex;
    JournalReader rd;
    boolean openDone;
    boolean pendingRecord;
    boolean replayDone;
    boolean relabelSeen;

    Adoption(long sessionId, int slot, long fromIndex, long untilIndex, long openIndex) {
      this.sessionId = sessionId;
      this.slot = slot;
      this.fromIndex = fromIndex;
      this.untilIndex = untilIndex;
      this.openIndex = openIndex;
      this.openDone = openIndex < 0;
    }

    /** 1: the sink took a record; -1: blocked (backpressure, window full); 0: finished. */
    int step() {
      if (rd == null) {
        rd = journal.newReader();
        if (openDone) {
          rd.resumeAt(fromIndex);
        }
      }
      if (!pendingRecord) {
        if (!openDone) {
          JournalRecord open = rd.readAt(openIndex) ? rd.record() : null;
          if (open == null || open.kind() != RecordKind.OPEN || open.sessionId() != sessionId) {
            openDone = true; // no configuration to re-send: the caller passed a wrong index
            rd.resumeAt(fromIndex);
            return step();
          }
        } else if (!nextOfSession()) {
          replayDone = true;
          return 0;
        }
        pendingRecord = true;
      }
      JournalRecord rec = rd.record();
      boolean media = rec.kind() == RecordKind.MEDIA;
      if (media && replayTracker.isFull()) {
        windowFull++;
        return -1;
      }
      if (sink.offer(rec) == SendStatus.BACKPRESSURE) {
        backpressured++;
        return -1;
      }
      if (media) {
        replayTracker.track(rec.index(), rec.sessionId(), rec.stream(), rec.seq());
      }
      if (rec.cluster() == cluster || rec.kind() == RecordKind.END) {
        relabelSeen = true;
      }
      pendingRecord = false;
      sent++;
      if (!openDone) {
        openDone = true;
        rd.resumeAt(fromIndex);
      }
      return 1;
    }

    private boolean nextOfSession() {
      while (true) {
        JournalReader.Read read = rd.next();
        if (read == JournalReader.Read.END) {
          return false;
        }
        if (read == JournalReader.Read.CORRUPT) {
          continue;
        }
        JournalRecord rec = rd.record();
        if (rec.index() > untilIndex) {
          return false;
        }
        if (rec.sessionId() == sessionId && rec.kind() != RecordKind.OPEN) {
          return true;
        }
      }
    }

    void close() {
      if (rd != null) {
        rd.close();
        rd = null;
      }
    }
  }
}
