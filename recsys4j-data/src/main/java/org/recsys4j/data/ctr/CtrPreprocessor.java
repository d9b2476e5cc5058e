package org.recsys4j.data.ctr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Raw click log to processed {@link CtrDataset}, streaming: one pass fits the transforms on the
 * training file, a second applies them and writes the columns, so files larger than memory work. A
 * test file, when given, is written with the same fitted transforms (never refitted on it).
 */
public final class CtrPreprocessor {
  /** What one preprocess did, for the command's report and {@code --metrics-out}. */
  public record Report(
      long trainRows,
      long testRows,
      long skipped,
      List<String> skipReasons,
      double seconds,
      int[] cardinalities) {
    /** Raw rows handled per second over both passes' wall time (train and test rows). */
    public double rowsPerSecond() {
      return (trainRows + testRows) / Math.max(1e-9, seconds);
    }
  }

  private CtrPreprocessor() {}

  /**
   * A preprocessing job as a user describes it.
   *
   * @param format {@code criteo} (the Kaggle TSV, or any layout given by {@code schema}), {@code
   *     csv} (needs {@code schema}) or {@code movielens} (u.data-style ratings joined with u.user
   *     and u.item from the input's directory; a rating of at least {@code minRating} is a click)
   * @param testInput rows written as the test with the training fit, or null
   * @param testRatio without {@code testInput}: the last share of the rows becomes the test (0:
   *     none)
   * @param minFreq, maxCardinality, fill the transform settings ({@link TransformOptions})
   * @param log, standardize null for the format's default
   */
  public record Request(
      String format,
      Path schema,
      Path input,
      Path testInput,
      double testRatio,
      double minRating,
      int minFreq,
      int maxCardinality,
      double fill,
      Boolean log,
      Boolean standardize,
      BadRowPolicy policy) {}

  /** Runs {@code req} into {@code out/train} (and {@code out/test}). */
  public static Report run(Request req, Path out) throws IOException {
    CtrSchema s;
    TransformOptions base;
    switch (req.format()) {
      case "criteo" -> {
        s = req.schema() != null ? CtrSchema.load(req.schema()) : CtrSchema.criteo();
        base = TransformOptions.criteo();
      }
      case "csv" -> {
        if (req.schema() == null) {
          throw new IllegalArgumentException(
              "format csv needs a schema file giving every column its role");
        }
        s = CtrSchema.load(req.schema());
        base = TransformOptions.standard();
      }
      case "movielens" -> {
        s = MovieLensCtr.schema();
        base = TransformOptions.standard();
      }
      default ->
          throw new IllegalArgumentException(
              "format must be criteo, csv or movielens, got '" + req.format() + "'");
    }
    TransformOptions opts =
        new TransformOptions(
            req.minFreq(),
            req.maxCardinality(),
            req.fill(),
            req.log() != null ? req.log() : base.log(),
            req.standardize() != null ? req.standardize() : base.standardize());
    RowSource train;
    RowSource test;
    if (req.format().equals("movielens")) {
      Path dir = req.input().toAbsolutePath().getParent();
      train = MovieLensCtr.source(req.input(), dir, req.minRating());
      test =
          req.testInput() == null
              ? null
              : MovieLensCtr.source(req.testInput(), dir, req.minRating());
    } else {
      train = RowSource.text(req.input(), s, req.policy());
      test = req.testInput() == null ? null : RowSource.text(req.testInput(), s, req.policy());
    }
    if (req.testRatio() != 0) {
      if (req.testInput() != null) {
        throw new IllegalArgumentException("give a test input or a testRatio, not both");
      }
      if (!(req.testRatio() > 0 && req.testRatio() < 1)) {
        throw new IllegalArgumentException("testRatio must be in (0, 1), got " + req.testRatio());
      }
      long n = train.count();
      long cut = Math.round(n * (1 - req.testRatio()));
      if (cut < 1 || cut >= n) {
        throw new IllegalArgumentException(
            "testRatio " + req.testRatio() + " of " + n + " rows leaves no train or no test rows");
      }
      test = train.slice(cut, n);
      train = train.slice(0, cut);
    }
    return run(
        train, s, opts, out.resolve("train"), test, test == null ? null : out.resolve("test"));
  }

  /**
   * @param testInput optional (null): rows to write to {@code testOut} with the training fit
   */
  public static Report run(
      Path input,
      CtrSchema schema,
      TransformOptions options,
      BadRowPolicy policy,
      Path out,
      Path testInput,
      Path testOut)
      throws IOException {
    return run(
        RowSource.text(input, schema, policy),
        schema,
        options,
        out,
        testInput == null ? null : RowSource.text(testInput, schema, policy),
        testOut);
  }

  /**
   * As {@link #run(Path, CtrSchema, TransformOptions, BadRowPolicy, Path, Path, Path)} for any row
   * source.
   */
  public static Report run(
      RowSource input,
      CtrSchema schema,
      TransformOptions options,
      Path out,
      RowSource testInput,
      Path testOut)
      throws IOException {
    return run(input, schema, options, out, testInput, testOut, null);
  }

  /** As above, with node embeddings joined into the dense inputs ({@code join} may be null). */
  public static Report run(
      RowSource input,
      CtrSchema schema,
      TransformOptions options,
      Path out,
      RowSource testInput,
      Path testOut,
      NodeEmbeddingJoin join)
      throws IOException {
    long start = System.nanoTime();
    CtrTransforms t = CtrTransforms.fit(input, schema, options);
    if (join != null) {
      t = t.withJoin(join);
    }
    CtrTextReader.Stats train = write(input, t, out);
    CtrTextReader.Stats test = testInput == null ? null : write(testInput, t, testOut);
    double secs = (System.nanoTime() - start) / 1e9;
    List<String> reasons = new java.util.ArrayList<>(train.firstReasons());
    if (test != null) {
      reasons.addAll(test.firstReasons());
    }
    return new Report(
        train.rows(),
        test == null ? 0 : test.rows(),
        train.skipped() + (test == null ? 0 : test.skipped()),
        reasons,
        secs,
        t.cardinalities());
  }

  /**
   * Applies fitted transforms to every row of {@code input} and writes a dataset at {@code out}.
   */
  public static CtrTextReader.Stats write(
      Path input, CtrSchema schema, CtrTransforms t, BadRowPolicy policy, Path out)
      throws IOException {
    return write(RowSource.text(input, schema, policy), t, out);
  }

  /**
   * Applies fitted transforms to every row of {@code input} and writes a dataset at {@code out}.
   */
  public static CtrTextReader.Stats write(RowSource input, CtrTransforms t, Path out)
      throws IOException {
    float[] dense = new float[t.denseCount()];
    int[] cat = new int[t.categoricalCount()];
    int[][] multi = new int[t.multiHotCount()][];
    try (CtrDatasetWriter w = new CtrDatasetWriter(out, t)) {
      CtrTextReader.Stats stats =
          input.read(
              row -> {
                t.apply(row, dense, cat, multi);
                w.append(row.label, dense, cat, multi);
              });
      if (stats.rows() == 0) {
        throw new IllegalArgumentException(
            input.name()
                + ": no usable rows ("
                + stats.skipped()
                + " skipped: "
                + stats.firstReasons()
                + ")");
      }
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("source", input.name());
      extra.put("skipped_rows", stats.skipped());
      w.commit(extra);
      return stats;
    }
  }
}
