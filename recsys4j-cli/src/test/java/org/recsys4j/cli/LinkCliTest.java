package org.recsys4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
                  common,
                  "--fanout",
                  "10,5",
                  "--batch-size",
                  "512",
                  "--subgraphs",
                  "temporal",
                  "--resplit-each-epoch");
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
  void exportEmbedAndPredictWithABundle() throws Exception {
    Path data = generated();
    Path bundle = dir.resolve("gs");
    assertThat(
            Main.run(
                "train",
                "--model",
                "graphsage",
                "--data",
                data.toString(),
                "--dim",
                "8",
                "--epochs",
                "5",
                "--out",
                bundle.toString()))
        .as(stderr())
        .isZero();
    // evaluate re-splits the log as recorded and reports the cold segments; popularity likewise
    resetStdout();
    assertThat(Main.run("evaluate", "--model", bundle.toString(), "--data", data.toString()))
        .as(stderr())
        .isZero();
    assertThat(stdout()).contains("graphsage on").contains("auc_known");
    resetStdout();
    assertThat(Main.run("evaluate", "--baseline", "popularity", "--data", data.toString()))
        .as(stderr())
        .isZero();
    assertThat(stdout()).contains("popularity on").contains("auc_known");
    Path emb = dir.resolve("emb");
    resetStdout();
    assertThat(Main.run("export-embeddings", "--model", bundle.toString(), "--out", emb.toString()))
        .as(stderr())
        .isZero();
    JsonNode version = new ObjectMapper().readTree(Files.readString(emb.resolve("version.json")));
    assertThat(version.path("version").asText()).hasSize(16);
    assertThat(version.path("dim").asInt()).isEqualTo(8);
    assertThat(version.path("graph_cut_time").asLong()).isPositive();
    assertThat(Files.readAllLines(emb.resolve("items.csv")).get(0)).startsWith("raw_id,e0,");
    // exporting again gives the same version: it is a hash of the vectors
    Path emb2 = dir.resolve("emb2");
    assertThat(
            Main.run("export-embeddings", "--model", bundle.toString(), "--out", emb2.toString()))
        .isZero();
    assertThat(
            new ObjectMapper()
                .readTree(Files.readString(emb2.resolve("version.json")))
                .path("version")
                .asText())
        .isEqualTo(version.path("version").asText());
    Path items = dir.resolve("new_items.csv");
    Files.writeString(items, "id,category,tags,year,title\nfresh,c1,t1|t6,2001,\"the w1 story\"\n");
    Path edges = dir.resolve("new_edges.csv");
    Files.writeString(edges, "user,item\nu1,fresh\nu2,fresh\n");
    Path fresh = dir.resolve("fresh");
    resetStdout();
    assertThat(
            Main.run(
                "embed",
                "--model",
                bundle.toString(),
                "--nodes",
                items.toString(),
                "--edges",
                edges.toString(),
                "--out",
                fresh.toString()))
        .as(stderr())
        .isZero();
    assertThat(stdout()).contains("embedded 0 new users and 1 new items (2 new links)");
    assertThat(Files.readAllLines(fresh.resolve("items.csv"))).hasSize(2);
    Path rows = dir.resolve("rows.csv");
    Files.writeString(rows, "user,item\nu1,i3\nnobody,i3\nu1,fresh\n");
    Path scores = dir.resolve("scores.txt");
    resetStdout();
    assertThat(
            Main.run(
                "predict",
                "--model",
                bundle.toString(),
                "--input",
                rows.toString(),
                "--nodes",
                items.toString(),
                "--out",
                scores.toString()))
        .as(stderr())
        .isZero();
    assertThat(stdout()).contains("1 unseen users, 1 unseen items");
    List<String> p = Files.readAllLines(scores);
    assertThat(p).hasSize(3);
    for (String v : p) {
      assertThat(Double.parseDouble(v)).isBetween(0.0, 1.0);
    }
    resetStderr();
    Files.writeString(rows, "who,what\nu1,i3\n");
    assertThat(
            Main.run(
                "predict",
                "--model",
                bundle.toString(),
                "--input",
                rows.toString(),
                "--out",
                scores.toString()))
        .isNotZero();
    assertThat(stderr()).contains("rows.csv:1: expected a header with columns user, item");
  }

  @Test
  void ctrModelsTrainOnImpressionLogsWithAndWithoutJoinedNodeEmbeddings() throws Exception {
    Path data = generated();
    Path gs = dir.resolve("gs");
    assertThat(
            Main.run(
                "train",
                "--model",
                "graphsage",
                "--data",
                data.toString(),
                "--dim",
                "8",
                "--epochs",
                "5",
                "--out",
                gs.toString()))
        .as(stderr())
        .isZero();
    Path emb = dir.resolve("emb");
    assertThat(Main.run("export-embeddings", "--model", gs.toString(), "--out", emb.toString()))
        .isZero();
    // a second export over the graph grown by the links of the next hour, no retraining
    long cut =
        new ObjectMapper()
            .readTree(Files.readString(gs.resolve("manifest.json")))
            .path("dataset")
            .path("test_from")
            .asLong();
    Path later = dir.resolve("emb-later");
    resetStdout();
    assertThat(
            Main.run(
                "export-embeddings",
                "--model",
                gs.toString(),
                "--data",
                data.toString(),
                "--until",
                String.valueOf(cut + 3600),
                "--out",
                later.toString()))
        .as(stderr())
        .isZero();
    JsonNode v = new ObjectMapper().readTree(Files.readString(later.resolve("version.json")));
    assertThat(v.path("graph_cut_time").asLong()).isEqualTo(cut + 3600);
    assertThat(v.path("links_added").asInt()).isPositive();
    for (String mode : new String[] {"none", "frozen", "fine-tuned"}) {
      boolean join = !mode.equals("none");
      Path out = dir.resolve("dcn-" + mode);
      Path metrics = dir.resolve("dcn-" + mode + ".json");
      String[] args = {
        "train",
        "--model",
        "dcnv2",
        "--data",
        data.toString(),
        "--dim",
        "8",
        "--mlp",
        "16",
        "--cross-layers",
        "1",
        "--epochs",
        "3",
        "--batch-size",
        "256",
        "--lr",
        "0.01",
        "--holdout",
        "0.2",
        "--out",
        out.toString(),
        "--metrics-out",
        metrics.toString()
      };
      if (join) {
        args = concat(args, "--node-embeddings", emb + "," + later, "--train-from", "0");
      }
      if (mode.equals("fine-tuned")) {
        args = concat(args, "--fine-tune");
      }
      resetStdout();
      assertThat(Main.run(args)).as(stderr()).isZero();
      assertThat(stdout()).contains("as click rows").contains("test rows (the latest 0.2");
      JsonNode m = new ObjectMapper().readTree(Files.readString(metrics));
      assertThat(m.path("final").path("auc").asDouble()).isGreaterThan(0.6);
      JsonNode manifest =
          new ObjectMapper().readTree(Files.readString(out.resolve("manifest.json")));
      assertThat(manifest.path("dataset").has("node_embeddings_version")).isEqualTo(join);
      var weights = org.recsys4j.core.io.SafeTensors.read(out.resolve("weights.safetensors"), null);
      if (mode.equals("fine-tuned")) {
        // one correction table per joined column (user, item), trained away from its zero start
        assertThat(manifest.path("dataset").path("fine_tune").size()).isEqualTo(2);
        for (String t : new String[] {"tune.0", "tune.1"}) {
          float[] w = weights.get(t).floats();
          double norm = 0;
          for (float x : w) {
            norm += x * x;
          }
          assertThat(norm).as(t).isPositive();
        }
      } else {
        assertThat(weights).doesNotContainKey("tune.0");
      }
      // the bundle evaluates its own test period through its saved transforms, join included
      resetStdout();
      assertThat(Main.run("evaluate", "--model", out.toString(), "--data", data.toString()))
          .as(stderr())
          .isZero();
      assertThat(stdout()).contains(String.format("%.4f", m.path("final").path("auc").asDouble()));
    }
    resetStderr();
    assertThat(
            Main.run(
                "train",
                "--model",
                "dcnv2",
                "--data",
                data.toString(),
                "--node-embeddings",
                emb.toString(),
                "--join-columns",
                "buyer,item",
                "--out",
                dir.resolve("bad").toString()))
        .isNotZero();
    assertThat(stderr()).contains("join on column 'buyer', which is not a categorical column");
  }

  @Test
  void retrainWalksThePeriodsWarmAndFromScratchAndScoresOnline() throws Exception {
    Path data = generated();
    Path cfg = dir.resolve("gs.yaml");
    Files.writeString(
        cfg,
        "model: graphsage\ndim: 8\nepochs: 20\neval-every: 10\nlr: 0.01\nvalid-ratio: 0.1\n"
            + "eval-graph: temporal\neval-fanout: 5,5\n");
    Path out = dir.resolve("retrain");
    // the generated log spans days 0-9 from 2026-01-01: the last three days, day by day
    resetStdout();
    assertThat(
            Main.run(
                "retrain",
                "--config",
                cfg.toString(),
                "--data",
                data.toString(),
                "--from",
                "2026-01-08",
                "--period",
                "day",
                "--warm-epochs",
                "4",
                "--compare-scratch",
                "--threads",
                "2",
                "--out",
                out.toString()))
        .as(stderr())
        .isZero();
    JsonNode summary = new ObjectMapper().readTree(Files.readString(out.resolve("retrain.json")));
    assertThat(summary.path("periods").asInt()).isEqualTo(3);
    for (String mode : new String[] {"warm", "scratch"}) {
      assertThat(summary.path(mode).path("per_period").size()).as(mode).isEqualTo(2);
      assertThat(summary.path(mode).path("auc").asDouble()).as(mode).isGreaterThan(0.6);
    }
    List<String> lines = Files.readAllLines(out.resolve("periods.jsonl"));
    assertThat(lines).hasSize(5); // scratch 0, then scratch and warm for periods 1 and 2
    JsonNode warm2 =
        new ObjectMapper()
            .readTree(
                Files.readString(out.resolve("period-2").resolve("warm").resolve("manifest.json")));
    // the chain: period 2 starts from period 1's warm bundle, tests on its own day only
    assertThat(warm2.path("parent").asText())
        .isEqualTo(out.resolve("period-1").resolve("warm").toAbsolutePath().normalize().toString());
    JsonNode warm1 =
        new ObjectMapper()
            .readTree(
                Files.readString(out.resolve("period-1").resolve("warm").resolve("manifest.json")));
    long from = warm1.path("dataset").path("test_from").asLong();
    assertThat(warm1.path("dataset").path("test_until").asLong() - from).isEqualTo(86_400L);
    // the last period ends with the log
    assertThat(warm2.path("dataset").path("test_until").asLong() - from).isLessThan(2 * 86_400L);
    assertThat(warm2.path("dataset").path("eval_graph").asText()).isEqualTo("temporal");
    // --period on train: the same period as --test-until
    resetStderr();
    assertThat(
            Main.run(
                "train",
                "--model",
                "graphsage",
                "--data",
                data.toString(),
                "--test-from",
                "2026-01-09",
                "--period",
                "36h",
                "--dim",
                "8",
                "--epochs",
                "1",
                "--out",
                dir.resolve("p36").toString()))
        .as(stderr())
        .isZero();
    JsonNode p36 =
        new ObjectMapper().readTree(Files.readString(dir.resolve("p36").resolve("manifest.json")));
    assertThat(p36.path("dataset").path("test_until").asLong())
        .isEqualTo(p36.path("dataset").path("test_from").asLong() + 36 * 3600L);
    resetStderr();
    assertThat(
            Main.run(
                "train",
                "--model",
                "graphsage",
                "--data",
                data.toString(),
                "--split",
                "random",
                "--eval-graph",
                "temporal",
                "--out",
                dir.resolve("bad-eval").toString()))
        .isNotZero();
    assertThat(stderr()).contains("--eval-graph temporal needs the temporal split");
    resetStderr();
    assertThat(
            Main.run(
                "train",
                "--model",
                "graphsage",
                "--data",
                data.toString(),
                "--period",
                "fortnight",
                "--test-from",
                "2026-01-09",
                "--out",
                dir.resolve("bad-period").toString()))
        .isNotZero();
    assertThat(stderr()).contains("--period must be week, day, hour or a positive amount");
  }

  @Test
  void warmStartContinuesAnEarlierBundleOnNewerDataAndRecordsItsParent() throws Exception {
    Path data = generated();
    Path parent = dir.resolve("parent");
    assertThat(
            Main.run(
                "train",
                "--model",
                "graphsage",
                "--data",
                data.toString(),
                "--test-ratio",
                "0.5",
                "--dim",
                "8",
                "--epochs",
                "5",
                "--out",
                parent.toString()))
        .as(stderr())
        .isZero();
    Path child = dir.resolve("child");
    resetStdout();
    assertThat(
            Main.run(
                "train",
                "--model",
                "graphsage",
                "--data",
                data.toString(),
                "--test-ratio",
                "0.2",
                "--warm-start",
                parent.toString(),
                "--dim",
                "8", // the parent's own value: repeating the configuration is fine
                "--epochs",
                "3",
                "--out",
                child.toString()))
        .as(stderr())
        .isZero();
    assertThat(stdout()).contains("warm start from").contains("\"dim\":8");
    JsonNode m = new ObjectMapper().readTree(Files.readString(child.resolve("manifest.json")));
    assertThat(m.path("parent").asText()).isEqualTo(parent.toAbsolutePath().normalize().toString());
    resetStderr();
    assertThat(
            Main.run(
                "train",
                "--model",
                "graphsage",
                "--data",
                data.toString(),
                "--warm-start",
                parent.toString(),
                "--dim",
                "16",
                "--out",
                dir.resolve("bad").toString()))
        .isNotZero();
    assertThat(stderr())
        .contains("a warm start keeps the earlier model's configuration; --dim changes it");
  }

  @Test
  void convertsMovieLensLatestAsPygReadsIt() throws Exception {
    Path ml = dir.resolve("ml-latest");
    Files.createDirectories(ml);
    Files.writeString(
        ml.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,10,4.0,100\n2,10,0.5,101\n");
    Files.writeString(
        ml.resolve("movies.csv"),
        "movieId,title,genres\n10,\"American President, The (1995)\",Comedy|Drama|Romance\n"
            + "11,Nothing (2018),(no genres listed)\n");
    Path out = dir.resolve("latest");
    assertThat(
            Main.run(
                "convert",
                "--kind",
                "movielens-latest",
                "--input",
                ml.toString(),
                "--out",
                out.toString()))
        .as(stderr())
        .isZero();
    assertThat(Files.readAllLines(out.resolve("impressions.csv")))
        .containsExactly("user,item,label,timestamp", "1,10,1,100", "2,10,1,101");
    assertThat(Files.readAllLines(out.resolve("items.csv")))
        .containsExactly(
            "id,genres,year,title",
            "10,Comedy|Drama|Romance,1995,\"American President, The\"",
            "11,(no genres listed),2018,Nothing");
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
