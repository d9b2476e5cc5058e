package org.recsys4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CTR commands as a user drives them: generate, preprocess, train, evaluate, predict; and bad
 * input.
 */
class CtrCliTest extends CapturedConsole {

  /** A Criteo-format log whose click depends on I1 and C1 (so a model has something to learn). */
  private Path criteo(String name, int rows, int seed) throws Exception {
    java.util.Random r = new java.util.Random(seed);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      int c1 = r.nextInt(6);
      int i1 = r.nextInt(20);
      boolean click = r.nextDouble() < (c1 < 3 ? 0.7 : 0.1) * (i1 < 10 ? 1.2 : 0.6);
      sb.append(click ? 1 : 0).append('\t').append(i1);
      for (int k = 2; k <= 13; k++) {
        sb.append('\t').append(r.nextInt(4) == 0 ? "" : String.valueOf(r.nextInt(100)));
      }
      sb.append('\t').append(Integer.toHexString(0xabc000 + c1));
      for (int k = 2; k <= 26; k++) {
        sb.append('\t').append(r.nextInt(5) == 0 ? "" : Integer.toHexString(r.nextInt(50)));
      }
      sb.append('\n');
    }
    Path f = dir.resolve(name);
    Files.writeString(f, sb.toString());
    return f;
  }

  @Test
  void preprocessTrainEvaluatePredictOnCriteoFormat() throws Exception {
    Path train = criteo("train.txt", 3000, 1);
    Path test = criteo("test.txt", 1000, 2);
    Path data = dir.resolve("processed");
    assertThat(
            Main.run(
                "preprocess",
                "--format",
                "criteo",
                "--input",
                train.toString(),
                "--test-input",
                test.toString(),
                "--out",
                data.toString()))
        .as(stderr())
        .isZero();
    assertThat(stdout()).contains("preprocessed 3,000 training rows and 1,000 test rows");
    Path bundle = dir.resolve("dlrm");
    Path metrics = dir.resolve("m.json");
    assertThat(
            Main.run(
                "train",
                "--model",
                "dlrm",
                "--data",
                data.toString(),
                "--out",
                bundle.toString(),
                "--epochs",
                "3",
                "--batch-size",
                "64",
                "--lr",
                "0.01",
                "--optimizer",
                "adam",
                "--arch-sparse-feature-size",
                "8",
                "--arch-mlp-bot",
                "13-16-8",
                "--arch-mlp-top",
                "16-1",
                "--threads",
                "2",
                "--eval-every",
                "1",
                "--metrics-out",
                metrics.toString()))
        .as(stderr())
        .isZero();
    JsonNode m = new ObjectMapper().readTree(metrics.toFile());
    assertThat(m.path("model").asText()).isEqualTo("dlrm");
    double auc = m.path("final").path("auc").asDouble();
    assertThat(auc).isGreaterThan(0.7); // the planted C1/I1 effect
    assertThat(m.path("final").has("logloss")).isTrue();
    assertThat(m.path("epochs")).hasSize(3);
    assertThat(m.path("epochs").get(0).has("auc")).isTrue();
    // evaluate reproduces the final metrics from the bundle
    Path evalMetrics = dir.resolve("e.json");
    assertThat(
            Main.run(
                "evaluate",
                "--model",
                bundle.toString(),
                "--data",
                data.toString(),
                "--metrics-out",
                evalMetrics.toString()))
        .as(stderr())
        .isZero();
    assertThat(
            new ObjectMapper().readTree(evalMetrics.toFile()).path("final").path("auc").asDouble())
        .isEqualTo(auc);
    // predict on raw rows, with and without the label column, through the bundle's transforms
    Path scores = dir.resolve("scores.txt");
    assertThat(
            Main.run(
                "predict",
                "--model",
                bundle.toString(),
                "--input",
                test.toString(),
                "--out",
                scores.toString()))
        .as(stderr())
        .isZero();
    List<String> s1 = Files.readAllLines(scores);
    assertThat(s1)
        .hasSize(1000)
        .allSatisfy(v -> assertThat(Double.parseDouble(v)).isBetween(0.0, 1.0));
    Path unlabelled = dir.resolve("unlabelled.txt");
    StringBuilder sb = new StringBuilder();
    for (String line : Files.readAllLines(test)) {
      sb.append(line.substring(line.indexOf('\t') + 1)).append('\n');
    }
    Files.writeString(unlabelled, sb.toString());
    Path scores2 = dir.resolve("scores2.txt");
    assertThat(
            Main.run(
                "predict",
                "--model",
                bundle.toString(),
                "--input",
                unlabelled.toString(),
                "--out",
                scores2.toString(),
                "--threads",
                "1"))
        .as(stderr())
        .isZero();
    assertThat(Files.readAllLines(scores2)).isEqualTo(s1);
  }

  @Test
  void aSingleLogIsHeldOutSkippedRowsAreCountedOnceAndPredictionsStayAligned() throws Exception {
    Path log = criteo("single.txt", 2000, 3);
    // one bad row in the middle of the log
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(log));
    lines.add(1000, "1\tnot-enough-fields");
    Files.write(log, lines);
    Path data = dir.resolve("single");
    Path pm = dir.resolve("pre.json");
    assertThat(
            Main.run(
                "preprocess",
                "--input",
                log.toString(),
                "--out",
                data.toString(),
                "--test-ratio",
                "0.2",
                "--on-bad-row",
                "skip",
                "--metrics-out",
                pm.toString()))
        .as(stderr())
        .isZero();
    assertThat(new ObjectMapper().readTree(pm.toFile()).path("skipped_rows").asInt()).isEqualTo(1);
    // preprocessed without a test part: train holds out the last 10% and still reports AUC
    Path noTest = dir.resolve("notest");
    assertThat(
            Main.run(
                "preprocess",
                "--input",
                log.toString(),
                "--out",
                noTest.toString(),
                "--on-bad-row",
                "skip"))
        .as(stderr())
        .isZero();
    Path m = dir.resolve("m.json");
    resetStdout();
    assertThat(
            Main.run(
                "train",
                "--model",
                "lr",
                "--data",
                noTest.toString(),
                "--out",
                dir.resolve("lr").toString(),
                "--epochs",
                "2",
                "--batch-size",
                "128",
                "--lr",
                "0.05",
                "--threads",
                "1",
                "--metrics-out",
                m.toString()))
        .as(stderr())
        .isZero();
    assertThat(stdout()).contains("holding out the last 200 of 2,000 rows");
    JsonNode metrics = new ObjectMapper().readTree(m.toFile());
    assertThat(metrics.path("final").has("auc")).isTrue();
    assertThat(metrics.path("final").has("logloss")).isTrue();
    // evaluate finds the same held-out rows
    Path e = dir.resolve("e.json");
    assertThat(
            Main.run(
                "evaluate",
                "--model",
                dir.resolve("lr").toString(),
                "--data",
                noTest.toString(),
                "--metrics-out",
                e.toString()))
        .as(stderr())
        .isZero();
    assertThat(new ObjectMapper().readTree(e.toFile()).path("final").path("auc").asDouble())
        .isEqualTo(metrics.path("final").path("auc").asDouble());
    // predict with a bad row: one output line per input row, the bad one empty
    Path scores = dir.resolve("scores.txt");
    assertThat(
            Main.run(
                "predict",
                "--model",
                dir.resolve("lr").toString(),
                "--input",
                log.toString(),
                "--out",
                scores.toString(),
                "--on-bad-row",
                "skip"))
        .as(stderr())
        .isZero();
    List<String> out = Files.readAllLines(scores);
    assertThat(out).hasSize(lines.size());
    assertThat(out.get(1000)).isEmpty();
    assertThat(out.get(999)).matches("0\\.\\d{6}");
    assertThat(out.get(1001)).matches("0\\.\\d{6}");
  }

  @Test
  void generateRecordsTheTeacherAndEveryModelTrainsOnIt() throws Exception {
    Path data = dir.resolve("syn");
    assertThat(
            Main.run(
                "generate",
                "--kind",
                "synthetic",
                "--rows",
                "20000",
                "--dense",
                "4",
                "--cardinalities",
                "20,50,100",
                "--out",
                data.toString()))
        .as(stderr())
        .isZero();
    JsonNode meta = new ObjectMapper().readTree(data.resolve("test").resolve("meta.json").toFile());
    double teacher = meta.path("extra").path("teacher_auc").asDouble();
    assertThat(teacher).isBetween(0.65, 0.95);
    assertThat(meta.path("rows").asLong()).isEqualTo(2000);
    for (String model : new String[] {"lr", "fm", "deepfm", "widedeep", "dcnv2", "dlrm"}) {
      Path metrics = dir.resolve(model + ".json");
      List<String> args =
          new java.util.ArrayList<>(
              List.of(
                  "train",
                  "--model",
                  model,
                  "--data",
                  data.toString(),
                  "--out",
                  dir.resolve(model).toString(),
                  "--epochs",
                  "2",
                  "--batch-size",
                  "256",
                  "--lr",
                  "0.005",
                  "--threads",
                  "1",
                  "--metrics-out",
                  metrics.toString()));
      switch (model) { // each model takes only its own options
        case "lr" -> {}
        case "fm" -> args.addAll(List.of("--dim", "8"));
        case "dcnv2" -> args.addAll(List.of("--dim", "8", "--mlp", "16", "--cross-layers", "1"));
        case "dlrm" ->
            args.addAll(
                List.of(
                    "--arch-sparse-feature-size",
                    "8",
                    "--arch-mlp-bot",
                    "4-8",
                    "--arch-mlp-top",
                    "8-1"));
        default -> args.addAll(List.of("--dim", "8", "--mlp", "16"));
      }
      assertThat(Main.run(args.toArray(String[]::new))).as(model + ": " + stderr()).isZero();
      double auc =
          new ObjectMapper().readTree(metrics.toFile()).path("final").path("auc").asDouble();
      assertThat(auc).as(model).isGreaterThan(0.6).isLessThan(teacher + 0.02);
    }
  }

  @Test
  void badInputIsNamed() throws Exception {
    Path bad = dir.resolve("bad.txt");
    Files.writeString(bad, "1\t2\t3\n");
    assertThat(
            Main.run("preprocess", "--input", bad.toString(), "--out", dir.resolve("p").toString()))
        .isNotZero();
    assertThat(stderr()).contains("bad.txt:1: expected 40 fields, found 3");
    assertThat(Files.exists(dir.resolve("p"))).isFalse();
    assertThat(
            Main.run(
                "preprocess",
                "--input",
                bad.toString(),
                "--out",
                dir.resolve("p").toString(),
                "--on-bad-row",
                "skip"))
        .isNotZero();
    assertThat(stderr()).contains("no usable rows");
    assertThat(
            Main.run(
                "train",
                "--model",
                "dlrm",
                "--data",
                dir.toString(),
                "--out",
                dir.resolve("b").toString()))
        .isNotZero();
    assertThat(stderr()).contains("run 'recsys4j preprocess'");
    assertThat(
            Main.run(
                "generate",
                "--kind",
                "teacher",
                "--rows",
                "10",
                "--out",
                dir.resolve("g").toString()))
        .isNotZero();
    assertThat(stderr()).contains("--kind must be random or synthetic, got 'teacher'");
  }
}
