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
 * @param hnswAbove catalogues of more items are searched with HNSW (negative: always exact)
 * @param hnswEf HNSW's candidate list while searching
 */
public record ServeSources(
    Path retrieval,
    Path items,
    Path deny,
    Path ranker,
    Path nodes,
    String unknownUsers,
    int hnswAbove,
    int hnswEf) {
  /** Catalogues above this many items are searched with HNSW unless configured otherwise. */
  public static final int HNSW_ABOVE = 250_000;

  /** HNSW's default candidate list while searching. */
  public static final int HNSW_EF = 400;

  /** Retrieval only. */
  public static ServeSources retrieval(Path bundle) {
    return new ServeSources(bundle, null, null, null, null, "auto", HNSW_ABOVE, HNSW_EF);
  }

  /** Retrieval and a ranker, with the default policies. */
  public static ServeSources of(Path retrieval, Path ranker) {
    return new ServeSources(retrieval, null, null, ranker, null, "auto", HNSW_ABOVE, HNSW_EF);
  }

  /** Loads everything into a fresh catalog (nothing shared with an earlier one). */
  public Catalog load() {
    Catalog c =
        Catalog.load(retrieval, items, deny)
            .withUnknownUsers(unknownUsers, retrieval)
            .withHnswAbove(hnswAbove, hnswEf);
    if (ranker != null) {
      c.withRanker(Ranker.load(ranker, nodes, c.items()));
    }
    return c;
  }
}
