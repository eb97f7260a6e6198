package net.voxedge.backbone.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A forwarder's checkpoint: the lowest journal index its cluster has not acknowledged, in a
 * 24-byte file replaced atomically (write a temporary file, fsync it, rename over the old one,
 * fsync the directory), so a crash leaves either the old or the new value, never half of one.
 *
 * <pre>
 * magic "VXJACKED" (8 B ASCII), version u32 LE = 1, index i64 LE, CRC-32 of the first 20 bytes u32 LE
 * </pre>
 *
 * A file that is missing, short, or fails its checks is reported as such ({@link Status}); the
 * caller then re-sends from the start of the retained journal (duplicates, never loss).
 */
public final class AckedIndexFile {
  /** Length of the file. */
  public static final int LENGTH = 24;
  private static final byte[] MAGIC = "VXJACKED".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  /** What reading a checkpoint found. */
  public enum Status {
    /** A valid checkpoint. */
    OK,
    /** No file: the forwarder never checkpointed. */
    ABSENT,
    /** Not exactly {@value #LENGTH} bytes. */
    WRONG_LENGTH,
    /** Does not start with the magic bytes: not a checkpoint file. */
    BAD_MAGIC,
    /** Written by a newer or unknown version. */
    UNSUPPORTED_VERSION,
    /** The CRC-32 does not match: damaged. */
    BAD_CHECKSUM,
    /** A negative index. */
    NEGATIVE_INDEX,
    /** The file exists but could not be read (permissions, IO error). */
    UNREADABLE
  }

  /**
   * A read checkpoint.
   *
   * @param status what was found
   * @param index the lowest unacknowledged journal index; meaningful only when {@code status} is OK
   */
  public record Checkpoint(Status status, long index) {}

  private final Path file;

  /** A checkpoint kept at {@code file}. */
  public AckedIndexFile(Path file) {
    this.file = file;
  }

  /** Where the checkpoint lives. */
  public Path path() {
    return file;
  }

  /** Reads the checkpoint; never throws. */
  public Checkpoint read() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new Checkpoint(Status.ABSENT, -1);
    } catch (IOException | RuntimeException e) {
      return new Checkpoint(Status.UNREADABLE, -1);
    }
    return parse(bytes, 0, bytes.length);
  }

  /** Decodes checkpoint bytes; never throws. */
  public static Checkpoint parse(byte[] b, int off, int len) {
    if (b == null || off < 0 || len < 0 || off > b.length - len || len != LENGTH) {
      return new Checkpoint(Status.WRONG_LENGTH, -1);
    }
    if (!Arrays.equals(b, off, off + MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return new Checkpoint(Status.BAD_MAGIC, -1);
    }
    ByteBuffer bb = ByteBuffer.wrap(b, off, len).order(ByteOrder.LITTLE_ENDIAN);
    CRC32 crc = new CRC32();
    crc.update(b, off, 20);
    if ((int) crc.getValue() != bb.getInt(off + 20)) {
      return new Checkpoint(Status.BAD_CHECKSUM, -1);
    }
    if (bb.getInt(off + 8) != VERSION) {
      return new Checkpoint(Status.UNSUPPORTED_VERSION, -1);
    }
    long index = bb.getLong(off + 12);
    if (index < 0) {
      return new Checkpoint(Status.NEGATIVE_INDEX, -1);
    }
    return new Checkpoint(Status.OK, index);
  }

  /** Encodes a checkpoint (the file's exact bytes). */
  public static byte[] encode(long index) {
    ByteBuffer bb = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    bb.put(MAGIC).putInt(VERSION).putLong(index);
    CRC32 crc = new CRC32();
    crc.update(bb.array(), 0, 20);
    bb.putInt((int) crc.getValue());
    return bb.array();
  }

  /** Durably replaces the checkpoint with {@code index}. */
  public void write(long index) throws IOException {
    if (index < 0) {
      throw new IllegalArgumentException("journal index must not be negative: " + index);
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer bb = ByteBuffer.wrap(encode(index));
      while (bb.hasRemaining()) {
        ch.write(bb);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system of " + file + " cannot rename atomically; the acked index needs it", e);
    }
    // The rename is durable only once the directory entry is.
    try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open a directory; the data file itself is already synced.
    }
  }
}
