package org.recsys4j.data.ctr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Raw click log to processed {@link CtrDataset}, streaming: one pass fits the transforms on the
 * training file, a second applies them and writes the columns, so files larger than memory work.
 * A test file, when given, is written with the same fitted transforms (never refitted on it).
 */
public final class CtrPreprocessor {
  /** What one preprocess did, for the command's report and {@code --metrics-out}. */
  public record Report(long trainRows, long testRows, long skipped, List<String> skipReasons, double seconds,
      int[] cardinalities) {
    /** Raw rows handled per second over both passes' wall time (train and test rows). */
    public double rowsPerSecond() {
      return (trainRows + testRows) / Math.max(1e-9, seconds);
    }
  }

  private CtrPreprocessor() {}

  /**
   * @param testInput optional (null): rows to write to {@code testOut} with the training fit
   */
  public static Report run(Path input, CtrSchema schema, TransformOptions options, BadRowPolicy policy, Path out,
      Path testInput, Path testOut) throws IOException {
    return run(RowSource.text(input, schema, policy), schema, options, out,
        testInput == null ? null : RowSource.text(testInput, schema, policy), testOut);
  }

  /** As {@link #run(Path, CtrSchema, TransformOptions, BadRowPolicy, Path, Path, Path)} for any row source. */
  public static Report run(RowSource input, CtrSchema schema, TransformOptions options, Path out, RowSource testInput,
      Path testOut) throws IOException {
    long start = System.nanoTime();
    CtrTransforms t = CtrTransforms.fit(input, schema, options);
    CtrTextReader.Stats train = write(input, t, out);
    CtrTextReader.Stats test = testInput == null ? null : write(testInput, t, testOut);
    double secs = (System.nanoTime() - start) / 1e9;
    List<String> reasons = new java.util.ArrayList<>(train.firstReasons());
    if (test != null) {
      reasons.addAll(test.firstReasons());
    }
    return new Report(train.rows(), test == null ? 0 : test.rows(),
        train.skipped() + (test == null ? 0 : test.skipped()), reasons, secs, t.cardinalities());
  }

  /** Applies fitted transforms to every row of {@code input} and writes a dataset at {@code out}. */
  public static CtrTextReader.Stats write(Path input, CtrSchema schema, CtrTransforms t, BadRowPolicy policy,
      Path out) throws IOException {
    return write(RowSource.text(input, schema, policy), t, out);
  }

  /** Applies fitted transforms to every row of {@code input} and writes a dataset at {@code out}. */
  public static CtrTextReader.Stats write(RowSource input, CtrTransforms t, Path out) throws IOException {
    float[] dense = new float[t.denseCount()];
    int[] cat = new int[t.categoricalCount()];
    int[][] multi = new int[t.multiHotCount()][];
    try (CtrDatasetWriter w = new CtrDatasetWriter(out, t)) {
      CtrTextReader.Stats stats = input.read(row -> {
        t.apply(row, dense, cat, multi);
        w.append(row.label, dense, cat, multi);
      });
      if (stats.rows() == 0) {
        throw new IllegalArgumentException(input.name() + ": no usable rows (" + stats.skipped() + " skipped: "
            + stats.firstReasons() + ")");
      }
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("source", input.name());
      extra.put("skipped_rows", stats.skipped());
      w.commit(extra);
      return stats;
    }
  }
}
