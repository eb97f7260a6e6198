package net.voxedge.backbone.journal;

import java.util.Objects;

/**
 * What the journal records when a session ends.
 *
 * @param sessionId the edge's session id
 * @param clusterId the cluster the session was last sent to
 * @param reason why it ended
 * @param endedAtMillis wall-clock end, epoch milliseconds
 * @param frames user media frames the edge journaled for this session
 * @param bytes payload bytes of those frames
 */
public record SessionEnd(long sessionId, String clusterId, EndReason reason, long endedAtMillis, long frames, long bytes) {
  /** Checks that no field is null. */
  public SessionEnd {
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(reason, "reason");
  }
}
