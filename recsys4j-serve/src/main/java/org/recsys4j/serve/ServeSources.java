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
 * @param unknownUsers {@code popularity}, {@code features} (a GraphSAGE retrieval bundle embeds the
 *     user from the request's features) or {@code auto} (features when possible)
 */
public record ServeSources(
    Path retrieval, Path items, Path deny, Path ranker, Path nodes, String unknownUsers) {

  /** Retrieval only. */
  public static ServeSources retrieval(Path bundle) {
    return new ServeSources(bundle, null, null, null, null, "auto");
  }

  /** Loads everything into a fresh catalog (nothing shared with an earlier one). */
  public Catalog load() {
    Catalog c = Catalog.load(retrieval, items, deny).withUnknownUsers(unknownUsers, retrieval);
    if (ranker != null) {
      Path n = nodes != null ? nodes : Ranker.trainingNodes(ranker);
      FeatureStore store = n == null ? FeatureStore.empty() : FeatureStore.read(n);
      c.withRanker(Ranker.load(ranker, store, c.items()));
    }
    return c;
  }
}
