package net.voxedge.backbone.journal;

/**
 * Where a {@link JournalForwarder} hands journaled records: the tunnel's reliable sender toward
 * one cluster. Called on the forwarder's thread; must not block.
 */
@FunctionalInterface
public interface FrameSink {
  /**
   * Offers one record (a MEDIA frame, or an OPEN/END session record). The view is valid only
   * during the call: a sink that queues must copy. On {@link SendStatus#BACKPRESSURE} the
   * forwarder offers the very same record again on its next poll.
   */
  SendStatus offer(JournalRecord record);
}
