package net.voxedge.backbone.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AckedIndexFileTest {
  @TempDir Path dir;

  @Test
  void writeThenReadGivesTheSameIndexAndReplacesTheOld() throws Exception {
    AckedIndexFile f = new AckedIndexFile(dir.resolve("acked-x.idx"));
    assertThat(f.read().status()).isEqualTo(AckedIndexFile.Status.ABSENT);
    f.write(0x7349e00000005L);
    f.write(0x7349e00000009L);
    assertThat(f.read()).isEqualTo(new AckedIndexFile.Checkpoint(AckedIndexFile.Status.OK, 0x7349e00000009L));
    assertThat(Files.size(f.path())).isEqualTo(AckedIndexFile.LENGTH);
    assertThat(Files.exists(dir.resolve("acked-x.idx.tmp"))).isFalse();
  }

  @Test
  void damagedFilesAreReportedNotTrusted() {
    byte[] good = AckedIndexFile.encode(1234);
    assertThat(AckedIndexFile.parse(good, 0, good.length).index()).isEqualTo(1234);
    for (int i = 0; i < good.length; i++) {
      byte[] b = good.clone();
      b[i] ^= 0x10;
      assertThat(AckedIndexFile.parse(b, 0, b.length).status()).as("bit flip in byte %d", i)
          .isIn(AckedIndexFile.Status.BAD_MAGIC, AckedIndexFile.Status.BAD_CHECKSUM);
    }
    assertThat(AckedIndexFile.parse(good, 0, 23).status()).isEqualTo(AckedIndexFile.Status.WRONG_LENGTH);
    assertThat(AckedIndexFile.parse(new byte[0], 0, 0).status()).isEqualTo(AckedIndexFile.Status.WRONG_LENGTH);
    assertThat(AckedIndexFile.parse("garbage garbage garbage!".getBytes(), 0, 24).status())
        .isEqualTo(AckedIndexFile.Status.BAD_MAGIC);
    assertThat(AckedIndexFile.parse(AckedIndexFile.encode(-1 & Long.MAX_VALUE), 0, 24).status())
        .isEqualTo(AckedIndexFile.Status.OK);
  }

  @Test
  void clusterNumbersSurviveReopenAndMalformedListsNameTheLine() throws Exception {
    Path file = dir.resolve("clusters.txt");
    ClusterNumbers a = ClusterNumbers.load(file);
    assertThat(a.numberOf("eu-west")).isZero();
    assertThat(a.numberOf("us-east")).isEqualTo(1);
    assertThat(a.numberOf("eu-west")).isZero();
    ClusterNumbers b = ClusterNumbers.load(file);
    assertThat(b.idOf(1)).isEqualTo("us-east");
    assertThat(b.numberOf("ap-south")).isEqualTo(2);
    assertThat(b.idOf(3)).isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClusterNumbers.parse("a\nb c\n", "clusters.txt"))
        .hasMessageContaining("line 2");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClusterNumbers.parse("a\nb\na\n", "clusters.txt"))
        .hasMessageContaining("line 3").hasMessageContaining("number 0");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClusterNumbers.parse("a\nb", "clusters.txt"))
        .hasMessageContaining("not terminated");
  }
}
