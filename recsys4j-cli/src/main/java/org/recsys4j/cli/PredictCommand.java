package org.recsys4j.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.io.AtomicFiles;
import org.recsys4j.data.ctr.BadRowPolicy;
import org.recsys4j.data.ctr.ColumnRole;
import org.recsys4j.data.ctr.CtrSchema;
import org.recsys4j.data.ctr.CtrTextReader;
import org.recsys4j.data.ctr.CtrTransforms;
import org.recsys4j.data.ctr.RowSource;
import org.recsys4j.data.io.LineSource;
import org.recsys4j.eval.CtrEvaluator;
import org.recsys4j.models.ctr.CtrModel;
import org.recsys4j.train.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recsys4j predict}: click probabilities for raw rows, through the bundle's own transforms.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Score raw rows with a CTR bundle: the bundle's fitted transforms turn each row into features "
          + "exactly as in training; writes one click probability per input row. With a GraphSAGE "
          + "bundle the input is CSV with a header naming user and item columns; unseen ids are "
          + "embedded from their features (--nodes) and links (cold start).",
      "Example: recsys4j predict --model runs/dlrm --input ../shared/data/criteo-kaggle-sample/train.tiny.txt "
          + "--out runs/dlrm-scores.txt"
    })
final class PredictCommand implements Callable<Integer> {
  @Option(names = "--config", description = "YAML file of option values; flags override it.")
  Path config;

  @Option(names = "--model", required = true, description = "CTR bundle directory.")
  Path bundle;

  @Option(
      names = "--input",
      required = true,
      description = "Raw rows in the training layout, with or without the label column.")
  Path input;

  @Option(names = "--out", required = true, description = "Output file: one probability per row.")
  Path out;

  @Option(
      names = "--with-label",
      defaultValue = "auto",
      description = "yes, no or auto (from the first row's field count).")
  String withLabel;

  @Option(
      names = "--on-bad-row",
      defaultValue = "error",
      description =
          "error or skip (a skipped row gets an empty "
              + "output line, so output line i is always input row i).")
  String onBadRow;

  @Option(names = "--threads", description = "Worker threads (default: available processors).")
  Integer threads;

  @Option(names = "--batch-size", defaultValue = "4096", description = "Rows per scoring batch.")
  int batchSize;

  @Option(
      names = "--nodes",
      description =
          "Link models: feature rows of users or items the bundle never saw (its node-table layout);"
              + " other unseen ids are embedded with missing features.")
  Path nodes;

  @Option(
      names = "--node-type",
      defaultValue = "item",
      description = "Link models: item or user, what --nodes holds (default: ${DEFAULT-VALUE}).")
  String nodeType;

  @Override
  public Integer call() throws IOException {
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    ModelBundle b = ModelBundle.load(bundle, org.recsys4j.core.Parallel.serial());
    if (b.family() == org.recsys4j.models.ModelFamily.LINK) {
      return LinkPredict.run(b, input, out, nodes, nodeType, t);
    }
    CtrModel model = b.ctrModel("predict");
    CtrTransforms tr = b.transforms();
    CtrSchema schema = tr.schema();
    boolean labelled =
        switch (withLabel) {
          case "yes" -> true;
          case "no" -> false;
          case "auto" -> detectLabel(schema);
          default ->
              throw new IllegalArgumentException(
                  "--with-label must be yes, no or auto, got '" + withLabel + "'");
        };
    long t0 = System.nanoTime();
    CtrTextReader.Stats[] stats = new CtrTextReader.Stats[1];
    long[] indices = new long[batchSize]; // data-row index of each row of the batch being scored
    int[] filled = {0};
    RowSource rows =
        new RowSource() {
          @Override
          public String name() {
            return input.toString();
          }

          @Override
          public CtrTextReader.Stats read(
              java.util.function.Consumer<org.recsys4j.data.ctr.RawRow> sink) {
            stats[0] =
                new CtrTextReader(schema, BadRowPolicy.parse(onBadRow), labelled)
                    .read(
                        input,
                        -1,
                        r -> {
                          indices[filled[0]++ % batchSize] = r.index;
                          sink.accept(r);
                        });
            return stats[0];
          }
        };
    long written;
    long[] next = {0}; // the next data-row index to write a line for
    int[] seen = {0};
    try (Parallel par = new Parallel(t);
        AtomicFiles.Output o = AtomicFiles.open(out)) {
      BufferedWriter w =
          new BufferedWriter(new java.io.OutputStreamWriter(o.stream(), StandardCharsets.UTF_8));
      written =
          CtrEvaluator.score(
              model,
              tr,
              rows,
              batchSize,
              par,
              (p, labels) -> {
                try {
                  for (float v : p) {
                    long index = indices[seen[0]++ % batchSize];
                    if (!Float.isFinite(v)) {
                      throw new IllegalStateException(
                          input
                              + ": data row "
                              + (index + 1)
                              + " scored "
                              + v
                              + " (a non-finite probability); nothing was written");
                    }
                    for (; next[0] < index; next[0]++) {
                      w.newLine(); // a skipped row keeps its line, empty, so output line i is
                      // input row i
                    }
                    w.write(String.format(java.util.Locale.ROOT, "%.6f", v));
                    w.newLine();
                    next[0]++;
                  }
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      for (long total = stats[0].rows() + stats[0].skipped(); next[0] < total; next[0]++) {
        w.newLine();
      }
      w.flush();
      o.commit();
      if (stats[0].skipped() > 0) {
        System.out.printf(
            "skipped %,d bad rows (their output lines are empty), first: %s%n",
            stats[0].skipped(), String.join("; ", stats[0].firstReasons()));
      }
    }
    System.out.printf(
        "scored %,d rows with %s in %.2fs; wrote %s%n",
        written, b.model().type(), (System.nanoTime() - t0) / 1e9, out);
    return 0;
  }

  /**
   * Whether the rows carry the label column, from the field counts of the first data rows: a row
   * with every column means labelled; rows one short everywhere mean unlabelled. A labelled file
   * whose trailing empty fields were stripped has short rows too, so anything else is an error
   * asking for --with-label rather than a guess that shifts every column.
   */
  private boolean detectLabel(CtrSchema schema) {
    int all = schema.columns().size();
    int unlabelled = all - schema.positions(ColumnRole.LABEL).length;
    try (LineSource src = LineSource.open(input)) {
      String line = src.next();
      if (schema.header() && line != null) {
        line = src.next();
      }
      int rowsSeen = 0;
      boolean allShort = true;
      for (; line != null && rowsSeen < 1000; line = src.next()) {
        if (line.isEmpty()) {
          continue;
        }
        rowsSeen++;
        int fields =
            line.split(java.util.regex.Pattern.quote(String.valueOf(schema.delimiter())), -1)
                .length;
        if (fields == all) {
          return true;
        }
        allShort &= fields == unlabelled;
      }
      if (rowsSeen == 0) {
        throw src.error("no data rows");
      }
      if (allShort) {
        return false;
      }
      throw src.error(
          "rows have neither "
              + all
              + " fields (with the label) nor "
              + unlabelled
              + " (without) "
              + "throughout the first "
              + rowsSeen
              + " rows; say which with --with-label yes or no");
    }
  }
}
