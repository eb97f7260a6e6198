package net.voxedge.backbone.journal;

/** The kinds of journal record; the code is the record's first byte on disk (never renumber). */
public enum RecordKind {
  /** One user media frame toward the cluster. */
  MEDIA(1),
  /** A session started ({@link SessionOpen}). */
  OPEN(2),
  /** A session ended ({@link SessionEnd}). */
  END(3);

  private final int code;

  RecordKind(int code) {
    this.code = code;
  }

  /** The byte stored on disk. */
  public int code() {
    return code;
  }
}
