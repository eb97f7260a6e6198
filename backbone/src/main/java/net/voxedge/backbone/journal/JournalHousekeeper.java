package net.voxedge.backbone.journal;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's periodic chores, run by the IO layer every second or so on any thread:
 * checkpoint each forwarder's acked index (only when it moved), delete acknowledged roll-cycle
 * files past retention, and say so, once per change, when a cluster's backlog or the disk use
 * crosses its limit. Never throws: failures are logged and the next run tries again.
 *
 * <p>Checkpointing every run rather than every ack bounds both the fsync rate and the duplicates a
 * crash can cause (what was acknowledged since the last run is sent again).
 */
public final class JournalHousekeeper {
  private static final Logger log = LoggerFactory.getLogger(JournalHousekeeper.class);

  private final UplinkJournal journal;
  private final long backlogWarnFrames;
  private final List<Entry> forwarders = new CopyOnWriteArrayList<>();
  private boolean overBudget;

  private static final class Entry {
    final JournalForwarder forwarder;
    long checkpointed = -1;
    boolean backlogged;

    Entry(JournalForwarder forwarder) {
      this.forwarder = forwarder;
    }
  }

  /**
   * @param backlogWarnFrames a cluster's backlog above this many frames is logged (e.g. 50 frames/s
   *     × sessions × a few seconds)
   */
  public JournalHousekeeper(UplinkJournal journal, long backlogWarnFrames) {
    this.journal = journal;
    this.backlogWarnFrames = backlogWarnFrames;
  }

  /** Adds a forwarder whose acked index counts for checkpoints and retention. */
  public void add(JournalForwarder forwarder) {
    forwarders.add(new Entry(forwarder));
  }

  /** Removes a forwarder (its cluster left the topology); its checkpoint file stays. */
  public void remove(JournalForwarder forwarder) {
    forwarders.removeIf(e -> e.forwarder == forwarder);
  }

  /** One round of chores. */
  public synchronized void run(long nowMillis) {
    long lowest = Long.MAX_VALUE;
    for (Entry e : forwarders) {
      long acked = e.forwarder.publishedAckedIndex();
      lowest = Math.min(lowest, acked);
      if (acked != e.checkpointed) {
        try {
          journal.checkpointFile(e.forwarder.clusterId()).write(acked);
          e.checkpointed = acked;
        } catch (IOException | RuntimeException ex) {
          log.error("journal forwarder {}: cannot write checkpoint {}: {}", e.forwarder.clusterId(),
              Long.toHexString(acked), ex.toString());
        }
      }
      long backlog = e.forwarder.backlogFrames();
      if (!e.backlogged && backlog > backlogWarnFrames) {
        e.backlogged = true;
        log.warn("journal forwarder {}: backlog {} frames (limit {}): the cluster is not acknowledging; "
            + "acked index {}", e.forwarder.clusterId(), backlog, backlogWarnFrames, Long.toHexString(acked));
      } else if (e.backlogged && backlog <= backlogWarnFrames / 2) {
        e.backlogged = false;
        log.info("journal forwarder {}: backlog back to {} frames", e.forwarder.clusterId(), backlog);
      }
    }
    if (lowest != Long.MAX_VALUE && journal.lastIndex() >= 0) {
      try {
        journal.deleteAcknowledgedCycles(lowest, nowMillis);
      } catch (IOException | RuntimeException ex) {
        log.error("journal retention failed: {}", ex.toString());
      }
    }
    long bytes = journal.diskBytes();
    long budget = journal.config().diskBudgetBytes();
    if (!overBudget && bytes > budget) {
      overBudget = true;
      log.error("uplink journal uses {} MiB, over its {} MiB budget: unacknowledged frames are piling up "
          + "(see voxedge_journal_backlog_frames)", bytes >> 20, budget >> 20);
    } else if (overBudget && bytes <= budget) {
      overBudget = false;
      log.info("uplink journal back under its disk budget: {} MiB", bytes >> 20);
    }
  }
}
