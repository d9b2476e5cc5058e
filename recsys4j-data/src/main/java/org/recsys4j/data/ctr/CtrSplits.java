package org.recsys4j.data.ctr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The processed splits a CTR run trains, selects and reports on, found from what the user gave:
 *
 * <ul>
 *   <li>a directory written by {@code preprocess} or {@code generate}, with {@code train/} and
 *       optionally {@code test/};
 *   <li>a single processed dataset, evaluated on {@code evalData} if given;
 *   <li>the raw MovieLens 100K directory, preprocessed on the spot into {@code cache} (the {@code
 *       u1.base}/{@code u1.test} split, rating >= 4 is a click);
 *   <li>an impression log (with user and item tables), preprocessed on the spot into {@code cache}
 *       with the latest {@code holdout} share of time as the test ({@link ImpressionCtr}).
 * </ul>
 *
 * Without a test split the last {@code holdout} share of the training rows is held out for the test
 * (as the DLRM reference holds out the end of its last day), so every run reports a held-out
 * metric; with {@code validRatio} a seeded random share of the remaining training rows selects the
 * epoch (random, not the last rows: a log such as MovieLens is ordered by user, and its last rows
 * would be users the model never trained on). Both are views of the stored rows, never copies.
 *
 * @param notes what was decided, one line each, for the user to read
 */
public record CtrSplits(
    CtrDataset train, CtrDataset validation, CtrDataset test, List<String> notes) {
  public CtrSplits {
    notes = List.copyOf(notes);
  }

  /**
   * @param holdout share of training rows held out as the test when there is no test split (0:
   *     none)
   * @param validRatio share of (remaining) training rows held out for validation (0: none)
   */
  public static CtrSplits locate(
      Path data, Path evalData, Path cache, double holdout, double validRatio, long seed) {
    return locate(data, evalData, cache, holdout, validRatio, seed, null);
  }

  /**
   * As above; raw data (MovieLens 100K, an impression log) is preprocessed with {@code join}'s node
   * embeddings appended to the dense inputs ({@code join} may be null; processed data cannot take
   * one, its columns are fixed).
   */
  public static CtrSplits locate(
      Path data,
      Path evalData,
      Path cache,
      double holdout,
      double validRatio,
      long seed,
      NodeEmbeddingJoin join) {
    return locate(data, evalData, cache, holdout, validRatio, seed, join, Long.MIN_VALUE);
  }

  /**
   * As above; {@code trainFrom} (epoch seconds) drops the impressions of an impression log before
   * it from training. With a join the default ({@code Long.MIN_VALUE}) becomes the join's earliest
   * graph cut: the impressions before it built that graph, and joined to it they would see their
   * own labels.
   */
  public static CtrSplits locate(
      Path data,
      Path evalData,
      Path cache,
      double holdout,
      double validRatio,
      long seed,
      NodeEmbeddingJoin join,
      long trainFrom) {
    checkShare("holdout", holdout);
    checkShare("validRatio", validRatio);
    List<String> notes = new ArrayList<>();
    if (org.recsys4j.data.impressions.ImpressionDataset.isDataset(data)) {
      long from = trainFrom != Long.MIN_VALUE || join == null ? trainFrom : join.earliestCut();
      ImpressionCtr ic =
          ImpressionCtr.of(
              org.recsys4j.data.impressions.ImpressionDataset.read(
                  data, BadRowPolicy.ERROR, null, null),
              holdout,
              from);
      if (from != Long.MIN_VALUE) {
        notes.add(
            "training on the impressions from "
                + java.time.Instant.ofEpochSecond(from)
                + (join != null && trainFrom == Long.MIN_VALUE
                    ? " (the earliest graph cut of the node embeddings: earlier impressions built"
                        + " that graph)"
                    : ""));
      }
      try {
        var r =
            CtrPreprocessor.run(
                ic.train(),
                ic.schema(),
                TransformOptions.standard(),
                cache.resolve("train"),
                holdout > 0 ? ic.test() : null,
                holdout > 0 ? cache.resolve("test") : null,
                join);
        notes.add(
            String.format(
                "impression log %s as click rows (user, item and node-table features%s): %,d"
                    + " training / %,d test rows (the latest %s of the impressions, from %s)"
                    + " preprocessed into %s",
                data,
                join == null ? "" : ", node embeddings " + join.version(),
                r.trainRows(),
                r.testRows(),
                holdout,
                holdout > 0 ? java.time.Instant.ofEpochSecond(ic.cut()) : "-",
                cache));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot preprocess " + data + " into " + cache + ": " + e.getMessage(), e);
      }
      data = cache;
      holdout = 0; // the time split is made
      join = null;
    }
    if (trainFrom != Long.MIN_VALUE && !data.equals(cache)) {
      throw new IllegalArgumentException(
          "a training start time applies to impression logs only, not to " + data);
    }
    if (MovieLensCtr.isMovieLens100k(data)) {
      Path base = MovieLensCtr.file(data, "u1.base");
      Path test = MovieLensCtr.file(data, "u1.test");
      try {
        var r =
            CtrPreprocessor.run(
                MovieLensCtr.source(base, data, 4),
                MovieLensCtr.schema(),
                TransformOptions.standard(),
                cache.resolve("train"),
                MovieLensCtr.source(test, data, 4),
                cache.resolve("test"),
                join);
        notes.add(
            String.format(
                "MovieLens 100K as a click log (u1 split, rating >= 4 is a click): %,d train / %,d "
                    + "test rows preprocessed into %s",
                r.trainRows(), r.testRows(), cache));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot preprocess " + data + " into " + cache + ": " + e.getMessage(), e);
      }
      data = cache;
      join = null;
    }
    if (join != null) {
      throw new IllegalArgumentException(
          data
              + " is already processed, so its columns are fixed: node embeddings are joined when"
              + " raw data is read (an impression log or MovieLens 100K)");
    }
    boolean split = Files.isRegularFile(data.resolve("train").resolve(CtrDataset.META));
    CtrDataset train = CtrDataset.open(split ? data.resolve("train") : data);
    CtrDataset test = null;
    if (evalData != null) {
      test = CtrDataset.open(evalData);
    } else if (split && Files.isRegularFile(data.resolve("test").resolve(CtrDataset.META))) {
      test = CtrDataset.open(data.resolve("test"));
    }
    if (test != null) {
      checkSameTransforms(train, test);
    } else if (holdout > 0) {
      long n = train.rows();
      long cut = n - Math.round(holdout * n);
      if (cut < 1 || cut >= n) {
        throw new IllegalArgumentException(
            "holdout " + holdout + " of " + n + " rows leaves no training or no test " + "rows");
      }
      test = train.slice(cut, n);
      train = train.slice(0, cut);
      notes.add(
          String.format(
              "no test split: holding out the last %,d of %,d rows (holdout %s) as the test",
              n - cut, n, holdout));
    } else {
      notes.add("no test split and holdout 0: the run reports no held-out metric");
    }
    CtrDataset validation = null;
    if (validRatio > 0) {
      long n = train.rows();
      CtrDataset[] parts = train.splitRandom(validRatio, seed);
      if (parts[0].rows() == 0 || parts[1].rows() == 0) {
        throw new IllegalArgumentException(
            "validRatio "
                + validRatio
                + " of "
                + n
                + " rows leaves no training or no "
                + "validation rows");
      }
      validation = parts[0];
      train = parts[1];
      notes.add(
          String.format(
              "validation: %,d of the %,d training rows, drawn at random (seed %d), select the "
                  + "epoch",
              validation.rows(), n, seed));
    }
    return new CtrSplits(train, validation, test, notes);
  }

  private static void checkShare(String name, double v) {
    if (!(v >= 0 && v < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), got " + v);
    }
  }

  /**
   * Fails unless {@code other} was processed with {@code train}'s transforms (same columns and
   * tables).
   */
  public static void checkSameTransforms(CtrDataset train, CtrDataset other) {
    if (other.denseCount() != train.denseCount()
        || !Arrays.equals(other.cardinalities(), train.cardinalities())
        || !Arrays.equals(other.multiHotCardinalities(), train.multiHotCardinalities())) {
      throw new IllegalArgumentException(
          other
              + " was not processed with the transforms of "
              + train
              + " (different columns or table sizes)");
    }
  }
}
