package org.recsys4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** GraphSAGE from the command line: generate an impression log, train full- and mini-batch. */
class LinkCliTest extends CapturedConsole {

  private Path generated() {
    Path data = dir.resolve("log");
    assertThat(
            Main.run(
                "generate",
                "--kind",
                "impressions",
                "--users",
                "300",
                "--items",
                "100",
                "--impressions",
                "20000",
                "--days",
                "10",
                "--out",
                data.toString()))
        .as(stderr())
        .isZero();
    assertThat(stdout()).contains("generated 20,000 impressions").contains("planted model");
    return data;
  }

  @Test
  void trainsFullBatchAndMiniBatchAndReportsHeldOutAuc() throws Exception {
    Path data = generated();
    for (String mode : new String[] {"full", "mini"}) {
      Path bundle = dir.resolve("gs-" + mode);
      Path metrics = dir.resolve("gs-" + mode + ".json");
      String[] common = {
        "train",
        "--model",
        "graphsage",
        "--data",
        data.toString(),
        "--dim",
        "16",
        "--epochs",
        mode.equals("full") ? "40" : "3",
        "--lr",
        "0.01",
        "--eval-every",
        "0",
        "--threads",
        "2",
        "--out",
        bundle.toString(),
        "--metrics-out",
        metrics.toString()
      };
      String[] args =
          mode.equals("full")
              ? common
              : concat(
                  common, "--fanout", "10,5", "--batch-size", "512", "--subgraphs", "temporal");
      resetStdout();
      assertThat(Main.run(args)).as(stderr()).isZero();
      assertThat(stdout()).contains("temporal split").contains("test from");
      JsonNode m = new ObjectMapper().readTree(Files.readString(metrics));
      assertThat(m.path("final").path("auc").asDouble()).as(mode).isGreaterThan(0.6);
      assertThat(m.path("final").has("logloss")).isTrue();
      JsonNode manifest =
          new ObjectMapper().readTree(Files.readString(bundle.resolve("manifest.json")));
      assertThat(manifest.path("family").asText()).isEqualTo("link");
      assertThat(manifest.path("sections").toString()).contains("graph").contains("ids");
      assertThat(Files.exists(bundle.resolve("graph.safetensors"))).isTrue();
    }
  }

  @Test
  void optionsOfOtherFamiliesAndImpossibleFanoutsAreNamed() {
    Path data = generated();
    resetStderr();
    assertThat(
            Main.run(
                "train",
                "--model",
                "graphsage",
                "--data",
                data.toString(),
                "--fanout",
                "10",
                "--out",
                dir.resolve("x").toString()))
        .isNotZero();
    assertThat(stderr()).contains("fanouts: one per layer expected (2)");
    resetStderr();
    assertThat(
            Main.run(
                "train",
                "--model",
                "lightgcn",
                "--data",
                data.toString(),
                "--neg-ratio",
                "2",
                "--out",
                dir.resolve("y").toString()))
        .isNotZero();
    assertThat(stderr()).contains("--neg-ratio applies to link models only, not to lightgcn");
    resetStderr();
    assertThat(
            Main.run(
                "train",
                "--model",
                "graphsage",
                "--data",
                data.toString(),
                "--message-edges",
                "order",
                "--out",
                dir.resolve("z").toString()))
        .isNotZero();
    assertThat(stderr()).contains("edge type 'order' does not occur");
  }

  private static String[] concat(String[] a, String... b) {
    String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
