package org.recsys4j.data.ctr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.data.DataFormatException;

/**
 * Criteo and schema-described logs parse field by field; bad rows are reported with file and line,
 * or skipped.
 */
class CtrReaderTest {
  @TempDir Path dir;

  static String criteoLine(int label, String i1, String c1) {
    StringBuilder sb = new StringBuilder().append(label).append('\t').append(i1);
    for (int i = 2; i <= 13; i++) {
      sb.append('\t').append(i % 3 == 0 ? "" : String.valueOf(i));
    }
    sb.append('\t').append(c1);
    for (int i = 2; i <= 26; i++) {
      sb.append('\t').append(i % 5 == 0 ? "" : Integer.toHexString(0x68fd1e00 + i));
    }
    return sb.toString();
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private List<String> readC1(Path file, BadRowPolicy policy, long[] stats) {
    List<String> c1 = new ArrayList<>();
    CtrTextReader.Stats s =
        new CtrTextReader(CtrSchema.criteo(), policy)
            .read(
                file,
                -1,
                r ->
                    c1.add(
                        r.categorical[0]
                            + "|"
                            + r.label
                            + "|"
                            + r.continuous[0]
                            + "|"
                            + r.continuous[1]
                            + "|"
                            + r.continuous[2]));
    stats[0] = s.rows();
    stats[1] = s.skipped();
    return c1;
  }

  @Test
  void readsCriteoRowsWithMissingFieldsPlainAndGzipped() throws IOException {
    String text = criteoLine(1, "5", "abc1") + "\n" + criteoLine(0, "", "") + "\n";
    Path plain = write("day.txt", text);
    Path gz = dir.resolve("day.txt.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    }
    for (Path p : new Path[] {plain, gz}) {
      long[] st = new long[2];
      // I3 (index 2) is empty in every row: missing, NaN
      assertThat(readC1(p, BadRowPolicy.ERROR, st))
          .containsExactly("abc1|1.0|5.0|2.0|NaN", "null|0.0|NaN|2.0|NaN");
      assertThat(st).containsExactly(2, 0);
    }
  }

  @Test
  void badRowsNameFileLineAndProblemOrAreSkippedAndCounted() throws IOException {
    Path p =
        write(
            "bad.txt",
            criteoLine(1, "5", "a")
                + "\n"
                + criteoLine(1, "x7", "b")
                + "\n"
                + "1\t2\t3\n"
                + criteoLine(2, "1", "c")
                + "\n"
                + criteoLine(0, "1", "d")
                + "\n");
    assertThatThrownBy(() -> readC1(p, BadRowPolicy.ERROR, new long[2]))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("bad.txt:2: column 'I1' expects a number, got 'x7'")
        .hasMessageContaining("set onBadRow to skip, to pass over");
    long[] st = new long[2];
    assertThat(readC1(p, BadRowPolicy.SKIP, st)).hasSize(2);
    assertThat(st).containsExactly(2, 3);
    CtrTextReader.Stats s =
        new CtrTextReader(CtrSchema.criteo(), BadRowPolicy.SKIP).read(p, -1, r -> {});
    assertThat(s.firstReasons())
        .containsExactly(
            p + ":2: column 'I1' expects a number, got 'x7'",
            p + ":3: expected 40 fields, found 3",
            p + ":4: label column 'label' must be 0 or 1, got '2'");
    assertThatThrownBy(() -> readC1(write("empty.txt", ""), BadRowPolicy.ERROR, new long[2]))
        .hasMessageContaining("empty.txt")
        .hasMessageContaining("no data rows");
  }

  @Test
  void schemaFilesDescribeCsvWithHeaderQuotesAndMultiHot() throws IOException {
    Path schemaFile =
        write(
            "schema.yaml",
            """
        delimiter: ","
        header: true
        columns:
          - {name: id, role: id}
          - {name: click, role: label}
          - {name: user, role: categorical}
          - {name: age, role: continuous}
          - {name: genres, role: multi-hot, separator: "|"}
          - {name: note, role: ignore}
        """);
    CtrSchema schema = CtrSchema.load(schemaFile);
    Path csv =
        write(
            "log.csv",
            "id,click,user,age,genres,note\n"
                + "1,1,u7,31,Comedy|Drama,\"a, b\"\n"
                + "2,0.0,\"u,8\",,,x\n");
    List<String> seen = new ArrayList<>();
    new CtrTextReader(schema, BadRowPolicy.ERROR)
        .read(
            csv,
            -1,
            r ->
                seen.add(
                    r.label
                        + " "
                        + r.categorical[0]
                        + " "
                        + r.continuous[0]
                        + " "
                        + String.join("+", r.multiHot[0])));
    assertThat(seen).containsExactly("1.0 u7 31.0 Comedy+Drama", "0.0 u,8 NaN ");
    Path wrongHeader = write("h.csv", "id,clicked,user,age,genres,note\n1,1,u,1,a,b\n");
    assertThatThrownBy(
            () -> new CtrTextReader(schema, BadRowPolicy.ERROR).read(wrongHeader, -1, r -> {}))
        .hasMessageContaining("h.csv:1: header column 2 is 'clicked', the schema says 'click'");
    Path noLabel = write("s2.yaml", "columns:\n  - {name: a, role: categorical}\n");
    assertThatThrownBy(() -> CtrSchema.load(noLabel))
        .hasMessageContaining("s2.yaml")
        .hasMessageContaining("exactly one label column, found 0");
    Path badRole = write("s3.yaml", "columns:\n  - {name: a, role: categoric}\n");
    assertThatThrownBy(() -> CtrSchema.load(badRole))
        .hasMessageContaining("column 1 (a): unknown column role 'categoric'");
  }
}
