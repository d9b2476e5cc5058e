package org.recsys4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.recsys4j.data.ctr.BadRowPolicy;
import org.recsys4j.data.ctr.CtrPreprocessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code recsys4j preprocess}: raw click log to a processed, memory-mapped dataset. */
@Command(
    name = "preprocess",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Fit transforms on a raw click log (Criteo TSV or a CSV/TSV described by a schema) and write "
          + "a processed columnar dataset, <out>/train, and <out>/test from --test-input with the same fit.",
      "Example: recsys4j preprocess --format criteo --input ../shared/data/criteo-kaggle-sample/train.tiny.txt "
          + "--out runs/criteo-tiny"
    })
final class PreprocessCommand implements Callable<Integer> {
  @Option(names = "--config", description = "YAML file of option values; flags override it.")
  Path config;

  @Option(
      names = "--format",
      defaultValue = "criteo",
      description =
          "criteo, csv, or movielens (ratings joined with "
              + "u.user and u.item from the input's directory; rating >= --min-rating is a click). Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(
      names = "--min-rating",
      defaultValue = "4",
      description = "movielens: ratings at or above this are clicks (default: ${DEFAULT-VALUE}).")
  double minRating;

  @Option(names = "--schema", description = "csv: YAML schema file giving each column a role.")
  Path schema;

  @Option(
      names = "--input",
      required = true,
      description = "Raw training rows (plain or .gz); the transforms are fitted on them.")
  Path input;

  @Option(
      names = "--test-input",
      description = "Raw test rows, written to <out>/test with the training fit.")
  Path testInput;

  @Option(
      names = "--test-ratio",
      defaultValue = "0",
      description =
          "Without --test-input: hold out this share of the "
              + "input's last rows as <out>/test (Criteo logs are in time order, so the test rows are the latest).")
  double testRatio;

  @Option(
      names = "--out",
      required = true,
      description = "Output directory (<out>/train, <out>/test).")
  Path out;

  @Option(
      names = "--min-freq",
      defaultValue = "1",
      description =
          "Categorical values seen fewer times share the out-of-vocabulary row (default: ${DEFAULT-VALUE}).")
  int minFreq;

  @Option(
      names = "--max-cardinality",
      defaultValue = "0",
      description =
          "Hash a column whose vocabulary exceeds this many rows (DLRM's --max-ind-range); 0 = never.")
  int maxCardinality;

  @Option(
      names = "--fill",
      defaultValue = "0",
      description = "Value of a missing continuous field (default: ${DEFAULT-VALUE}).")
  double fill;

  @Option(
      names = "--log",
      negatable = true,
      description =
          "log(1 + max(x, 0)) on continuous columns (default: on for criteo, off for csv).")
  Boolean log;

  @Option(
      names = "--standardize",
      negatable = true,
      description =
          "Standardise continuous columns with training mean and std (default: off for criteo, on for csv).")
  Boolean standardize;

  @Option(
      names = "--on-bad-row",
      defaultValue = "error",
      description = "error (stop with file and line) or skip (count and report).")
  String onBadRow;

  @Option(
      names = "--metrics-out",
      description = "Write rows, skipped rows, rows/s and table sizes as JSON here.")
  Path metricsOut;

  @Override
  public Integer call() throws Exception {
    CtrPreprocessor.Report r =
        CtrPreprocessor.run(
            new CtrPreprocessor.Request(
                format,
                schema,
                input,
                testInput,
                testRatio,
                minRating,
                minFreq,
                maxCardinality,
                fill,
                log,
                standardize,
                BadRowPolicy.parse(onBadRow)),
            out);
    boolean test = r.testRows() > 0;

    System.out.printf(
        "preprocessed %,d training rows%s in %.2fs (%,.0f rows/s incl. the fitting pass)%n",
        r.trainRows(),
        !test ? "" : String.format(" and %,d test rows", r.testRows()),
        r.seconds(),
        r.rowsPerSecond());
    if (r.skipped() > 0) {
      System.out.printf(
          "skipped %,d bad rows, first: %s%n", r.skipped(), String.join("; ", r.skipReasons()));
    }
    System.out.println("table sizes " + java.util.Arrays.toString(r.cardinalities()));
    System.out.println(
        "wrote " + out.resolve("train") + (!test ? "" : " and " + out.resolve("test")));
    if (metricsOut != null) {
      var node = MetricsJson.base("preprocess", java.util.Map.of());
      node.put("train_rows", r.trainRows());
      node.put("test_rows", r.testRows());
      node.put("skipped_rows", r.skipped());
      node.put("seconds", r.seconds());
      node.put("rows_per_second", r.rowsPerSecond());
      MetricsJson.write(metricsOut, node);
    }
    return 0;
  }
}
