package org.recsys4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.recsys4j.data.ctr.CtrDataset;
import org.recsys4j.data.ctr.CtrPreprocessor;
import org.recsys4j.data.ctr.MovieLensCtr;
import org.recsys4j.data.ctr.TransformOptions;

/**
 * Where a CTR run's data is: {@code --data DIR} names a directory written by {@code preprocess} or
 * {@code generate}, with {@code DIR/train} and (optionally) {@code DIR/test}; or a single processed
 * dataset, evaluated on {@code --eval-data} if given; or the raw MovieLens 100K directory, which is
 * preprocessed on the spot (the {@code u1.base}/{@code u1.test} split, rating >= 4 is a click) into
 * {@code cache}.
 */
record CtrData(CtrDataset train, CtrDataset test) {
  static CtrData locate(Path data, Path evalData, Path cache) throws java.io.IOException {
    if (isMovieLens100k(data)) {
      Path base = movieLensFile(data, "u1.base");
      Path test = movieLensFile(data, "u1.test");
      var r = CtrPreprocessor.run(MovieLensCtr.source(base, data, 4), MovieLensCtr.schema(),
          TransformOptions.standard(), cache.resolve("train"), MovieLensCtr.source(test, data, 4), cache.resolve("test"));
      System.out.printf("MovieLens 100K as a click log (u1 split, rating >= 4 is a click): %,d train / %,d test rows "
          + "preprocessed into %s%n", r.trainRows(), r.testRows(), cache);
      data = cache;
    }
    Path trainDir = Files.isRegularFile(data.resolve("train").resolve("meta.json")) ? data.resolve("train") : data;
    CtrDataset train = CtrDataset.open(trainDir);
    CtrDataset test = null;
    if (evalData != null) {
      test = CtrDataset.open(evalData);
    } else if (!trainDir.equals(data) && !testDir(data).equals(data)) {
      test = CtrDataset.open(testDir(data));
    }
    if (test != null && (test.denseCount() != train.denseCount()
        || !java.util.Arrays.equals(test.cardinalities(), train.cardinalities()))) {
      throw new IllegalArgumentException(test.directory() + " was not processed with the transforms of "
          + train.directory() + " (different columns or table sizes)");
    }
    return new CtrData(train, test);
  }

  /** {@code dir/name}, or its gzipped twin when only that exists. */
  static Path movieLensFile(Path dir, String name) {
    return Files.isRegularFile(dir.resolve(name)) ? dir.resolve(name) : dir.resolve(name + ".gz");
  }

  /** The dataset to evaluate on: {@code dir/test} when {@code dir} holds a split, else {@code dir} itself. */
  static Path testDir(Path dir) {
    return Files.isRegularFile(dir.resolve("test").resolve("meta.json")) ? dir.resolve("test") : dir;
  }

  /** A raw MovieLens 100K directory: u.user, u.item and the u1 split. */
  static boolean isMovieLens100k(Path dir) {
    return Files.isRegularFile(dir.resolve("u.user")) && Files.isRegularFile(dir.resolve("u.item"))
        && Files.isRegularFile(movieLensFile(dir, "u1.base"))
        && !Files.isRegularFile(dir.resolve("meta.json"));
  }
}
