package net.voxedge.backbone.journal;

import io.micrometer.core.instrument.Counter;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * One thread's way into the journal: a Chronicle appender of its own on the shared queue.
 * A media worker takes one at start ({@link UplinkJournal#newProducer()}) and keeps it; it must
 * not be shared between threads (Chronicle appenders are single-writer). Appends from several
 * producers are serialised by the queue's own write lock, so each thread's records keep their
 * order and a session, which lives on one worker, keeps its frames in seq order.
 *
 * <p>{@link #appendFrame} is the hot path: no allocation, no exception on bad arguments.
 */
public final class JournalProducer implements AutoCloseable {
  /** Returned instead of an index when the arguments cannot make a record (nothing was written). */
  public static final long REJECTED = -1;

  private final UplinkJournal journal;
  private final ExcerptAppender appender;
  private final byte[] header = new byte[RecordCodec.END_LENGTH];
  private final Counter frames;
  private final Counter sessionRecords;

  JournalProducer(UplinkJournal journal, ExcerptAppender appender, Counter frames, Counter sessionRecords) {
    this.journal = journal;
    this.appender = appender;
    this.frames = frames;
    this.sessionRecords = sessionRecords;
  }

  /**
   * Appends one user media frame.
   *
   * @param sessionId the session
   * @param stream stream within the session, 0..255 (0 = user audio)
   * @param seq per-stream sequence number (u32)
   * @param mediaTs 48 kHz media timestamp (u32)
   * @param flags media flags, 0..255
   * @param cluster the target cluster's number ({@link UplinkJournal#clusterNumber(String)}, looked
   *     up once per session)
   * @param buf payload array; {@code off}/{@code len} its part, {@code len} at most
   *     {@value RecordCodec#MAX_PAYLOAD}
   * @return the record's journal index, or {@link #REJECTED}
   */
  public long appendFrame(long sessionId, int stream, int seq, int mediaTs, int flags, int cluster, byte[] buf,
      int off, int len) {
    if (buf == null || off < 0 || len < 0 || len > RecordCodec.MAX_PAYLOAD || off > buf.length - len
        || (stream & ~0xFF) != 0 || (flags & ~0xFF) != 0 || (cluster & ~0xFFFF) != 0) {
      return REJECTED;
    }
    RecordCodec.writeMediaHeader(header, flags, stream, cluster, len, sessionId, seq, mediaTs);
    try (DocumentContext dc = appender.writingDocument()) {
      Bytes<?> bytes = dc.wire().bytes();
      bytes.write(header, 0, RecordCodec.MEDIA_HEADER);
      bytes.write(buf, off, len);
    }
    frames.increment();
    return appender.lastIndexAppended();
  }

  /**
   * Appends a session's OPEN record (and numbers its cluster if new). Keep the returned index with
   * the session: failover re-sends the configuration from it.
   *
   * @throws IllegalArgumentException if a text field is too long or the cluster id is not one
   * @throws java.io.UncheckedIOException if the cluster list cannot be written
   */
  public long appendOpen(SessionOpen open) {
    byte[] rec = RecordCodec.encodeOpen(open, journal.clusterNumber(open.clusterId()));
    try (DocumentContext dc = appender.writingDocument()) {
      dc.wire().bytes().write(rec, 0, rec.length);
    }
    sessionRecords.increment();
    return appender.lastIndexAppended();
  }

  /** Appends a session's END record; returns its index. */
  public long appendEnd(SessionEnd end) {
    RecordCodec.writeEnd(header, end.sessionId(), journal.clusterNumber(end.clusterId()), end.reason(),
        end.endedAtMillis(), end.frames(), end.bytes());
    try (DocumentContext dc = appender.writingDocument()) {
      dc.wire().bytes().write(header, 0, RecordCodec.END_LENGTH);
    }
    sessionRecords.increment();
    return appender.lastIndexAppended();
  }

  @Override
  public void close() {
    appender.close();
  }
}
