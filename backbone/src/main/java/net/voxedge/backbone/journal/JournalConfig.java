package net.voxedge.backbone.journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/**
 * How an {@link UplinkJournal} is laid out and kept.
 *
 * @param directory the queue's directory (created if missing); the checkpoints and
 *     {@code clusters.txt} live next to the queue files
 * @param rollCycle how often Chronicle starts a new file; retention deletes whole files
 * @param retention how long a fully acknowledged file is kept after its cycle ended (for audits
 *     and late replays); zero deletes as soon as a file is acknowledged and no longer current
 * @param diskBudgetBytes above this the journal reports itself over budget (metric, log): the
 *     unacknowledged backlog is then too big for the disk it was given
 * @param time the clock Chronicle uses to pick the cycle (a settable one in tests)
 */
public record JournalConfig(Path directory, RollCycle rollCycle, Duration retention, long diskBudgetBytes,
    TimeProvider time) {

  /** Checks the values. */
  public JournalConfig {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(rollCycle, "rollCycle");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(time, "time");
    if (retention.isNegative()) {
      throw new IllegalArgumentException("journal retention must not be negative: " + retention);
    }
    if (diskBudgetBytes <= 0) {
      throw new IllegalArgumentException("journal disk budget must be positive: " + diskBudgetBytes);
    }
  }

  /** Hourly files, one hour of retention after acknowledgement, an 8 GiB budget, the system clock. */
  public static JournalConfig defaults(Path directory) {
    return new JournalConfig(directory, RollCycles.FAST_HOURLY, Duration.ofHours(1), 8L << 30,
        SystemTimeProvider.INSTANCE);
  }

  /** The same with another roll cycle. */
  public JournalConfig withRollCycle(RollCycle cycle) {
    return new JournalConfig(directory, cycle, retention, diskBudgetBytes, time);
  }

  /** The same with another retention. */
  public JournalConfig withRetention(Duration keep) {
    return new JournalConfig(directory, rollCycle, keep, diskBudgetBytes, time);
  }

  /** The same with another disk budget. */
  public JournalConfig withDiskBudget(long bytes) {
    return new JournalConfig(directory, rollCycle, retention, bytes, time);
  }

  /** The same with another clock. */
  public JournalConfig withTime(TimeProvider clock) {
    return new JournalConfig(directory, rollCycle, retention, diskBudgetBytes, clock);
  }
}
