package org.recsys4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The command line as a user drives it: happy path end to end, and bad input. */
class CliTest extends CapturedConsole {

  private Path log() throws Exception {
    StringBuilder sb = new StringBuilder("user,item,rating,timestamp\n");
    for (int u = 0; u < 60; u++) {
      for (int i = 0; i < 12; i++) {
        int item = (u % 3) * 20 + (u * 7 + i * 3) % 20;
        sb.append("user-")
            .append(u)
            .append(",item-")
            .append(item)
            .append(",5,")
            .append(i)
            .append('\n');
      }
    }
    Path f = dir.resolve("log.csv");
    Files.writeString(f, sb.toString());
    return f;
  }

  @Test
  void trainEvaluateRecommendExportEndToEnd() throws Exception {
    Path data = log();
    Path bundle = dir.resolve("model");
    Path metrics = dir.resolve("metrics.json");
    Path cfg = dir.resolve("cfg.yaml");
    Files.writeString(
        cfg,
        "model: mf\nepochs: 3\nbatch-size: 64\nlr: 0.01\ndim: 8\nk: [5, 10]\nsampling: user\n"
            + "negatives: 2\n");
    int rc =
        Main.run(
            "train",
            "--config",
            cfg.toString(),
            "--data",
            data.toString(),
            "--epochs",
            "4",
            "--eval-every",
            "2",
            "--threads",
            "2",
            "--out",
            bundle.toString(),
            "--metrics-out",
            metrics.toString());
    assertThat(rc).as(stderr()).isZero();
    JsonNode m = new ObjectMapper().readTree(metrics.toFile());
    assertThat(m.path("model").asText()).isEqualTo("mf");
    assertThat(m.path("final").has("recall@10")).isTrue();
    assertThat(m.path("final").has("ndcg@5")).isTrue();
    assertThat(m.path("epochs")).hasSize(4); // the flag overrode the file's epochs: 3
    assertThat(m.path("epochs").get(1).has("recall@10")).isTrue();
    assertThat(m.path("epochs").get(0).has("train_seconds")).isTrue();
    JsonNode training =
        new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile()).path("training");
    assertThat(training.path("sampling").asText()).isEqualTo("user");
    assertThat(training.path("negatives").asInt()).isEqualTo(2);
    assertThat(training.path("shared_negatives").asInt()).isZero();

    Path pooled = dir.resolve("pooled");
    assertThat(
            Main.run(
                "train",
                "--data",
                data.toString(),
                "--model",
                "mf",
                "--epochs",
                "2",
                "--batch-size",
                "32",
                "--shared-negatives",
                "16",
                "--threads",
                "2",
                "--out",
                pooled.toString()))
        .as(stderr())
        .isZero();
    assertThat(stdout()).contains("a shared pool of 16 negatives");
    assertThat(
            new ObjectMapper()
                .readTree(pooled.resolve("manifest.json").toFile())
                .path("training")
                .path("shared_negatives")
                .asInt())
        .isEqualTo(16);

    assertThat(
            Main.run(
                "evaluate",
                "--model",
                bundle.toString(),
                "--data",
                data.toString(),
                "-k",
                "10",
                "--metrics-out",
                dir.resolve("eval.json").toString()))
        .as(stderr())
        .isZero();
    JsonNode e = new ObjectMapper().readTree(dir.resolve("eval.json").toFile());
    assertThat(e.path("final").path("recall@10").asDouble())
        .isCloseTo(
            m.path("final").path("recall@10").asDouble(),
            org.assertj.core.data.Offset.offset(1e-9));

    resetStdout();
    assertThat(Main.run("recommend", "--model", bundle.toString(), "--user", "user-3", "-k", "5"))
        .isZero();
    assertThat(stdout()).contains("rank\titem\tscore").contains("\titem-");
    assertThat(stdout().lines().count()).isEqualTo(6);

    Path emb = dir.resolve("emb");
    assertThat(Main.run("export-embeddings", "--model", bundle.toString(), "--out", emb.toString()))
        .isZero();
    assertThat(Files.readAllLines(emb.resolve("users.csv")).get(0)).startsWith("raw_id,e0,e1");
    assertThat(Files.readAllLines(emb.resolve("items.csv"))).hasSize(61);
    assertThat(emb.resolve("embeddings.safetensors")).exists();
  }

  @Test
  void badInputGetsOneClearLineAndExitCode2() throws Exception {
    assertThat(
            Main.run(
                "train",
                "--data",
                dir.resolve("nope").toString(),
                "--out",
                dir.resolve("m").toString()))
        .isEqualTo(2);
    assertThat(stderr())
        .contains("error: ")
        .contains("nope: no such file or directory")
        .doesNotContain("\tat ");
    resetStderr();
    assertThat(
            Main.run(
                "train",
                "--data",
                log().toString(),
                "--model",
                "gcn",
                "--out",
                dir.resolve("m").toString()))
        .isEqualTo(2);
    assertThat(stderr()).contains("unknown model 'gcn'");
    resetStderr();
    assertThat(
            Main.run(
                "train",
                "--data",
                log().toString(),
                "--lr",
                "-1",
                "--out",
                dir.resolve("m").toString()))
        .isEqualTo(2);
    assertThat(stderr()).contains("--lr must be a positive");
    resetStderr();
    assertThat(
            Main.run(
                "train",
                "--data",
                log().toString(),
                "--sampling",
                "popular",
                "--out",
                dir.resolve("m").toString()))
        .isEqualTo(2);
    assertThat(stderr()).contains("--sampling must be 'user' or 'interaction', got 'popular'");
    resetStderr();
    assertThat(
            Main.run(
                "train",
                "--data",
                log().toString(),
                "--negatives",
                "0",
                "--out",
                dir.resolve("m").toString()))
        .isEqualTo(2);
    assertThat(stderr()).contains("--negatives must be in [1, 1000], got 0");
    resetStderr();
    assertThat(
            Main.run(
                "train",
                "--data",
                log().toString(),
                "--negatives",
                "2",
                "--shared-negatives",
                "50",
                "--out",
                dir.resolve("m").toString()))
        .isEqualTo(2);
    assertThat(stderr())
        .contains("--shared-negatives 50 replaces")
        .contains("--negatives must be 1, got 2");
    resetStderr();
    Path cfg = dir.resolve("bad.yaml");
    Files.writeString(cfg, "epochz: 3\n");
    assertThat(
            Main.run("train", "--config", cfg.toString(), "--data", log().toString(), "--out", "x"))
        .isEqualTo(2);
    assertThat(stderr()).contains("unknown key 'epochz'");
    resetStderr();
    assertThat(Main.run("recommend", "--model", dir.toString(), "--user", "u")).isEqualTo(2);
    assertThat(stderr()).contains("not a model bundle");
  }

  @Test
  void recommendForUnknownUserSaysSo() throws Exception {
    Path bundle = dir.resolve("model");
    assertThat(
            Main.run(
                "train",
                "--model",
                "mf",
                "--data",
                log().toString(),
                "--epochs",
                "1",
                "--dim",
                "4",
                "--out",
                bundle.toString()))
        .isZero();
    resetStderr();
    assertThat(Main.run("recommend", "--model", bundle.toString(), "--user", "ghost")).isEqualTo(2);
    assertThat(stderr()).contains("unknown user 'ghost'");
  }

  @Test
  void everyCommandHasHelp() {
    for (String c :
        new String[] {
          "quickstart",
          "train",
          "evaluate",
          "recommend",
          "export-embeddings",
          "preprocess",
          "generate",
          "predict",
          "models",
          "convert"
        }) {
      resetStdout();
      assertThat(Main.run(c, "--help")).isZero();
      assertThat(stdout()).contains("Usage: recsys4j " + c);
    }
  }
}
