package org.recsys4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.recsys4j.core.kernel.Kernels;
import org.recsys4j.testing.SharedData;

/**
 * Bit-identical training curves: the same seed, thread count and options must give exactly the
 * per-epoch losses and metrics recorded in {@code golden/*.json} (recorded from the build before
 * the training lifecycle and bundle format were unified). Which epoch is <em>selected</em> may
 * change; the curve may not.
 *
 * <p>The scalar kernels make the bits independent of the CPU and JDK (Vector API lane reductions
 * depend on the vector width), so this class runs in its own surefire execution with {@code
 * -Drecsys4j.kernels=scalar} and fails if it finds anything else.
 */
@Tag("golden")
class GoldenCurvesTest extends CapturedConsole {
  private static final String DATA = System.getProperty("recsys4j.data.dir", "../shared/data");

  static List<Arguments> runs() {
    List<Arguments> a = new ArrayList<>();
    a.add(Arguments.of("quickstart", List.of("quickstart", "--threads", "2", "--epochs", "10")));
    for (String m : List.of("mf", "lightgcn")) {
      a.add(
          Arguments.of(
              m + "-lastfm",
              List.of(
                  "train",
                  "--config",
                  example(m + "-lastfm.yaml"),
                  "--data",
                  "@lightgcn-lastfm",
                  "--epochs",
                  "6",
                  "--eval-every",
                  "3",
                  "--threads",
                  "2")));
    }
    for (String m : List.of("lr", "deepfm", "dcnv2", "dlrm")) {
      a.add(
          Arguments.of(
              m + "-ml100k",
              List.of(
                  "train",
                  "--config",
                  example("ml100k-" + m + ".yaml"),
                  "--data",
                  "@ml-100k",
                  "--epochs",
                  "3",
                  "--threads",
                  "2",
                  "--patience",
                  "0",
                  "--valid-ratio",
                  "0")));
    }
    return a;
  }

  private static String example(String name) {
    return Path.of(System.getProperty("recsys4j.project.dir", ".."), "examples", name).toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void perEpochLossesAndMetricsAreTheRecordedBits(String name, List<String> command)
      throws Exception {
    assertThat(Kernels.get().name())
        .as(
            "golden curves are recorded with -Drecsys4j.kernels=scalar (the 'golden' surefire execution sets it)")
        .isEqualTo("scalar");
    List<String> args = new ArrayList<>();
    for (String c : command) {
      args.add(c.startsWith("@") ? SharedData.dir(c.substring(1)).toString() : c);
    }
    Path metrics = dir.resolve(name + ".json");
    args.addAll(
        List.of("--out", dir.resolve(name).toString(), "--metrics-out", metrics.toString()));
    assertThat(Main.run(args.toArray(String[]::new))).as(stderr()).isZero();
    ObjectMapper json = new ObjectMapper();
    JsonNode got = json.readTree(metrics.toFile()).path("epochs");
    JsonNode want;
    try (InputStream in = getClass().getResourceAsStream("/golden/" + name + ".json")) {
      want = json.readTree(in).path("epochs");
    }
    assertThat(got.size()).as(name + " epochs").isEqualTo(want.size());
    for (int e = 0; e < want.size(); e++) {
      Iterator<String> keys = want.get(e).fieldNames();
      while (keys.hasNext()) {
        String k = keys.next();
        assertThat(got.get(e).path(k).asDouble(Double.NaN))
            .as("%s epoch %d %s", name, e + 1, k)
            .isEqualTo(want.get(e).get(k).asDouble());
      }
    }
  }
}
