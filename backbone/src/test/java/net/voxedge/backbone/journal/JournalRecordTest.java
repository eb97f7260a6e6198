package net.voxedge.backbone.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JournalRecordTest {
  private final JournalRecord rec = new JournalRecord();

  private static byte[] media(int payloadLen) {
    byte[] b = new byte[RecordCodec.MEDIA_HEADER + payloadLen];
    RecordCodec.writeMediaHeader(b, 0x81, 2, 0xBEEF, payloadLen, -5L, 0xFFFF_FFFE, 0x8000_0001);
    for (int i = 0; i < payloadLen; i++) {
      b[RecordCodec.MEDIA_HEADER + i] = (byte) i;
    }
    return b;
  }

  @Test
  void mediaFieldsReadBackExactlyIncludingUnsignedExtremes() {
    byte[] b = media(3);
    assertThat(rec.parse(b, 0, b.length)).isEqualTo(RecordStatus.OK);
    assertThat(rec.kind()).isEqualTo(RecordKind.MEDIA);
    assertThat(rec.flags()).isEqualTo(0x81);
    assertThat(rec.stream()).isEqualTo(2);
    assertThat(rec.cluster()).isEqualTo(0xBEEF);
    assertThat(rec.sessionId()).isEqualTo(-5L);
    assertThat(rec.seq()).isEqualTo(0xFFFF_FFFE);
    assertThat(rec.mediaTimestamp()).isEqualTo(0x8000_0001);
    assertThat(rec.payloadLength()).isEqualTo(3);
    assertThat(rec.payloadArray()[rec.payloadOffset() + 2]).isEqualTo((byte) 2);
  }

  @Test
  void layoutIsLittleEndianAsDocumented() {
    byte[] b = media(0);
    assertThat(b[0]).isEqualTo((byte) 1);
    assertThat(b[1]).isEqualTo((byte) RecordCodec.VERSION);
    assertThat(b[4]).isEqualTo((byte) 0xEF);
    assertThat(b[5]).isEqualTo((byte) 0xBE);
    assertThat(b[16]).isEqualTo((byte) 0xFE); // seq low byte first
  }

  @Test
  void openAndEndRoundTrip() {
    byte[] open = RecordCodec.encodeOpen(new SessionOpen(42, "user-é", "pop-fra", "fra-1", "203.0.113.7:5000",
        "eu-west", "opus/48000/2", 1234567L), 7);
    assertThat(rec.parse(open, 0, open.length)).isEqualTo(RecordStatus.OK);
    assertThat(rec.kind()).isEqualTo(RecordKind.OPEN);
    assertThat(rec.sessionId()).isEqualTo(42);
    assertThat(rec.cluster()).isEqualTo(7);
    assertThat(rec.atMillis()).isEqualTo(1234567L);
    assertThat(rec.subject()).isEqualTo("user-é");
    assertThat(rec.popId()).isEqualTo("pop-fra");
    assertThat(rec.hostId()).isEqualTo("fra-1");
    assertThat(rec.clientAddress()).isEqualTo("203.0.113.7:5000");
    assertThat(rec.codec()).isEqualTo("opus/48000/2");

    byte[] end = new byte[RecordCodec.END_LENGTH];
    RecordCodec.writeEnd(end, 42, 7, EndReason.CLIENT_TIMEOUT, 99L, 1000L, 160_000L);
    assertThat(rec.parse(end, 0, end.length)).isEqualTo(RecordStatus.OK);
    assertThat(rec.kind()).isEqualTo(RecordKind.END);
    assertThat(rec.endReason()).isEqualTo(EndReason.CLIENT_TIMEOUT);
    assertThat(rec.atMillis()).isEqualTo(99L);
    assertThat(rec.frameCount()).isEqualTo(1000L);
    assertThat(rec.byteCount()).isEqualTo(160_000L);
    assertThat(rec.subject()).isEmpty();
  }

  @Test
  void everyTruncationOfEveryKindIsRejectedWithoutThrowing() {
    byte[] end = new byte[RecordCodec.END_LENGTH];
    RecordCodec.writeEnd(end, 1, 1, EndReason.ERROR, 1, 1, 1);
    byte[][] all = {media(10), end, RecordCodec.encodeOpen(new SessionOpen(1, "a", "b", "c", "d", "e", "f", 1), 0)};
    for (byte[] b : all) {
      for (int n = 0; n < b.length; n++) {
        assertThat(rec.parse(b, 0, n)).as("length %d of %d", n, b.length).isNotEqualTo(RecordStatus.OK);
        assertThat(rec.kind()).isNull();
      }
    }
  }

  @Test
  void hostileRecordsNameWhatIsWrong() {
    byte[] b = media(4);
    b[1] = 9;
    assertThat(rec.parse(b, 0, b.length)).isEqualTo(RecordStatus.UNSUPPORTED_VERSION);
    b = media(4);
    b[0] = 77;
    assertThat(rec.parse(b, 0, b.length)).isEqualTo(RecordStatus.UNKNOWN_KIND);
    b = media(4);
    assertThat(rec.parse(b, 0, b.length - 1)).isEqualTo(RecordStatus.LENGTH_MISMATCH);
    b = media(0);
    b[6] = (byte) 0xFF;
    b[7] = (byte) 0xFF; // payload length 65535
    assertThat(rec.parse(b, 0, b.length)).isEqualTo(RecordStatus.TOO_LONG);
    byte[] end = new byte[RecordCodec.END_LENGTH];
    RecordCodec.writeEnd(end, 1, 1, EndReason.ERROR, 1, 1, 1);
    end[2] = 99;
    assertThat(rec.parse(end, 0, end.length)).isEqualTo(RecordStatus.BAD_REASON);
    end[2] = 1;
    end[3] = 1;
    assertThat(rec.parse(end, 0, end.length)).isEqualTo(RecordStatus.BAD_RESERVED);
    assertThat(rec.parse(null, 0, 0)).isEqualTo(RecordStatus.TRUNCATED);
    assertThat(rec.parse(new byte[4], 3, 2)).isEqualTo(RecordStatus.TRUNCATED);
    assertThat(rec.parse(new byte[4], -1, 2)).isEqualTo(RecordStatus.TRUNCATED);
  }

  @Test
  void aFailedParseLeavesNoStaleFields() {
    byte[] b = media(4);
    rec.parse(b, 0, b.length);
    rec.parse(b, 0, 3);
    assertThat(rec.kind()).isNull();
    assertThat(rec.sessionId()).isZero();
    assertThat(rec.payloadLength()).isZero();
  }

  @Test
  void openTextTooLongIsRefusedWithTheFieldName() {
    String longText = "x".repeat(SessionOpen.MAX_TEXT_BYTES + 1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RecordCodec.encodeOpen(
            new SessionOpen(1, longText, "p", "h", "a", "c", "o", 0), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
    byte[] ok = RecordCodec.encodeOpen(new SessionOpen(1, "x".repeat(SessionOpen.MAX_TEXT_BYTES), "p", "h", "a",
        "c", "o", 0), 0);
    assertThat(rec.parse(ok, 0, ok.length)).isEqualTo(RecordStatus.OK);
    assertThat(rec.subject().getBytes(StandardCharsets.UTF_8)).hasSize(SessionOpen.MAX_TEXT_BYTES);
  }
}
