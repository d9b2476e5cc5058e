package org.recsys4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * What went wrong for a new user in their first hour, each kept fixed: readers, splits, selection,
 * messages.
 */
class FirstHourTest extends CapturedConsole {

  private Path log() throws Exception {
    StringBuilder sb = new StringBuilder("user,item,timestamp\n");
    for (int u = 0; u < 40; u++) {
      for (int i = 0; i < 10; i++) {
        sb.append("u")
            .append(u)
            .append(",i")
            .append((u % 2) * 20 + (u * 7 + i * 3) % 20)
            .append(',')
            .append(i)
            .append('\n');
      }
    }
    Path f = dir.resolve("log.csv");
    Files.writeString(f, sb.toString());
    return f;
  }

  private JsonNode json(Path p) throws Exception {
    return new ObjectMapper().readTree(p.toFile());
  }

  @Test
  void readersRejectHeadersAndByteOrderMarksBecomeNothing() throws Exception {
    Path ml = Files.createDirectories(dir.resolve("ml"));
    // a BOM before the first id is dropped (not a phantom user "\ufeff1"); ids must be integers
    Files.writeString(
        ml.resolve("u.data"),
        "\ufeff1\t10\t5\t100\n1\t11\t5\t101\n2\t10\t4\t102\n2\t12\t5\t103\n"
            + "3\t11\t5\t104\n3\t12\t4\t105\n",
        StandardCharsets.UTF_8);
    assertThat(
            Main.run(
                "train",
                "--model",
                "mf",
                "--data",
                ml.toString(),
                "--split",
                "leave-last",
                "--epochs",
                "1",
                "--dim",
                "4",
                "--out",
                dir.resolve("m").toString()))
        .as(stderr())
        .isZero();
    assertThat(Files.readAllLines(dir.resolve("m").resolve("users.txt")))
        .containsExactly("1", "2", "3");
    Files.writeString(ml.resolve("u.data"), "user\titem\trating\ttimestamp\n1\t10\t5\t100\n");
    resetStderr();
    assertThat(
            Main.run(
                "train",
                "--model",
                "mf",
                "--data",
                ml.toString(),
                "--out",
                dir.resolve("m2").toString()))
        .isEqualTo(2);
    assertThat(stderr())
        .contains(
            "u.data:1: expected a non-negative integer user id, found 'user' (a header line?");
    Files.writeString(ml.resolve("u.data"), "1\t10\t5\t100\n-4\t10\t5\t100\n");
    resetStderr();
    assertThat(
            Main.run(
                "train",
                "--model",
                "mf",
                "--data",
                ml.toString(),
                "--out",
                dir.resolve("m2").toString()))
        .isEqualTo(2);
    assertThat(stderr()).contains("u.data:2: expected a non-negative integer user id, found '-4'");
    // LastFM: the count column is checked, and gzipped files are found
    Path fm = Files.createDirectories(dir.resolve("lastfm"));
    Files.writeString(fm.resolve("data1.txt"), "1\t1\t5\n1\t2\tmany\n");
    Files.writeString(fm.resolve("test1.txt"), "1\t3\t1\n");
    resetStderr();
    assertThat(
            Main.run(
                "train",
                "--model",
                "mf",
                "--data",
                fm.toString(),
                "--out",
                dir.resolve("m3").toString()))
        .isEqualTo(2);
    assertThat(stderr()).contains("data1.txt:2: expected a numeric count, found 'many'");
    Files.delete(fm.resolve("data1.txt"));
    Files.delete(fm.resolve("test1.txt"));
    gzip(fm.resolve("data1.txt.gz"), "1\t1\t5\n1\t2\t3\n2\t1\t4\n2\t3\t1\n");
    gzip(fm.resolve("test1.txt.gz"), "1\t3\t1\n2\t2\t1\n");
    assertThat(
            Main.run(
                "train",
                "--model",
                "mf",
                "--data",
                fm.toString(),
                "--epochs",
                "1",
                "--dim",
                "4",
                "--out",
                dir.resolve("m4").toString()))
        .as(stderr())
        .isZero();
    // quoted CSV fields hold the delimiter
    Path quoted = dir.resolve("q.csv");
    Files.writeString(quoted, "user,item\n\"Smith, J\",a\n\"Smith, J\",b\nx,a\nx,c\ny,b\ny,c\n");
    assertThat(
            Main.run(
                "train",
                "--model",
                "mf",
                "--data",
                quoted.toString(),
                "--split",
                "leave-last",
                "--epochs",
                "1",
                "--dim",
                "4",
                "--out",
                dir.resolve("m5").toString()))
        .as(stderr())
        .isZero();
    assertThat(Files.readAllLines(dir.resolve("m5").resolve("users.txt"))).contains("Smith, J");
  }

  private static void gzip(Path file, String text) throws Exception {
    try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void degenerateTestSplitsAreErrorsNotZeroMetrics() throws Exception {
    Path noTime = dir.resolve("nt.csv");
    Files.writeString(noTime, "user,item\na,x\na,y\nb,x\nb,z\n");
    assertThat(
            Main.run(
                "train",
                "--model",
                "mf",
                "--data",
                noTime.toString(),
                "--split",
                "temporal",
                "--out",
                dir.resolve("m").toString()))
        .isEqualTo(2);
    assertThat(stderr()).contains("a temporal split needs timestamps");
    // a test file whose rows are all in training
    Path train = dir.resolve("tr.csv");
    Files.writeString(train, "user,item\na,x\na,y\nb,x\nb,z\n");
    Path test = dir.resolve("te.csv");
    Files.writeString(test, "user,item\nc,x\n");
    resetStderr();
    assertThat(
            Main.run(
                "train",
                "--model",
                "mf",
                "--data",
                train.toString(),
                "--test-file",
                test.toString(),
                "--unknown-ids",
                "drop",
                "--out",
                dir.resolve("m").toString()))
        .isEqualTo(2);
    assertThat(stderr()).contains("the test split is empty");
    resetStderr();
    assertThat(
            Main.run(
                "train",
                "--model",
                "mf",
                "--data",
                train.toString(),
                "--test-file",
                test.toString(),
                "--out",
                dir.resolve("m").toString()))
        .isEqualTo(2);
    assertThat(stderr()).contains("te.csv:2: user 'c' does not occur in the training data");
  }

  @Test
  void theTestSplitNeverSelectsTheModel() throws Exception {
    Path data = log();
    Path last = dir.resolve("last.json");
    assertThat(
            Main.run(
                "train",
                "--model",
                "mf",
                "--data",
                data.toString(),
                "--epochs",
                "4",
                "--eval-every",
                "1",
                "--dim",
                "8",
                "--lr",
                "0.05",
                "--threads",
                "1",
                "--out",
                dir.resolve("a").toString(),
                "--metrics-out",
                last.toString()))
        .as(stderr())
        .isZero();
    JsonNode l = json(last);
    assertThat(l.path("selected_by").asText()).isEqualTo("last-epoch");
    assertThat(l.path("best_epoch").asInt()).isEqualTo(4);
    ObjectNode lastEpoch = ((ObjectNode) l.path("epochs").get(3)).deepCopy();
    lastEpoch.remove(List.of("epoch", "loss", "train_seconds", "eval_seconds"));
    assertThat(l.path("final")).isEqualTo(lastEpoch);
    Path valid = dir.resolve("valid.json");
    assertThat(
            Main.run(
                "train",
                "--model",
                "mf",
                "--data",
                data.toString(),
                "--epochs",
                "4",
                "--eval-every",
                "1",
                "--dim",
                "8",
                "--lr",
                "0.05",
                "--threads",
                "1",
                "--valid-ratio",
                "0.2",
                "--patience",
                "2",
                "--out",
                dir.resolve("b").toString(),
                "--metrics-out",
                valid.toString()))
        .as(stderr())
        .isZero();
    JsonNode v = json(valid);
    assertThat(v.path("selected_by").asText()).isEqualTo("validation");
    assertThat(v.path("epochs").get(0).has("valid_recall@20")).isTrue();
    assertThat(stdout()).contains("selected on validation");
    resetStderr();
    assertThat(
            Main.run(
                "train",
                "--model",
                "mf",
                "--data",
                data.toString(),
                "--patience",
                "2",
                "--out",
                dir.resolve("c").toString()))
        .isEqualTo(2);
    assertThat(stderr())
        .contains("--patience must be 0 without a validation split, got 2")
        .contains("set --valid-ratio");
  }

  @Test
  void evaluateUsesTheRecordedSplitAndChecksTheData() throws Exception {
    Path data = log();
    Path bundle = dir.resolve("m");
    Path recipe = dir.resolve("recipe.yaml");
    Files.writeString(
        recipe, "model: mf\ndim: 8\nepochs: 2\nbatch-size: 128\nlr: 0.05\nsplit-seed: 11\n");
    Path m = dir.resolve("m.json");
    assertThat(
            Main.run(
                "train",
                "--config",
                recipe.toString(),
                "--data",
                data.toString(),
                "--threads",
                "1",
                "--out",
                bundle.toString(),
                "--metrics-out",
                m.toString()))
        .as(stderr())
        .isZero();
    // the training recipe works for evaluate (batch-size is a train key), and the recorded
    // split-seed is used
    Path e = dir.resolve("e.json");
    assertThat(
            Main.run(
                "evaluate",
                "--config",
                recipe.toString(),
                "--model",
                bundle.toString(),
                "--data",
                data.toString(),
                "--metrics-out",
                e.toString()))
        .as(stderr())
        .isZero();
    assertThat(json(e).path("final").path("recall@20").asDouble())
        .isEqualTo(json(m).path("final").path("recall@20").asDouble());
    assertThat(Main.run("evaluate", "--model", bundle.toString(), "--data", data.toString()))
        .as(stderr())
        .isZero();
    resetStderr();
    assertThat(
            Main.run(
                "evaluate",
                "--model",
                bundle.toString(),
                "--data",
                data.toString(),
                "--split-seed",
                "12"))
        .isEqualTo(2);
    assertThat(stderr()).contains("fingerprint").contains("--allow-other-data");
    assertThat(
            Main.run(
                "evaluate",
                "--model",
                bundle.toString(),
                "--data",
                data.toString(),
                "--split-seed",
                "12",
                "--allow-other-data"))
        .as(stderr())
        .isZero();
  }

  @Test
  void bundlesOfTheWrongFamilyDamagedOrPoisonedAreNamed() throws Exception {
    Path data = log();
    Path bundle = dir.resolve("m");
    assertThat(
            Main.run(
                "train",
                "--model",
                "mf",
                "--data",
                data.toString(),
                "--epochs",
                "1",
                "--dim",
                "4",
                "--out",
                bundle.toString()))
        .as(stderr())
        .isZero();
    // several users from one load, on the command line and from a file
    Files.writeString(dir.resolve("users.txt"), "\ufeffu1\n# a comment\n\nu2\n");
    resetStdout();
    assertThat(
            Main.run(
                "recommend",
                "--model",
                bundle.toString(),
                "--user",
                "u0,u3",
                "--users-file",
                dir.resolve("users.txt").toString(),
                "-k",
                "2"))
        .as(stderr())
        .isZero();
    assertThat(
            stdout()
                .lines()
                .filter(s -> !s.startsWith("user\t"))
                .map(s -> s.split("\t")[0])
                .distinct())
        .containsExactly("u0", "u3", "u1", "u2");
    // a CTR-only command on a ranking bundle
    resetStderr();
    assertThat(
            Main.run(
                "predict",
                "--model",
                bundle.toString(),
                "--input",
                data.toString(),
                "--out",
                dir.resolve("p.txt").toString()))
        .isEqualTo(2);
    assertThat(stderr()).contains("holds a mf model (ranking); predict needs a CTR model");
    // an unknown format leaves nothing behind
    resetStderr();
    assertThat(
            Main.run(
                "export-embeddings",
                "--model",
                bundle.toString(),
                "--format",
                "parquet",
                "--out",
                dir.resolve("emb").toString()))
        .isEqualTo(2);
    assertThat(dir.resolve("emb")).doesNotExist();
    // a manifest without config
    ObjectMapper om = new ObjectMapper();
    Path mf = bundle.resolve("manifest.json");
    String original = Files.readString(mf);
    ObjectNode broken = (ObjectNode) om.readTree(original);
    broken.remove("config");
    Files.writeString(mf, broken.toString());
    resetStderr();
    assertThat(Main.run("recommend", "--model", bundle.toString(), "--user", "u1")).isEqualTo(2);
    assertThat(stderr())
        .contains("manifest.json: damaged manifest: no 'config'")
        .doesNotContain("Exception");
    // a newer format
    ObjectNode newer = (ObjectNode) om.readTree(original);
    newer.put("format_version", 99);
    Files.writeString(mf, newer.toString());
    resetStderr();
    assertThat(Main.run("recommend", "--model", bundle.toString(), "--user", "u1")).isEqualTo(2);
    assertThat(stderr()).contains("format version 99 is newer than this recsys4j reads");
    // a NaN weight is refused at load, naming the tensor
    Files.writeString(mf, original);
    Path w = bundle.resolve("weights.safetensors");
    byte[] raw = Files.readAllBytes(w);
    java.nio.ByteBuffer.wrap(raw, raw.length - 4, 4)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putFloat(Float.NaN);
    Files.write(w, raw);
    resetStderr();
    assertThat(Main.run("recommend", "--model", bundle.toString(), "--user", "u1")).isEqualTo(2);
    assertThat(stderr()).contains("weights.safetensors").contains("holds NaN");
  }

  @Test
  void messagesQuoteLittleAndNameWhatIsWrong() throws Exception {
    Path data = log();
    String huge = "x".repeat(5_000_000);
    assertThat(Main.run("recommend", "--model", dir.toString(), "--user", huge)).isEqualTo(2);
    assertThat(stderr().length()).isLessThan(5000);
    resetStderr();
    assertThat(Main.run(new String[0])).isEqualTo(2);
    assertThat(stderr()).contains("no command given");
    resetStderr();
    assertThat(
            Main.run(
                "generate",
                "--kind",
                "synthetic",
                "--rows",
                "100",
                "--cardinalities",
                "5,0",
                "--out",
                dir.resolve("g").toString()))
        .isEqualTo(2);
    assertThat(stderr()).contains("--cardinalities: table 2 has 0 values");
    Path schema = dir.resolve("schema.yaml");
    Files.writeString(schema, "delimeter: \",\"\ncolumns:\n  - {name: label, role: label}\n");
    resetStderr();
    assertThat(
            Main.run(
                "preprocess",
                "--input",
                data.toString(),
                "--schema",
                schema.toString(),
                "--out",
                dir.resolve("p").toString()))
        .isEqualTo(2);
    assertThat(stderr()).contains("unknown key 'delimeter' (did you mean 'delimiter'?)");
    Path yaml = dir.resolve("bad.yaml");
    Files.writeString(yaml, "epochs: one\n");
    resetStderr();
    resetStdout();
    assertThat(
            Main.run("train", "--config", yaml.toString(), "--data", data.toString(), "--out", "x"))
        .isEqualTo(2);
    assertThat(stderr()).contains("key 'epochs' must be an integer, got 'one'");
    assertThat(stderr().lines().count()).isLessThan(3);
    Files.writeString(yaml, "model: dlrm\nlayers: 2\n");
    resetStderr();
    assertThat(
            Main.run("train", "--config", yaml.toString(), "--data", data.toString(), "--out", "x"))
        .isEqualTo(2);
    assertThat(stderr()).contains("--layers (set in " + yaml + ") does not apply to dlrm");
    resetStderr();
    assertThat(
            Main.run(
                "train",
                "--model",
                "lightgcn",
                "--holdout",
                "0.2",
                "--data",
                data.toString(),
                "--out",
                "x"))
        .isEqualTo(2);
    assertThat(stderr()).contains("--holdout applies to CTR models only, not to lightgcn");
    resetStderr();
    assertThat(
            Main.run(
                "train",
                "--model",
                "lightgcn",
                "--cross-layers",
                "2",
                "--data",
                data.toString(),
                "--out",
                "x"))
        .isEqualTo(2);
    assertThat(stderr()).contains("--cross-layers does not apply to lightgcn");
    resetStderr();
    assertThat(Main.run("train", "--model", "lightgcnn", "--data", data.toString(), "--out", "x"))
        .isEqualTo(2);
    assertThat(stderr()).contains("unknown model 'lightgcnn' (did you mean 'lightgcn'?)");
  }

  @Test
  void convertWritesAnImpressionLogAndNamesWhatItCannotConvert() throws Exception {
    Path ml = Files.createDirectories(dir.resolve("ml"));
    Files.writeString(ml.resolve("u.data"), "1\t10\t5\t100\n2\t10\t3\t101\n");
    Files.writeString(ml.resolve("u.user"), "1|24|M|technician|85711\n2|53|F|other|94043\n");
    Files.writeString(
        ml.resolve("u.item"),
        "10|Heat (1995)|15-Dec-1995||http://y|0|1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n");
    Path out = dir.resolve("imp");
    assertThat(
            Main.run(
                "convert",
                "--kind",
                "movielens-100k",
                "--input",
                ml.toString(),
                "--out",
                out.toString()))
        .as(stderr())
        .isZero();
    assertThat(Files.readAllLines(out.resolve("impressions.csv")))
        .containsExactly("user,item,label,timestamp", "1,10,1,100", "2,10,0,101");
    assertThat(out.resolve("schema.yaml")).exists();
    Files.writeString(ml.resolve("u.user"), "1|24|M\n");
    resetStderr();
    assertThat(
            Main.run(
                "convert",
                "--kind",
                "movielens-100k",
                "--input",
                ml.toString(),
                "--out",
                dir.resolve("imp2").toString()))
        .isEqualTo(2);
    assertThat(stderr()).contains("u.user:1: expected 5 '|'-separated fields, found 3");
    assertThat(dir.resolve("imp2")).doesNotExist();
  }
}
