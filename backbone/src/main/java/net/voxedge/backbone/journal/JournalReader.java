package net.voxedge.backbone.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads the journal forward from a position, one record at a time, into a reusable buffer and
 * {@link JournalRecord} view (allocation-free). Single-threaded: each reader belongs to one
 * thread, like the Chronicle tailer inside it.
 */
public final class JournalReader implements AutoCloseable {
  /** What {@link #next()} found. */
  public enum Read {
    /** A record: see {@link #record()}. */
    RECORD,
    /** Nothing more yet. */
    END,
    /** A document that is no record this version wrote: skipped, see {@link #lastStatus()}. */
    CORRUPT
  }

  /** How {@link #resumeAt} placed the reader. */
  public enum Resume {
    /** At the checkpoint. */
    AT_INDEX,
    /** At the start of the retained journal: the checkpoint is older than anything retained, or the journal is empty. */
    AT_START,
    /** At the start: the checkpoint points past the end of the journal (it does not belong to this journal). */
    INVALID_AT_START
  }

  private final SingleChronicleQueue queue;
  private final ExcerptTailer tailer;
  private final byte[] buf = new byte[RecordCodec.MAX_RECORD];
  private final JournalRecord record = new JournalRecord();
  private RecordStatus lastStatus = RecordStatus.OK;

  JournalReader(SingleChronicleQueue queue) {
    this.queue = queue;
    this.tailer = queue.createTailer();
  }

  /** Reads the next record. */
  public Read next() {
    try (DocumentContext dc = tailer.readingDocument()) {
      if (!dc.isPresent()) {
        return Read.END;
      }
      Bytes<?> bytes = dc.wire().bytes();
      long n = bytes.readRemaining();
      long idx = dc.index();
      if (n > buf.length) {
        record.parse(buf, 0, 0);
        record.index(idx);
        lastStatus = RecordStatus.TOO_LONG;
        return Read.CORRUPT;
      }
      bytes.read(buf, 0, (int) n);
      lastStatus = record.parse(buf, 0, (int) n);
      record.index(idx);
      return lastStatus == RecordStatus.OK ? Read.RECORD : Read.CORRUPT;
    }
  }

  /** The record the last {@link #next()} read (its {@link JournalRecord#index()} is set even when corrupt). */
  public JournalRecord record() {
    return record;
  }

  /** Why the last {@link #next()} returned {@link Read#CORRUPT}. */
  public RecordStatus lastStatus() {
    return lastStatus;
  }

  /** The index the next {@link #next()} reads (it may not exist yet). */
  public long nextIndex() {
    return tailer.index();
  }

  /** Moves to the start of the retained journal. */
  public void toStart() {
    tailer.toStart();
  }

  /**
   * Moves to {@code index}, the first record not yet acknowledged (or the one after the last record
   * of a cycle, or after the end of the journal: Chronicle then waits there for it).
   */
  public Resume resumeAt(long index) {
    long first = queue.firstIndex();
    long last = queue.lastIndex();
    if (last < 0 || first == Long.MAX_VALUE || index <= first) {
      tailer.toStart();
      return Resume.AT_START;
    }
    if (index > last + 1) {
      tailer.toStart();
      return Resume.INVALID_AT_START;
    }
    if (tailer.moveToIndex(index) || index == last + 1) {
      return Resume.AT_INDEX;
    }
    // One past the last record of an earlier cycle (the checkpoint taken just before a roll):
    // Chronicle positions there and moves on into the next cycle by itself.
    if (tailer.moveToIndex(index - 1)) {
      try (DocumentContext dc = tailer.readingDocument()) {
        if (dc.isPresent() && dc.index() == index - 1) {
          return Resume.AT_INDEX; // now after it
        }
      }
    }
    tailer.toStart();
    return Resume.INVALID_AT_START;
  }

  /**
   * Reads the record at {@code index} (e.g. a session's OPEN for failover), leaving the reader
   * after it.
   *
   * @return false if there is no valid record at that index
   */
  public boolean readAt(long index) {
    if (!tailer.moveToIndex(index)) {
      return false;
    }
    return next() == Read.RECORD && record.index() == index;
  }

  @Override
  public void close() {
    tailer.close();
  }
}
