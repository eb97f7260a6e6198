package net.voxedge.backbone.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Jazzer targets for the parsers of bytes read back from disk: journal records
 * ({@link JournalRecord}) and checkpoint files ({@link AckedIndexFile}). Under plain
 * {@code mvn test} they replay the seeds in {@code src/test/resources/.../JournalRecordFuzzTestInputs};
 * {@code scripts/fuzz.sh 60 JournalRecordFuzzTest} fuzzes them.
 */
class JournalRecordFuzzTest {
  private static final JournalRecord REC = new JournalRecord();

  /** Any bytes as a record, at the start of an array and at an offset: never throws; OK means re-encodable. */
  @FuzzTest(maxDuration = "60s")
  void parseAnyRecord(byte[] data) {
    check(data, 0, data.length);
    byte[] shifted = new byte[data.length + 7];
    Arrays.fill(shifted, (byte) 0x5A);
    System.arraycopy(data, 0, shifted, 3, data.length);
    check(shifted, 3, data.length);
  }

  private static void check(byte[] b, int off, int len) {
    RecordStatus status = REC.parse(b, off, len);
    assertThat(status).isNotNull();
    if (status != RecordStatus.OK) {
      assertThat(REC.kind()).isNull();
      return;
    }
    byte[] original = Arrays.copyOfRange(b, off, off + len);
    byte[] again = switch (REC.kind()) {
      case MEDIA -> {
        assertThat(REC.payloadOffset() + REC.payloadLength()).isEqualTo(off + len);
        byte[] r = new byte[RecordCodec.MEDIA_HEADER + REC.payloadLength()];
        RecordCodec.writeMediaHeader(r, REC.flags(), REC.stream(), REC.cluster(), REC.payloadLength(),
            REC.sessionId(), REC.seq(), REC.mediaTimestamp());
        System.arraycopy(b, REC.payloadOffset(), r, RecordCodec.MEDIA_HEADER, REC.payloadLength());
        yield r;
      }
      case END -> {
        byte[] r = new byte[RecordCodec.END_LENGTH];
        RecordCodec.writeEnd(r, REC.sessionId(), REC.cluster(), REC.endReason(), REC.atMillis(), REC.frameCount(),
            REC.byteCount());
        yield r;
      }
      case OPEN -> {
        // Texts decode leniently (bad UTF-8 becomes U+FFFD), so compare fields rather than bytes.
        String[] texts = {REC.subject(), REC.popId(), REC.hostId(), REC.clientAddress(), REC.codec()};
        assertThat(texts).doesNotContainNull();
        yield original;
      }
    };
    assertThat(again).isEqualTo(original);
  }

  /** Any bytes as a checkpoint file: never throws; OK means encode(index) gives the same bytes. */
  @FuzzTest(maxDuration = "60s")
  void parseAnyCheckpoint(byte[] data) {
    AckedIndexFile.Checkpoint cp = AckedIndexFile.parse(data, 0, data.length);
    assertThat(cp.status()).isNotNull();
    if (cp.status() == AckedIndexFile.Status.OK) {
      assertThat(cp.index()).isNotNegative();
      assertThat(AckedIndexFile.encode(cp.index())).isEqualTo(data);
    }
  }

  /** Any text as clusters.txt: parses, or fails with a message naming the problem; never anything else. */
  @FuzzTest(maxDuration = "60s")
  void parseAnyClusterList(byte[] data) {
    String text = new String(data, java.nio.charset.StandardCharsets.UTF_8);
    try {
      var ids = ClusterNumbers.parse(text, "clusters.txt");
      assertThat(ids).doesNotHaveDuplicates().allMatch(id -> ClusterNumbers.ID.matcher(id).matches());
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).startsWith("clusters.txt");
    }
  }
}
