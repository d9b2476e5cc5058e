package org.recsys4j.serve;

/**
 * The retrieval stage's search: the {@code n} best items for a user vector, best first (ties: the
 * smaller id first). Implementations are immutable once built, so any number of requests may search
 * at once.
 */
public interface Retriever {
  /** Fills {@code ids} and {@code scores}; returns how many (at most the catalogue). */
  int search(float[] query, int n, int[] ids, float[] scores);

  /** What a response's explain and the metrics call this search (exact, hnsw, model). */
  String kind();
}
