package net.voxedge.backbone.journal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge host's uplink journal: every user media frame toward a cluster and one OPEN and one END
 * record per session go through one Chronicle Queue in {@link JournalConfig#directory()} before
 * the tunnel sends them, so that a forwarder restart or a path outage resumes from the last
 * acknowledged index without losing anything (backbone/README.md, "Uplink journal").
 *
 * <p>Writers: each media worker thread takes its own {@link #newProducer()}. Readers: one
 * {@link JournalForwarder} per cluster ({@link #openForwarder}), each with its own checkpoint
 * file. Retention ({@link #deleteAcknowledgedCycles}) removes whole roll-cycle files that every
 * forwarder has acknowledged and that are older than the retention period.
 */
public final class UplinkJournal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UplinkJournal.class);
  private static final String QUEUE_FILE_SUFFIX = ".cq4";

  private final JournalConfig config;
  private final MeterRegistry registry;
  private final SingleChronicleQueue queue;
  private final ClusterNumbers clusters;
  private final Counter framesAppended;
  private final Counter sessionRecordsAppended;
  private final Counter cyclesDeleted;
  private final DateTimeFormatter cycleFormat;

  private UplinkJournal(JournalConfig config, MeterRegistry registry, SingleChronicleQueue queue,
      ClusterNumbers clusters) {
    this.config = config;
    this.registry = registry;
    this.queue = queue;
    this.clusters = clusters;
    this.framesAppended = Counter.builder("voxedge_journal_appended_total").tag("kind", "media")
        .description("Records appended to the uplink journal").register(registry);
    this.sessionRecordsAppended = Counter.builder("voxedge_journal_appended_total").tag("kind", "session")
        .description("Records appended to the uplink journal").register(registry);
    this.cyclesDeleted = Counter.builder("voxedge_journal_deleted_cycles_total")
        .description("Acknowledged roll-cycle files deleted by retention").register(registry);
    Gauge.builder("voxedge_journal_bytes", this, UplinkJournal::diskBytes)
        .description("Bytes of queue files on disk").baseUnit("bytes").register(registry);
    this.cycleFormat = DateTimeFormatter.ofPattern(config.rollCycle().format()).withZone(ZoneOffset.UTC);
  }

  /**
   * Opens (or creates) the journal.
   *
   * @throws IOException if the directory or the cluster list cannot be read or created
   * @throws IllegalArgumentException if {@code clusters.txt} is malformed (the message says where)
   */
  public static UplinkJournal open(JournalConfig config, MeterRegistry registry) throws IOException {
    Files.createDirectories(config.directory());
    ClusterNumbers clusters = ClusterNumbers.load(config.directory().resolve("clusters.txt"));
    SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(config.directory())
        .rollCycle(config.rollCycle())
        .timeProvider(config.time())
        .build();
    UplinkJournal journal = new UplinkJournal(config, registry, queue, clusters);
    log.info("uplink journal open: {} (roll cycle {}, retention {}, disk budget {} MiB, {} bytes on disk)",
        config.directory(), config.rollCycle(), config.retention(), config.diskBudgetBytes() >> 20,
        journal.diskBytes());
    return journal;
  }

  /** The configuration it was opened with. */
  public JournalConfig config() {
    return config;
  }

  /** A new producer for the calling thread (keep it; one per thread). */
  public JournalProducer newProducer() {
    return new JournalProducer(this, queue.createAppender(), framesAppended, sessionRecordsAppended);
  }

  /** A new reader positioned at the start of the retained journal. */
  public JournalReader newReader() {
    return new JournalReader(queue);
  }

  /**
   * The journal's number for a cluster id, assigned on first use and kept in
   * {@code clusters.txt}. Look it up once per session, not per frame.
   */
  public int clusterNumber(String clusterId) {
    try {
      return clusters.numberOf(clusterId);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record cluster '" + clusterId + "' in "
          + config.directory().resolve("clusters.txt"), e);
    }
  }

  /** The cluster id for a number from a record, or {@code null} if the number is unknown. */
  public String clusterId(int number) {
    return clusters.idOf(number);
  }

  /** Where the forwarder for {@code clusterId} keeps its checkpoint. */
  public AckedIndexFile checkpointFile(String clusterId) {
    if (!ClusterNumbers.ID.matcher(clusterId).matches()) {
      throw new IllegalArgumentException("not a cluster id: '" + clusterId + "'");
    }
    return new AckedIndexFile(config.directory().resolve("acked-" + clusterId.replace(':', '_') + ".idx"));
  }

  /**
   * Opens the forwarder toward one cluster at its checkpoint. A missing checkpoint starts from the
   * beginning of the retained journal; a damaged one, or one that does not fit this journal, does
   * the same with a warning: everything retained is sent again (the cluster drops duplicates by
   * seq), nothing is silently skipped.
   */
  public JournalForwarder openForwarder(String clusterId, FrameSink sink, int maxInFlight) {
    AckedIndexFile file = checkpointFile(clusterId);
    AckedIndexFile.Checkpoint cp = file.read();
    JournalReader reader = newReader();
    JournalReader.Resume resume;
    if (cp.status() == AckedIndexFile.Status.OK) {
      resume = reader.resumeAt(cp.index());
    } else {
      reader.toStart();
      resume = JournalReader.Resume.AT_START;
    }
    switch (cp.status()) {
      case OK -> {
        if (resume == JournalReader.Resume.INVALID_AT_START) {
          log.warn("journal forwarder {}: checkpoint {} in {} is past the end of the journal (last index {}); "
                  + "re-sending everything retained from index {}", clusterId, Long.toHexString(cp.index()),
              file.path(), Long.toHexString(queue.lastIndex()), Long.toHexString(reader.nextIndex()));
        } else {
          log.info("journal forwarder {}: resuming at index {} ({})", clusterId, Long.toHexString(reader.nextIndex()),
              resume == JournalReader.Resume.AT_INDEX ? "checkpoint" : "start of retained data");
        }
      }
      case ABSENT -> log.info("journal forwarder {}: no checkpoint yet ({}); starting at the beginning of the "
          + "retained journal", clusterId, file.path());
      default -> log.warn("journal forwarder {}: checkpoint {} is unusable ({}); re-sending everything retained "
          + "from index {} (duplicates, no loss)", clusterId, file.path(), cp.status(),
          Long.toHexString(reader.nextIndex()));
    }
    return new JournalForwarder(this, clusterNumber(clusterId), clusterId, reader, sink, maxInFlight, registry);
  }

  /** Writes the forwarder's current acked index to its checkpoint file. */
  public void checkpoint(JournalForwarder forwarder) throws IOException {
    checkpointFile(forwarder.clusterId()).write(forwarder.publishedAckedIndex());
  }

  /**
   * Deletes every roll-cycle file that lies wholly before {@code lowestUnacked} (the lowest acked
   * index over all forwarders), is neither the cycle being written nor the newest file, and ended at least the retention
   * period before {@code nowMillis}.
   *
   * @return how many files were deleted
   */
  public int deleteAcknowledgedCycles(long lowestUnacked, long nowMillis) throws IOException {
    if (lowestUnacked <= 0) {
      return 0;
    }
    RollCycle rc = config.rollCycle();
    int ackedCycle = rc.toCycle(lowestUnacked);
    int current = queue.cycle();
    int deleted = 0;
    int first = queue.firstCycle();
    int last = queue.lastCycle();
    // Chronicle's listing throws for a bound that has no file (the epoch's cycle of an early index, a
    // current cycle nothing was written in yet), so both bounds are files that exist. The newest file
    // is kept even when acknowledged: an appender may still hold it.
    if (first == Integer.MAX_VALUE || last < first || ackedCycle <= first) {
      return 0;
    }
    for (Long c : queue.listCyclesBetween(first, last)) {
      int cycle = c.intValue();
      long endMillis = cycleStartMillis(cycle + 1);
      if (cycle >= ackedCycle || cycle >= current || cycle >= last || endMillis + config.retention().toMillis() > nowMillis) {
        continue;
      }
      Path file = config.directory().resolve(cycleFormat.format(Instant.ofEpochMilli(cycleStartMillis(cycle)))
          + QUEUE_FILE_SUFFIX);
      if (Files.deleteIfExists(file)) {
        deleted++;
        log.info("journal retention: deleted {} (cycle {}, acknowledged, ended {})", file.getFileName(), cycle,
            Instant.ofEpochMilli(endMillis));
      } else {
        log.warn("journal retention: cycle {} has no file {}", cycle, file.getFileName());
      }
    }
    if (deleted > 0) {
      queue.refreshDirectoryListing();
      cyclesDeleted.increment(deleted);
    }
    return deleted;
  }

  private long cycleStartMillis(int cycle) {
    return (long) cycle * config.rollCycle().lengthInMillis() + config.rollCycle().defaultEpoch();
  }

  /** Bytes of queue files on disk (sparse mapped files count their full length). */
  public long diskBytes() {
    long total = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(config.directory(), "*" + QUEUE_FILE_SUFFIX)) {
      for (Path f : files) {
        try {
          total += Files.size(f);
        } catch (IOException e) {
          // deleted between listing and size: it no longer counts
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return total;
  }

  /** True when the files on disk exceed the configured budget. */
  public boolean overDiskBudget() {
    return diskBytes() > config.diskBudgetBytes();
  }

  /** The index of the last record appended by any producer, or -1 when empty. */
  public long lastIndex() {
    return queue.lastIndex();
  }

  SingleChronicleQueue queue() {
    return queue;
  }

  @Override
  public void close() {
    queue.close();
    log.info("uplink journal closed: {}", config.directory());
  }
}
