package org.recsys4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.recsys4j.core.io.AtomicFiles;
import org.recsys4j.data.ctr.BadRowPolicy;
import org.recsys4j.data.graph.TimePeriods;
import org.recsys4j.data.impressions.ImpressionDataset;
import org.recsys4j.data.impressions.ImpressionLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recsys4j retrain}: the daily-retraining simulation of a link model. Period after period
 * ({@link TimePeriods#rolling}) it trains on everything before the period and tests on the period:
 * warm-started from the previous period's bundle ({@code train --warm-start}), and, with {@code
 * --compare-scratch}, from scratch too; the first period is trained from scratch and seeds the
 * chain. Every run is an ordinary {@code train} run in this process, with its bundle and metrics
 * kept under the output directory.
 */
@Command(
    name = "retrain",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Simulate periodic retraining of a link model (GraphSAGE): for each period from --from, train on"
          + " everything before it, warm-started from the previous period's model, and test on the"
          + " period; --compare-scratch also trains each period from scratch. Writes each run's bundle"
          + " and metrics, periods.jsonl (one line per run) and retrain.json (means over the periods).",
      "Example: recsys4j retrain --config examples/graphsage-ml100k.yaml --data runs/ml --from 1998-03-07"
          + " --period week --compare-scratch --out runs/retrain"
    })
final class RetrainCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      required = true,
      description =
          "The train configuration (YAML) of every run: model, split and training options.")
  Path config;

  @Option(names = "--data", required = true, description = "Impression-log directory.")
  Path data;

  @Option(
      names = "--from",
      required = true,
      description = "Start of the first period (epoch seconds or a date).")
  String from;

  @Option(
      names = "--period",
      defaultValue = "day",
      description =
          "Length of each period: week, day, hour, or e.g. 6h, 2d (default: ${DEFAULT-VALUE}).")
  String period;

  @Option(names = "--until", description = "End of the simulation (default: the end of the log).")
  String until;

  @Option(
      names = "--warm-epochs",
      defaultValue = "10",
      description = "Epochs of each warm-started run (default: ${DEFAULT-VALUE}).")
  int warmEpochs;

  @Option(
      names = "--warm-lr",
      description =
          "Learning rate of each warm-started run (default: the configuration's). A warm start begins"
              + " with a fresh optimizer state, so a lower rate disturbs the trained weights less.")
  Float warmLr;

  @Option(
      names = "--compare-scratch",
      description = "Also train every period from scratch with the full configuration.")
  boolean compareScratch;

  @Option(names = "--threads", description = "Worker threads (default: available processors).")
  Integer threads;

  @Option(names = "--out", required = true, description = "Output directory (new or empty).")
  Path out;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Integer call() throws IOException {
    if (warmEpochs < 1) {
      throw new IllegalArgumentException("--warm-epochs must be >= 1, got " + warmEpochs);
    }
    if (!Files.isRegularFile(config)) {
      throw new IllegalArgumentException("--config " + config + ": no such file");
    }
    if (Files.exists(out)) {
      try (var s = Files.list(out)) {
        if (!Files.isDirectory(out) || s.findAny().isPresent()) {
          throw new IllegalArgumentException(
              "--out " + out + " exists and is not an empty directory; give a new one");
        }
      }
    }
    long start = CtrSetup.parseTime("--from", from);
    long length = TimePeriods.parseSeconds("--period", period);
    long end = until != null ? CtrSetup.parseTime("--until", until) : lastTime() + 1;
    List<TimePeriods.Period> periods = TimePeriods.rolling(start, end, length);
    if (periods.isEmpty()) {
      throw new IllegalArgumentException(
          "--from " + from + " is at or after the end of the simulation (" + end + ")");
    }
    Files.createDirectories(out);
    ArrayNode lines = JSON.createArrayNode();
    StringBuilder jsonl = new StringBuilder();
    Path parent = null;
    for (TimePeriods.Period p : periods) {
      Path dir = out.resolve("period-" + p.index());
      if (parent == null || compareScratch) {
        ObjectNode r = run(p, dir.resolve("scratch"), null);
        lines.add(r);
        jsonl.append(r).append('\n');
        if (parent == null) {
          parent = dir.resolve("scratch");
          continue;
        }
      }
      ObjectNode r = run(p, dir.resolve("warm"), parent);
      lines.add(r);
      jsonl.append(r).append('\n');
      parent = dir.resolve("warm");
    }
    AtomicFiles.writeString(out.resolve("periods.jsonl"), jsonl.toString());
    ObjectNode summary = summary(lines, periods.size());
    AtomicFiles.writeString(
        out.resolve("retrain.json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary));
    print(summary);
    return 0;
  }

  /** One train run of period {@code p}: warm from {@code parent}, or from scratch when null. */
  private ObjectNode run(TimePeriods.Period p, Path bundle, Path parent) throws IOException {
    Path metrics = Path.of(bundle + ".json");
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "train",
            "--config",
            config.toString(),
            "--data",
            data.toString(),
            "--split",
            "temporal",
            "--test-from",
            Long.toString(p.from()),
            "--test-until",
            Long.toString(p.until()),
            "--out",
            bundle.toString(),
            "--metrics-out",
            metrics.toString()));
    if (threads != null) {
      args.addAll(List.of("--threads", threads.toString()));
    }
    if (parent != null) {
      args.addAll(
          List.of(
              "--warm-start",
              parent.toString(),
              "--epochs",
              Integer.toString(warmEpochs),
              "--eval-every",
              Integer.toString(Math.max(1, warmEpochs / 2))));
      if (warmLr != null) {
        args.addAll(List.of("--lr", warmLr.toString()));
      }
    }
    System.out.printf(
        "== period %d [%s, %s): %s%n",
        p.index(),
        java.time.Instant.ofEpochSecond(p.from()),
        java.time.Instant.ofEpochSecond(p.until()),
        parent == null ? "from scratch" : "warm start from " + parent);
    long t0 = System.nanoTime();
    int rc = Main.run(args.toArray(new String[0]));
    double wall = (System.nanoTime() - t0) / 1e9;
    if (rc != 0) {
      throw new IllegalStateException(
          "period "
              + p.index()
              + ": recsys4j "
              + String.join(" ", args)
              + " failed (exit "
              + rc
              + ")");
    }
    JsonNode m = JSON.readTree(metrics.toFile());
    ObjectNode r = JSON.createObjectNode();
    r.put("period", p.index());
    r.put("from", p.from());
    r.put("until", p.until());
    r.put("mode", parent == null ? "scratch" : "warm");
    r.set("auc", m.path("final").path("auc"));
    r.set("logloss", m.path("final").path("logloss"));
    r.set("training_seconds", m.path("total_seconds"));
    r.put("wall_seconds", wall);
    r.put("bundle", bundle.toString());
    return r;
  }

  /**
   * Means per mode over the periods both modes ran (every period but the first), so that warm and
   * scratch are compared on the same periods.
   */
  private static ObjectNode summary(ArrayNode lines, int periods) {
    ObjectNode s = JSON.createObjectNode();
    s.put("periods", periods);
    for (String mode : new String[] {"warm", "scratch"}) {
      double auc = 0;
      double secs = 0;
      double wall = 0;
      int n = 0;
      ArrayNode per = JSON.createArrayNode();
      for (JsonNode l : lines) {
        if (l.path("mode").asText().equals(mode) && l.path("period").asInt() > 0) {
          auc += l.path("auc").asDouble();
          secs += l.path("training_seconds").asDouble();
          wall += l.path("wall_seconds").asDouble();
          per.add(l.path("auc").asDouble());
          n++;
        }
      }
      if (n > 0) {
        ObjectNode o = s.putObject(mode);
        o.put("auc", auc / n);
        o.put("seconds", secs / n);
        o.put("wall_seconds", wall / n);
        o.set("per_period", per);
      }
    }
    return s;
  }

  private static void print(ObjectNode s) {
    System.out.printf(
        "%nretraining over %d periods (means over periods 1..):%n", s.path("periods").asInt());
    System.out.printf("%-8s %-8s %-18s %-12s%n", "mode", "AUC", "training seconds", "wall seconds");
    for (String mode : new String[] {"warm", "scratch"}) {
      JsonNode o = s.path(mode);
      if (!o.isMissingNode()) {
        System.out.printf(
            "%-8s %-8.4f %-18.2f %-12.2f%n",
            mode,
            o.path("auc").asDouble(),
            o.path("seconds").asDouble(),
            o.path("wall_seconds").asDouble());
      }
    }
  }

  /** The latest impression time of the log. */
  private long lastTime() {
    if (!ImpressionDataset.isDataset(data)) {
      throw new IllegalArgumentException(
          "--data "
              + data
              + ": not an impression log (schema.yaml and impressions.csv[.gz]); convert raw"
              + " MovieLens first with recsys4j convert");
    }
    ImpressionLog log =
        ImpressionDataset.read(data, BadRowPolicy.ERROR, List.of(), List.of()).log();
    if (!log.timed()) {
      throw new IllegalArgumentException(
          log.source() + ": retraining period by period needs a timestamp column");
    }
    long last = Long.MIN_VALUE;
    for (int k = 0; k < log.size(); k++) {
      last = Math.max(last, log.time(k));
    }
    return last;
  }
}
