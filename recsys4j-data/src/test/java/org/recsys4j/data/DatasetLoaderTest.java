package org.recsys4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.data.split.Splits;
import org.recsys4j.testing.SharedData;

class DatasetLoaderTest {
  @TempDir Path dir;

  private static DatasetLoader.Options opts(String format, Splits.Kind split) {
    return new DatasetLoader.Options(
        format,
        List.of(),
        true,
        null,
        split,
        0.25,
        Double.NaN,
        DatasetLoader.UnknownIds.AUTO,
        false,
        7L);
  }

  private Path csv(String text) throws IOException {
    Path f = dir.resolve("log.csv");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void csvWithHeaderAndRawStringIds() throws IOException {
    StringBuilder sb = new StringBuilder("user,item,rating,timestamp\n");
    for (int u = 0; u < 20; u++) {
      for (int i = 0; i < 8; i++) {
        sb.append("u")
            .append(u)
            .append(",sku-")
            .append((u + i) % 15)
            .append(",5,")
            .append(1000 + i)
            .append('\n');
      }
    }
    Dataset d = DatasetLoader.load(csv(sb.toString()), opts("auto", Splits.Kind.RANDOM));
    assertThat(d.users().size()).isEqualTo(20);
    assertThat(d.items().rawId(0)).isEqualTo("sku-0");
    assertThat(d.train().size() + d.test().size()).isEqualTo(160);
    assertThat(d.test().size()).isEqualTo(40);
    Dataset again = DatasetLoader.load(dir.resolve("log.csv"), opts("auto", Splits.Kind.RANDOM));
    assertThat(again.fingerprint()).isEqualTo(d.fingerprint());
    Dataset last = DatasetLoader.load(dir.resolve("log.csv"), opts("csv", Splits.Kind.LEAVE_LAST));
    assertThat(last.test().size()).isEqualTo(20);
    int u0 = last.users().indexOf("u0");
    assertThat(last.test().items()[last.test().userPtr()[u0]])
        .isEqualTo(last.items().indexOf("sku-7"));
    Dataset temporal =
        DatasetLoader.load(dir.resolve("log.csv"), opts("csv", Splits.Kind.TEMPORAL));
    // times are 1000..1007, 20 rows each: the cut falls inside the 1006 group, and ties at the cut
    // stay in training
    assertThat(temporal.test().size()).isEqualTo(20);
  }

  @Test
  void malformedRowsAreReportedWithFileAndLine() throws IOException {
    assertThatThrownBy(
            () ->
                DatasetLoader.load(
                    csv("user,item,rating\na,b,1\nc,d\n"), opts("csv", Splits.Kind.RANDOM)))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("log.csv:3: expected 3 columns (user,item,rating), found 2");
    assertThatThrownBy(
            () ->
                DatasetLoader.load(
                    csv("user,item,rating\na,b,x\n"), opts("csv", Splits.Kind.RANDOM)))
        .hasMessageContaining("log.csv:2: expected a numeric rating, found 'x'");
    assertThatThrownBy(
            () ->
                DatasetLoader.load(
                    csv("user,item\na,b\nc,d\na,b\n"), opts("csv", Splits.Kind.RANDOM)))
        .hasMessageContaining(
            "log.csv:4: duplicate interaction (user a, item b), first seen at line 2");
    assertThatThrownBy(() -> DatasetLoader.load(csv(""), opts("csv", Splits.Kind.RANDOM)))
        .hasMessageContaining("log.csv: empty file");
    assertThatThrownBy(
            () -> DatasetLoader.load(csv("who,what\na,b\n"), opts("csv", Splits.Kind.RANDOM)))
        .hasMessageContaining("no 'user' and 'item' columns");
    assertThatThrownBy(
            () -> DatasetLoader.load(dir.resolve("missing.csv"), opts("csv", Splits.Kind.RANDOM)))
        .hasMessageContaining("missing.csv: no such file");
  }

  @Test
  void separateTestFileWithUnknownIds() throws IOException {
    Path train = csv("user,item\na,x\nb,y\n");
    Path test = dir.resolve("test.csv");
    Files.writeString(test, "user,item\na,y\nb,z\n");
    DatasetLoader.Options o =
        new DatasetLoader.Options(
            "csv",
            List.of(),
            true,
            test,
            Splits.Kind.RANDOM,
            0.2,
            Double.NaN,
            DatasetLoader.UnknownIds.AUTO,
            false,
            1L);
    assertThatThrownBy(() -> DatasetLoader.load(train, o))
        .hasMessageContaining("test.csv:3: item 'z' does not occur in the training data");
    DatasetLoader.Options drop =
        new DatasetLoader.Options(
            "csv",
            List.of(),
            true,
            test,
            Splits.Kind.RANDOM,
            0.2,
            Double.NaN,
            DatasetLoader.UnknownIds.DROP,
            false,
            1L);
    assertThat(DatasetLoader.load(train, drop).test().size()).isEqualTo(1);
  }

  @Test
  void lastfmAndMovieLensLoad() {
    Dataset lastfm =
        DatasetLoader.load(SharedData.dir("lightgcn-lastfm"), DatasetLoader.Options.defaults());
    assertThat(lastfm.train().size()).isEqualTo(42_135);
    assertThat(lastfm.test().size()).isEqualTo(10_533 - 44);
    Dataset ml = DatasetLoader.load(SharedData.dir("ml-100k"), DatasetLoader.Options.defaults());
    assertThat(ml.users().size()).isEqualTo(942);
    // 55,375 ratings >= 4; 38 test rows drop out because their item (or user) is absent from
    // training
    assertThat(ml.train().size() + ml.test().size()).isEqualTo(55_375 - 38);
  }
}
