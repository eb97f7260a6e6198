package net.voxedge.backbone.journal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The journal's record layout (little-endian, the byte order Chronicle uses on x86 and ARM, so a
 * record can be written field by field into a mapped file or into a {@code byte[]} alike).
 * Documented in backbone/README.md ("Uplink journal"); a change here is a change of
 * {@link #VERSION}.
 *
 * <pre>
 * MEDIA (24 B + payload): kind=1 u8, version u8, flags u8, stream u8, cluster u16, payloadLen u16,
 *                         session i64, seq u32, mediaTs u32, payload
 * OPEN  (20 B + texts):   kind=2 u8, version u8, cluster u16, session i64, startedAtMillis i64,
 *                         then subject, popId, hostId, clientAddress, codec: each u16 length + UTF-8
 * END   (40 B):           kind=3 u8, version u8, reason u8, 0 u8, cluster u16, 0 u16,
 *                         session i64, endedAtMillis i64, frames i64, bytes i64
 * </pre>
 */
public final class RecordCodec {
  /** The record format version written by this code. */
  public static final int VERSION = 1;
  /** Largest media payload accepted (an Opus frame is at most ~1275 bytes). */
  public static final int MAX_PAYLOAD = 1500;
  /** Fixed part of a MEDIA record. */
  public static final int MEDIA_HEADER = 24;
  /** Fixed part of an OPEN record, before its texts. */
  public static final int OPEN_FIXED = 20;
  /** Length of an END record. */
  public static final int END_LENGTH = 40;
  /** Number of text fields in an OPEN record. */
  public static final int OPEN_TEXTS = 5;
  /** Largest record this version writes (an OPEN with every text at its maximum). */
  public static final int MAX_RECORD = OPEN_FIXED + OPEN_TEXTS * (2 + SessionOpen.MAX_TEXT_BYTES);

  private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private RecordCodec() {}

  /** Writes a MEDIA record's 24-byte header into {@code dst}; the payload follows it. */
  public static void writeMediaHeader(byte[] dst, int flags, int stream, int cluster, int payloadLen, long sessionId,
      int seq, int mediaTs) {
    dst[0] = (byte) RecordKind.MEDIA.code();
    dst[1] = (byte) VERSION;
    dst[2] = (byte) flags;
    dst[3] = (byte) stream;
    I16.set(dst, 4, (short) cluster);
    I16.set(dst, 6, (short) payloadLen);
    I64.set(dst, 8, sessionId);
    I32.set(dst, 16, seq);
    I32.set(dst, 20, mediaTs);
  }

  /**
   * Encodes an OPEN record.
   *
   * @return the encoded record
   * @throws IllegalArgumentException if a text is longer than {@link SessionOpen#MAX_TEXT_BYTES} in UTF-8
   */
  public static byte[] encodeOpen(SessionOpen open, int cluster) {
    byte[][] texts = {utf8(open.subject(), "subject"), utf8(open.popId(), "popId"), utf8(open.hostId(), "hostId"),
        utf8(open.clientAddress(), "clientAddress"), utf8(open.codec(), "codec")};
    int len = OPEN_FIXED;
    for (byte[] t : texts) {
      len += 2 + t.length;
    }
    byte[] out = new byte[len];
    out[0] = (byte) RecordKind.OPEN.code();
    out[1] = (byte) VERSION;
    I16.set(out, 2, (short) cluster);
    I64.set(out, 4, open.sessionId());
    I64.set(out, 12, open.startedAtMillis());
    int p = OPEN_FIXED;
    for (byte[] t : texts) {
      I16.set(out, p, (short) t.length);
      System.arraycopy(t, 0, out, p + 2, t.length);
      p += 2 + t.length;
    }
    return out;
  }

  /** Encodes an END record into {@code dst} (at least {@link #END_LENGTH} bytes). */
  public static void writeEnd(byte[] dst, long sessionId, int cluster, EndReason reason, long endedAtMillis,
      long frames, long bytes) {
    dst[0] = (byte) RecordKind.END.code();
    dst[1] = (byte) VERSION;
    dst[2] = (byte) reason.code();
    dst[3] = 0;
    I16.set(dst, 4, (short) cluster);
    I16.set(dst, 6, (short) 0);
    I64.set(dst, 8, sessionId);
    I64.set(dst, 16, endedAtMillis);
    I64.set(dst, 24, frames);
    I64.set(dst, 32, bytes);
  }

  private static byte[] utf8(String s, String field) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > SessionOpen.MAX_TEXT_BYTES) {
      throw new IllegalArgumentException("session " + field + " is " + b.length + " UTF-8 bytes; at most "
          + SessionOpen.MAX_TEXT_BYTES + " fit in a journal OPEN record");
    }
    return b;
  }

  static int u8(byte[] b, int off) {
    return b[off] & 0xFF;
  }

  static int u16(byte[] b, int off) {
    return (short) I16.get(b, off) & 0xFFFF;
  }

  static int i32(byte[] b, int off) {
    return (int) I32.get(b, off);
  }

  static long i64(byte[] b, int off) {
    return (long) I64.get(b, off);
  }
}
