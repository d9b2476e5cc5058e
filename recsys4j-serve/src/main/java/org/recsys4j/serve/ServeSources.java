package org.recsys4j.serve;

import java.nio.file.Path;

/**
 * Where a server's models and tables come from on disk, so that start and every reload build the
 * catalog the same way.
 *
 * @param retrieval the retrieval bundle
 * @param items item attributes CSV for filters and diversity, or null
 * @param deny the deny list, or null
 * @param ranker a CTR bundle scoring the candidates, or null
 * @param nodes the dataset directory whose user and item tables feed the ranker, or null: the
 *     ranker's training data when it was an impression log
 */
public record ServeSources(Path retrieval, Path items, Path deny, Path ranker, Path nodes) {

  /** Retrieval only. */
  public static ServeSources retrieval(Path bundle) {
    return new ServeSources(bundle, null, null, null, null);
  }

  /** Loads everything into a fresh catalog (nothing shared with an earlier one). */
  public Catalog load() {
    Catalog c = Catalog.load(retrieval, items, deny);
    if (ranker != null) {
      Path n = nodes != null ? nodes : Ranker.trainingNodes(ranker);
      FeatureStore store = n == null ? FeatureStore.empty() : FeatureStore.read(n);
      c.withRanker(Ranker.load(ranker, store, c.items()));
    }
    return c;
  }
}
