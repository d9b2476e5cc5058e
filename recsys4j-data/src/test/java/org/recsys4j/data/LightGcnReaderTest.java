package org.recsys4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.data.io.LightGcnReader;
import org.recsys4j.testing.SharedData;

class LightGcnReaderTest {
  @TempDir Path dir;

  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text);
  }

  @Test
  void readsPlainAndGzipWithCounts() throws IOException {
    try (OutputStream o =
        new GZIPOutputStream(Files.newOutputStream(dir.resolve("train.txt.gz")))) {
      o.write("0 1 2\r\n1 0\n2 2 0 1\n".getBytes(StandardCharsets.UTF_8));
    }
    write("test.txt", "0 0\n2\n1 2\n");
    Dataset d = LightGcnReader.read(dir, false);
    assertThat(d.users().size()).isEqualTo(3);
    assertThat(d.items().size()).isEqualTo(3);
    assertThat(d.train().size()).isEqualTo(6);
    assertThat(d.test().size()).isEqualTo(2);
    assertThat(d.train().contains(2, 0)).isTrue();
    assertThat(d.test().contains(1, 2)).isTrue();
    assertThat(d.fingerprint()).hasSize(16);
  }

  @Test
  void badInputNamesFileLineAndProblem() throws IOException {
    write("test.txt", "0 0\n");
    write("train.txt", "0 1 2\n1 x\n");
    assertThatThrownBy(() -> LightGcnReader.read(dir, false))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("train.txt:2: expected an integer item id, found 'x'");
    write("train.txt", "0 1 2 1\n");
    assertThatThrownBy(() -> LightGcnReader.read(dir, false))
        .hasMessageContaining("train.txt:1: item 1 listed twice for user 0");
    write("train.txt", "0 1\n1 2\n0 3\n");
    assertThatThrownBy(() -> LightGcnReader.read(dir, false))
        .hasMessageContaining("train.txt:3: user 0 appears on more than one line");
    write("train.txt", "");
    assertThatThrownBy(() -> LightGcnReader.read(dir, false)).hasMessageContaining("empty file");
    write("train.txt", "0 1 2\n");
    write("test.txt", "0 1\n0 9\n");
    assertThatThrownBy(() -> LightGcnReader.read(dir, false))
        .hasMessageContaining("appears on more than one line");
    write("test.txt", "0 9\n");
    assertThatThrownBy(() -> LightGcnReader.read(dir, false))
        .hasMessageContaining("test.txt:1: item 9 does not occur in train.txt");
    assertThat(LightGcnReader.read(dir, true).test().size()).isZero();
  }

  @Test
  void gowallaHasThePublishedCounts() {
    Dataset d = LightGcnReader.read(SharedData.dir("lightgcn-gowalla"), false);
    assertThat(d.users().size()).isEqualTo(29_858);
    assertThat(d.items().size()).isEqualTo(40_981);
    assertThat(d.train().size()).isEqualTo(810_128);
    assertThat(d.test().size()).isEqualTo(217_242);
  }
}
