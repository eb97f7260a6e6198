package net.voxedge.backbone.journal;

/** Why a session ended, as written in its END record (the code is the on-disk byte: never renumber). */
public enum EndReason {
  /** The user hung up (DTLS close, BYE, page closed). */
  CLIENT_CLOSED(1),
  /** ICE consent or media stopped arriving from the user. */
  CLIENT_TIMEOUT(2),
  /** The cluster or the agent ended the conversation. */
  SERVER_CLOSED(3),
  /** No cluster in the session's list answered. */
  NO_CLUSTER(4),
  /** The edge daemon is draining or shutting down. */
  EDGE_SHUTDOWN(5),
  /** Anything else; the logs say more. */
  ERROR(6);

  private static final EndReason[] BY_CODE = new EndReason[7];

  static {
    for (EndReason r : values()) {
      BY_CODE[r.code] = r;
    }
  }

  private final int code;

  EndReason(int code) {
    this.code = code;
  }

  /** The byte stored on disk. */
  public int code() {
    return code;
  }

  /** The reason for an on-disk code, or {@code null} for a code this version does not know. */
  public static EndReason ofCode(int code) {
    return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
