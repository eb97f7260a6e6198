package net.voxedge.backbone.journal;

/**
 * The outcome of decoding one journal record. Anything but {@link #OK} means the bytes on disk
 * are not a record this version wrote: the reader skips it and counts it by this reason.
 */
public enum RecordStatus {
  /** A well-formed record. */
  OK,
  /** Shorter than its kind's fixed header. */
  TRUNCATED,
  /** The first byte is no known {@link RecordKind}. */
  UNKNOWN_KIND,
  /** The version byte is not {@value RecordCodec#VERSION}. */
  UNSUPPORTED_VERSION,
  /** The declared lengths don't add up to the record's length. */
  LENGTH_MISMATCH,
  /** A media payload longer than {@value RecordCodec#MAX_PAYLOAD} bytes, or a text field longer than allowed. */
  TOO_LONG,
  /** An END record with a reason code this version does not know. */
  BAD_REASON,
  /** A reserved byte is not zero. */
  BAD_RESERVED
}
