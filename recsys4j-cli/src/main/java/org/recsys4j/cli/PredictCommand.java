package org.recsys4j.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.io.AtomicFiles;
import org.recsys4j.data.ctr.BadRowPolicy;
import org.recsys4j.data.ctr.ColumnRole;
import org.recsys4j.data.ctr.RowSource;
import org.recsys4j.data.ctr.CtrSchema;
import org.recsys4j.data.ctr.CtrTextReader;
import org.recsys4j.data.ctr.CtrTransforms;
import org.recsys4j.data.io.LineSource;
import org.recsys4j.eval.CtrEvaluator;
import org.recsys4j.models.ctr.CtrModel;
import org.recsys4j.train.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code recsys4j predict}: click probabilities for raw rows, through the bundle's own transforms. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Score raw rows with a CTR bundle: the bundle's fitted transforms turn each row into features "
        + "exactly as in training; writes one click probability per input row.",
        "Example: recsys4j predict --model runs/dlrm --input ../shared/data/criteo-kaggle-sample/train.tiny.txt "
            + "--out runs/dlrm-scores.txt"})
final class PredictCommand implements Callable<Integer> {
  @Option(names = "--config", description = "YAML file of option values; flags override it.")
  Path config;

  @Option(names = "--model", required = true, description = "CTR bundle directory.")
  Path bundle;

  @Option(names = "--input", required = true, description = "Raw rows in the training layout, with or without the label column.")
  Path input;

  @Option(names = "--out", required = true, description = "Output file: one probability per row.")
  Path out;

  @Option(names = "--with-label", defaultValue = "auto", description = "yes, no or auto (from the first row's field count).")
  String withLabel;

  @Option(names = "--on-bad-row", defaultValue = "error", description = "error or skip (skipped rows get no score line).")
  String onBadRow;

  @Option(names = "--threads", description = "Worker threads (default: available processors).")
  Integer threads;

  @Option(names = "--batch-size", defaultValue = "4096", description = "Rows per scoring batch.")
  int batchSize;

  @Override
  public Integer call() throws IOException {
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    ModelBundle b = ModelBundle.load(bundle, org.recsys4j.core.Parallel.serial());
    CtrModel model = b.ctrModel("predict");
    CtrTransforms tr = b.transforms();
    CtrSchema schema = tr.schema();
    boolean labelled = switch (withLabel) {
      case "yes" -> true;
      case "no" -> false;
      case "auto" -> detectLabel(schema);
      default -> throw new IllegalArgumentException("--with-label must be yes, no or auto, got '" + withLabel + "'");
    };
    long t0 = System.nanoTime();
    Path tmp = AtomicFiles.tempFor(out);
    long written;
    CtrTextReader.Stats[] stats = new CtrTextReader.Stats[1];
    RowSource rows = new RowSource() {
      @Override
      public String name() {
        return input.toString();
      }

      @Override
      public CtrTextReader.Stats read(java.util.function.Consumer<org.recsys4j.data.ctr.RawRow> sink) {
        stats[0] = new CtrTextReader(schema, BadRowPolicy.parse(onBadRow), labelled).read(input, -1, sink);
        return stats[0];
      }
    };
    try (Parallel par = new Parallel(t);
        BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      written = CtrEvaluator.score(model, tr, rows, batchSize, par, (p, labels) -> {
        try {
          for (float v : p) {
            w.write(String.format(java.util.Locale.ROOT, "%.6f%n", v));
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      if (stats[0].skipped() > 0) {
        System.out.printf("skipped %,d bad rows, first: %s%n", stats[0].skipped(), String.join("; ",
            stats[0].firstReasons()));
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    AtomicFiles.moveIntoPlace(tmp, out);
    System.out.printf("scored %,d rows with %s in %.2fs; wrote %s%n", written, b.model().type(),
        (System.nanoTime() - t0) / 1e9, out);
    return 0;
  }

  /** Whether the first data row has the label column, from its field count. */
  private boolean detectLabel(CtrSchema schema) {
    try (LineSource src = LineSource.open(input)) {
      String line = src.next();
      if (schema.header() && line != null) {
        line = src.next();
      }
      if (line == null) {
        throw src.error("no data rows");
      }
      int fields = line.split(java.util.regex.Pattern.quote(String.valueOf(schema.delimiter())), -1).length;
      int all = schema.columns().size();
      if (fields == all) {
        return true;
      }
      if (fields == all - schema.positions(ColumnRole.LABEL).length) {
        return false;
      }
      throw src.error("expected " + all + " fields (with the label) or " + (all - 1) + " (without), found " + fields);
    }
  }
}
