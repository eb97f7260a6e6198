package net.voxedge.backbone.journal;

import java.nio.charset.StandardCharsets;

/**
 * A reusable view of one journal record: {@link #parse} decodes the bytes in place (no copy, no
 * allocation) and resets every field. The view refers to the parsed array: it is valid until that
 * array is reused. Which accessors mean something depends on {@link #kind()}; the others return 0
 * or empty.
 */
public final class JournalRecord {
  private byte[] buf;
  private int off;
  private int len;
  private long index = -1;
  private RecordKind kind;
  private long sessionId;
  private int cluster;
  private int flags;
  private int stream;
  private int seq;
  private int mediaTs;
  private int payloadLen;
  private long atMillis;
  private EndReason reason;
  private long frames;
  private long bytes;
  private final int[] textOff = new int[RecordCodec.OPEN_TEXTS];
  private final int[] textLen = new int[RecordCodec.OPEN_TEXTS];

  /**
   * Decodes one record. Never throws: on anything but {@link RecordStatus#OK} the view is empty
   * ({@link #kind()} is {@code null}).
   */
  public RecordStatus parse(byte[] b, int off, int len) {
    reset();
    if (b == null || off < 0 || len < 0 || off > b.length - len) {
      return RecordStatus.TRUNCATED;
    }
    if (len < 2) {
      return RecordStatus.TRUNCATED;
    }
    int kindCode = RecordCodec.u8(b, off);
    if (RecordCodec.u8(b, off + 1) != RecordCodec.VERSION) {
      return kindCode >= 1 && kindCode <= 3 ? RecordStatus.UNSUPPORTED_VERSION : RecordStatus.UNKNOWN_KIND;
    }
    RecordStatus s = switch (kindCode) {
      case 1 -> parseMedia(b, off, len);
      case 2 -> parseOpen(b, off, len);
      case 3 -> parseEnd(b, off, len);
      default -> RecordStatus.UNKNOWN_KIND;
    };
    if (s == RecordStatus.OK) {
      this.buf = b;
      this.off = off;
      this.len = len;
    } else {
      reset();
    }
    return s;
  }

  private RecordStatus parseMedia(byte[] b, int o, int n) {
    if (n < RecordCodec.MEDIA_HEADER) {
      return RecordStatus.TRUNCATED;
    }
    int plen = RecordCodec.u16(b, o + 6);
    if (plen > RecordCodec.MAX_PAYLOAD) {
      return RecordStatus.TOO_LONG;
    }
    if (n != RecordCodec.MEDIA_HEADER + plen) {
      return RecordStatus.LENGTH_MISMATCH;
    }
    kind = RecordKind.MEDIA;
    flags = RecordCodec.u8(b, o + 2);
    stream = RecordCodec.u8(b, o + 3);
    cluster = RecordCodec.u16(b, o + 4);
    payloadLen = plen;
    sessionId = RecordCodec.i64(b, o + 8);
    seq = RecordCodec.i32(b, o + 16);
    mediaTs = RecordCodec.i32(b, o + 20);
    return RecordStatus.OK;
  }

  private RecordStatus parseOpen(byte[] b, int o, int n) {
    if (n < RecordCodec.OPEN_FIXED) {
      return RecordStatus.TRUNCATED;
    }
    int p = RecordCodec.OPEN_FIXED;
    for (int i = 0; i < RecordCodec.OPEN_TEXTS; i++) {
      if (n - p < 2) {
        return RecordStatus.TRUNCATED;
      }
      int tl = RecordCodec.u16(b, o + p);
      if (tl > SessionOpen.MAX_TEXT_BYTES) {
        return RecordStatus.TOO_LONG;
      }
      if (n - p - 2 < tl) {
        return RecordStatus.TRUNCATED;
      }
      textOff[i] = o + p + 2;
      textLen[i] = tl;
      p += 2 + tl;
    }
    if (p != n) {
      return RecordStatus.LENGTH_MISMATCH;
    }
    kind = RecordKind.OPEN;
    cluster = RecordCodec.u16(b, o + 2);
    sessionId = RecordCodec.i64(b, o + 4);
    atMillis = RecordCodec.i64(b, o + 12);
    return RecordStatus.OK;
  }

  private RecordStatus parseEnd(byte[] b, int o, int n) {
    if (n < RecordCodec.END_LENGTH) {
      return RecordStatus.TRUNCATED;
    }
    if (n != RecordCodec.END_LENGTH) {
      return RecordStatus.LENGTH_MISMATCH;
    }
    if (b[o + 3] != 0 || RecordCodec.u16(b, o + 6) != 0) {
      return RecordStatus.BAD_RESERVED;
    }
    EndReason r = EndReason.ofCode(RecordCodec.u8(b, o + 2));
    if (r == null) {
      return RecordStatus.BAD_REASON;
    }
    kind = RecordKind.END;
    reason = r;
    cluster = RecordCodec.u16(b, o + 4);
    sessionId = RecordCodec.i64(b, o + 8);
    atMillis = RecordCodec.i64(b, o + 16);
    frames = RecordCodec.i64(b, o + 24);
    bytes = RecordCodec.i64(b, o + 32);
    return RecordStatus.OK;
  }

  private void reset() {
    buf = null;
    off = 0;
    len = 0;
    index = -1;
    kind = null;
    sessionId = 0;
    cluster = 0;
    flags = 0;
    stream = 0;
    seq = 0;
    mediaTs = 0;
    payloadLen = 0;
    atMillis = 0;
    reason = null;
    frames = 0;
    bytes = 0;
    java.util.Arrays.fill(textLen, 0);
    java.util.Arrays.fill(textOff, 0);
  }

  void index(long index) {
    this.index = index;
  }

  /** The record's Chronicle index in the journal, or -1 when it was not read from a journal. */
  public long index() {
    return index;
  }

  /** The record's kind, or {@code null} when the last parse failed. */
  public RecordKind kind() {
    return kind;
  }

  /** Session id (every kind). */
  public long sessionId() {
    return sessionId;
  }

  /** The journal's number for the target cluster ({@link UplinkJournal#clusterId(int)} names it). */
  public int cluster() {
    return cluster;
  }

  /** MEDIA: flags byte (meaning defined by the media layer, e.g. marker bit). */
  public int flags() {
    return flags;
  }

  /** MEDIA: stream number within the session (0 = user audio). */
  public int stream() {
    return stream;
  }

  /** MEDIA: per-stream sequence number (u32 as int). */
  public int seq() {
    return seq;
  }

  /** MEDIA: 48 kHz media timestamp (u32 as int). */
  public int mediaTimestamp() {
    return mediaTs;
  }

  /** MEDIA: the array that holds the payload (the parsed array). */
  public byte[] payloadArray() {
    return buf;
  }

  /** MEDIA: where the payload starts in {@link #payloadArray()}. */
  public int payloadOffset() {
    return off + RecordCodec.MEDIA_HEADER;
  }

  /** MEDIA: payload length in bytes. */
  public int payloadLength() {
    return payloadLen;
  }

  /** The whole encoded record: array, offset and length (for a sink that forwards it as is). */
  public byte[] recordArray() {
    return buf;
  }

  /** Offset of the encoded record in {@link #recordArray()}. */
  public int recordOffset() {
    return off;
  }

  /** Length of the encoded record. */
  public int recordLength() {
    return len;
  }

  /** OPEN: started at; END: ended at (epoch milliseconds). */
  public long atMillis() {
    return atMillis;
  }

  /** END: why the session ended. */
  public EndReason endReason() {
    return reason;
  }

  /** END: media frames journaled for the session. */
  public long frameCount() {
    return frames;
  }

  /** END: payload bytes journaled for the session. */
  public long byteCount() {
    return bytes;
  }

  /** OPEN: the user (allocates a String: session records are rare). */
  public String subject() {
    return text(0);
  }

  /** OPEN: the PoP id. */
  public String popId() {
    return text(1);
  }

  /** OPEN: the edge host id. */
  public String hostId() {
    return text(2);
  }

  /** OPEN: the user's address as text. */
  public String clientAddress() {
    return text(3);
  }

  /** OPEN: the negotiated codec. */
  public String codec() {
    return text(4);
  }

  private String text(int i) {
    return kind == RecordKind.OPEN ? new String(buf, textOff[i], textLen[i], StandardCharsets.UTF_8) : "";
  }

  @Override
  public String toString() {
    return kind == null ? "JournalRecord[invalid]"
        : "JournalRecord[" + kind + " index=" + Long.toHexString(index) + " session=" + sessionId + " stream=" + stream
            + " seq=" + Integer.toUnsignedString(seq) + " cluster=" + cluster + "]";
  }
}
