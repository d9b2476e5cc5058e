package org.recsys4j.cli;

import org.recsys4j.data.Dataset;
import org.recsys4j.data.Interactions;
import org.recsys4j.train.ModelBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Re-expresses a freshly loaded dataset's interactions in a bundle's id space, by raw id. */
final class BundleIds {
  private static final Logger LOG = LoggerFactory.getLogger(BundleIds.class);

  private BundleIds() {}

  static Interactions remap(Interactions x, Dataset ds, ModelBundle b) {
    int n = x.size();
    int[] us = new int[n];
    int[] is = new int[n];
    int kept = 0;
    int[] ptr = x.userPtr();
    int[] items = x.items();
    for (int u = 0; u < x.numUsers(); u++) {
      int bu = ptr[u] == ptr[u + 1] ? -1 : b.users().indexOf(ds.users().rawId(u));
      for (int j = ptr[u]; j < ptr[u + 1]; j++) {
        int bi = b.items().indexOf(ds.items().rawId(items[j]));
        if (bu >= 0 && bi >= 0) {
          us[kept] = bu;
          is[kept++] = bi;
        }
      }
    }
    if (kept < n) {
      LOG.warn(
          "{} of {} test interactions have a user or item the model has never seen; they are left out",
          n - kept,
          n);
    }
    if (kept == 0 && n > 0) {
      throw new IllegalArgumentException(
          "no test interaction uses ids the model knows: is --data the dataset "
              + "the model was trained on?");
    }
    return Interactions.fromPairs(b.users().size(), b.items().size(), us, is, kept);
  }
}
