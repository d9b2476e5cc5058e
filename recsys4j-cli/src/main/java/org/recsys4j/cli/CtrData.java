package org.recsys4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.recsys4j.data.ctr.CtrDataset;

/**
 * Where a CTR run's data is: {@code --data DIR} names a directory written by {@code preprocess} or
 * {@code generate}, with {@code DIR/train} and (optionally) {@code DIR/test}; or a single processed
 * dataset, evaluated on {@code --eval-data} if given.
 */
record CtrData(CtrDataset train, CtrDataset test) {
  static CtrData locate(Path data, Path evalData) {
    Path trainDir = Files.isRegularFile(data.resolve("train").resolve("meta.json")) ? data.resolve("train") : data;
    CtrDataset train = CtrDataset.open(trainDir);
    CtrDataset test = null;
    if (evalData != null) {
      test = CtrDataset.open(evalData);
    } else if (!trainDir.equals(data) && Files.isRegularFile(data.resolve("test").resolve("meta.json"))) {
      test = CtrDataset.open(data.resolve("test"));
    }
    if (test != null && (test.denseCount() != train.denseCount()
        || !java.util.Arrays.equals(test.cardinalities(), train.cardinalities()))) {
      throw new IllegalArgumentException(test.directory() + " was not processed with the transforms of "
          + train.directory() + " (different columns or table sizes)");
    }
    return new CtrData(train, test);
  }
}
