package org.recsys4j.data.impressions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.data.ctr.BadRowPolicy;
import org.recsys4j.testing.SharedData;

/**
 * Impression logs: every role read, bad rows named or skipped, schemas checked, ml-100k converted.
 */
class ImpressionLogTest {
  @TempDir Path dir;

  private Path schema(String yaml) throws Exception {
    return Files.writeString(dir.resolve("schema.yaml"), yaml);
  }

  private static final String FULL =
      """
      impressions:
        delimiter: ","
        columns:
          - {name: req, role: request}
          - {name: u, role: user}
          - {name: i, role: item}
          - {name: clicked, role: label}
          - {name: ts, role: timestamp}
          - {name: kind, role: edge-type}
          - {name: note, role: ignore}
      """;

  @Test
  void everyRoleIsReadInFileOrderFromPlainOrGzip() throws Exception {
    ImpressionSchema s = ImpressionSchema.load(schema(FULL));
    String text =
        "\ufeffreq,u,i,clicked,ts,kind,note\nr1,alice,x,1,100,click,\"a, b\"\nr1,alice,y,0,100,view,\n"
            + "r2,bob,x,0,200,view,\n\nr2,bob,\"z,1\",1,200,order,\n";
    Path plain = Files.writeString(dir.resolve("impressions.csv"), text, StandardCharsets.UTF_8);
    Path gz = dir.resolve("impressions.csv.gz");
    try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    for (Path f : new Path[] {plain, gz}) {
      ImpressionLog log = ImpressionLog.read(f, s, BadRowPolicy.ERROR);
      assertThat(log.size()).isEqualTo(4);
      assertThat(log.users().rawId(log.user(0))).isEqualTo("alice");
      assertThat(log.items().rawId(log.item(3))).isEqualTo("z,1");
      assertThat(log.label(0)).isEqualTo(1);
      assertThat(log.label(1)).isZero();
      assertThat(log.time(2)).isEqualTo(200);
      assertThat(log.edgeTypes()).containsExactly("click", "view", "order");
      assertThat(log.edgeType(3)).isEqualTo(2);
      assertThat(log.request(0)).isEqualTo(log.request(1)).isNotEqualTo(log.request(2));
      assertThat(log.clicks()).isEqualTo(2);
      assertThat(log.timed()).isTrue();
    }
  }

  @Test
  void withoutAnEdgeTypeColumnClicksAndViewsComeFromTheLabel() throws Exception {
    ImpressionSchema s =
        ImpressionSchema.load(
            schema(
                """
        impressions:
          header: false
          delimiter: "\\t"
          columns: [{name: u, role: user}, {name: i, role: item}, {name: y, role: label}]
        """));
    Path f = Files.writeString(dir.resolve("log.tsv"), "1\t2\t1\n1\t3\t0\n");
    ImpressionLog log = ImpressionLog.read(f, s, BadRowPolicy.ERROR);
    assertThat(log.edgeTypes()).containsExactly("click", "view");
    assertThat(log.edgeType(0)).isZero();
    assertThat(log.edgeType(1)).isEqualTo(1);
    assertThat(log.timed()).isFalse();
    assertThat(log.request(0)).isEqualTo(-1);
  }

  @Test
  void badRowsAreNamedOrCountedOnce() throws Exception {
    ImpressionSchema s = ImpressionSchema.load(schema(FULL));
    Path f =
        Files.writeString(
            dir.resolve("bad.csv"),
            "req,u,i,clicked,ts,kind,note\nr,a,x,yes,1,click,\n"
                + "r,a,y,1,soon,click,\nr,a,z,1,5,click\nr,,z,1,5,click,\nr,a,w,1,5,click,\n");
    assertThatThrownBy(() -> ImpressionLog.read(f, s, BadRowPolicy.ERROR))
        .hasMessageContaining("bad.csv:2: label must be 0 or 1, got 'yes'");
    ImpressionLog log = ImpressionLog.read(f, s, BadRowPolicy.SKIP);
    assertThat(log.size()).isEqualTo(1);
    assertThat(log.skipped()).isEqualTo(4);
    assertThat(log.skipReasons())
        .anyMatch(r -> r.contains("bad.csv:3: timestamp must be whole epoch seconds"))
        .anyMatch(r -> r.contains("bad.csv:4: expected 7 fields, found 6"))
        .anyMatch(r -> r.contains("empty user id"));
    Path header = Files.writeString(dir.resolve("h.csv"), "req,user,i,clicked,ts,kind,note\n");
    assertThatThrownBy(() -> ImpressionLog.read(header, s, BadRowPolicy.ERROR))
        .hasMessageContaining("h.csv:1: header column 2 is 'user', the schema says 'u'");
  }

  @Test
  void schemasAreChecked() throws Exception {
    assertThatThrownBy(
            () ->
                ImpressionSchema.load(schema("impressions:\n  delimeter: \",\"\n  columns: []\n")))
        .hasMessageContaining("unknown key 'delimeter' (did you mean 'delimiter'?)");
    assertThatThrownBy(
            () ->
                ImpressionSchema.load(
                    schema(
                        "impressions:\n  columns: [{name: u, role: user}, {name: i, role: item}]\n")))
        .hasMessageContaining("needs exactly one label column");
    assertThatThrownBy(
            () ->
                ImpressionSchema.load(schema("impressions:\n  columns: [{name: u, role: usr}]\n")))
        .hasMessageContaining("column 1 (u): role must be");
    assertThatThrownBy(() -> ImpressionSchema.load(schema("users: {}\n")))
        .hasMessageContaining("expected an 'impressions' section");
  }

  @Test
  void movieLens100kConvertsToImpressionsWithRealNegatives() throws Exception {
    Path ml = Files.createDirectories(dir.resolve("ml"));
    Files.writeString(ml.resolve("u.data"), "1\t10\t5\t100\n1\t11\t2\t101\n2\t10\t4\t102\n");
    Files.writeString(ml.resolve("u.user"), "1|24|M|technician|85711\n2|53|F|other|94043\n");
    String genres = "|0|1|0|0|0|0|0|0|1|0|0|0|0|0|0|0|0|0|0";
    Files.write(
        ml.resolve("u.item"),
        ("10|Caf\u00e9, The (1995)|01-Jan-1995||http://x"
                + genres
                + "\n"
                + "11|Heat (1995)|15-Dec-1995||http://y"
                + genres
                + "\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    Path out = dir.resolve("converted");
    assertThat(MovieLensImpressions.convert(ml, out)).isEqualTo(3);
    ImpressionLog log =
        ImpressionLog.read(
            out.resolve("impressions.csv"),
            ImpressionSchema.load(out.resolve("schema.yaml")),
            BadRowPolicy.ERROR);
    assertThat(log.size()).isEqualTo(3);
    assertThat(log.clicks()).isEqualTo(2); // ratings 5 and 4; the 2 is a real negative
    assertThat(log.time(2)).isEqualTo(102);
    assertThat(Files.readAllLines(out.resolve("items.csv")))
        .contains("10,Action|Drama,1995,\"Caf\u00e9, The\"");
    assertThat(Files.readAllLines(out.resolve("users.csv"))).contains("2,53,F,other,94");
    // converting again replaces the earlier conversion; a foreign directory is refused
    assertThat(MovieLensImpressions.convert(ml, out)).isEqualTo(3);
    Files.writeString(dir.resolve("mine.txt"), "keep");
    assertThatThrownBy(() -> MovieLensImpressions.convert(ml, dir))
        .hasMessageContaining("not a recsys4j");
  }

  @Test
  void theRealMovieLens100kConverts() throws Exception {
    Path out = dir.resolve("ml100k-impressions");
    long n = MovieLensImpressions.convert(SharedData.dir("ml-100k"), out);
    assertThat(n).isEqualTo(100_000);
    ImpressionLog log =
        ImpressionLog.read(
            out.resolve("impressions.csv"),
            ImpressionSchema.load(out.resolve("schema.yaml")),
            BadRowPolicy.ERROR);
    assertThat(log.users().size()).isEqualTo(943);
    assertThat(log.items().size()).isEqualTo(1682);
    assertThat(log.clicks()).isEqualTo(55_375); // ratings of 4 and 5
    // the last 20% of time starts on 1998-03-07 and holds 192 users and 66 movies never seen before
    // it
    long[] times = new long[log.size()];
    for (int k = 0; k < times.length; k++) {
      times[k] = log.time(k);
    }
    long[] sorted = times.clone();
    java.util.Arrays.sort(sorted);
    long cut = sorted[(int) (0.8 * sorted.length)];
    assertThat(java.time.Instant.ofEpochSecond(cut).toString()).startsWith("1998-03-07");
    java.util.BitSet usersBefore = new java.util.BitSet();
    java.util.BitSet itemsBefore = new java.util.BitSet();
    for (int k = 0; k < times.length; k++) {
      if (times[k] < cut) {
        usersBefore.set(log.user(k));
        itemsBefore.set(log.item(k));
      }
    }
    java.util.BitSet coldUsers = new java.util.BitSet();
    java.util.BitSet coldItems = new java.util.BitSet();
    for (int k = 0; k < times.length; k++) {
      if (times[k] >= cut) {
        coldUsers.set(log.user(k), !usersBefore.get(log.user(k)));
        coldItems.set(log.item(k), !itemsBefore.get(log.item(k)));
      }
    }
    assertThat(coldUsers.cardinality()).isEqualTo(192);
    assertThat(coldItems.cardinality()).isEqualTo(66);
  }
}
