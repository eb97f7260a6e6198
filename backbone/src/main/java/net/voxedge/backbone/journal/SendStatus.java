package net.voxedge.backbone.journal;

/** What a {@link FrameSink} did with an offered record. */
public enum SendStatus {
  /** Taken: it is on its way (or queued by the sink); acknowledgement comes later. */
  SENT,
  /** Not taken now (send window or socket buffer full): offer the same record again later. */
  BACKPRESSURE
}
