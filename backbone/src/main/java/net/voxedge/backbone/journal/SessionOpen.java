package net.voxedge.backbone.journal;

import java.util.Objects;

/**
 * What the journal records when a session starts: who, where, when, and which cluster it was
 * sent to. Failover re-sends the session's configuration from this record.
 *
 * @param sessionId the edge's session id
 * @param subject the authenticated user (token subject)
 * @param popId the PoP that terminated the session
 * @param hostId the edge host inside the PoP
 * @param clientAddress the user's address as text (e.g. {@code 203.0.113.7:53211})
 * @param clusterId the cluster the session is sent to first
 * @param codec the negotiated user codec (e.g. {@code opus/48000/2})
 * @param startedAtMillis wall-clock start, epoch milliseconds
 */
public record SessionOpen(long sessionId, String subject, String popId, String hostId, String clientAddress,
    String clusterId, String codec, long startedAtMillis) {

  /** Longest text field, in UTF-8 bytes: the record's length fields are u16 and records stay small. */
  public static final int MAX_TEXT_BYTES = 1024;

  /** Checks that no field is null. */
  public SessionOpen {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(popId, "popId");
    Objects.requireNonNull(hostId, "hostId");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(codec, "codec");
  }
}
