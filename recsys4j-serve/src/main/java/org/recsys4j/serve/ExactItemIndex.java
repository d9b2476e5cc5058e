package org.recsys4j.serve;

import org.recsys4j.core.kernel.Kernels;
import org.recsys4j.core.util.TopK;

/**
 * Exact maximum-inner-product search over item embeddings: every item's dot product with the query
 * (the project's SIMD dot kernel), the best {@code n} kept in a primitive heap. Built once per
 * loaded bundle and only read afterwards, so any number of requests may search it at once.
 */
public final class ExactItemIndex {
  private final float[] items;
  private final int count;
  private final int dim;

  /**
   * @param items row-major {@code [count, dim]} item embeddings (not copied; must not change)
   */
  public ExactItemIndex(float[] items, int count, int dim) {
    if ((long) count * dim != items.length) {
      throw new IllegalArgumentException(
          "item embeddings: " + items.length + " values are not " + count + " x " + dim);
    }
    this.items = items;
    this.count = count;
    this.dim = dim;
  }

  public int size() {
    return count;
  }

  public int dim() {
    return dim;
  }

  /**
   * The {@code n} items with the highest inner product with {@code query}, best first (ties: the
   * smaller id first), into {@code ids} and {@code scores}; returns how many (at most the
   * catalogue).
   */
  public int search(float[] query, int n, int[] ids, float[] scores) {
    if (query.length != dim) {
      throw new IllegalArgumentException("query has " + query.length + " values, items " + dim);
    }
    TopK top = new TopK(Math.max(1, Math.min(n, count)));
    Kernels k = Kernels.get();
    for (int i = 0; i < count; i++) {
      top.offer(i, k.dot(query, 0, items, i * dim, dim));
    }
    return top.drainSorted(ids, scores);
  }

  /** Item {@code item}'s embedding (a copy). */
  public float[] vector(int item) {
    return java.util.Arrays.copyOfRange(items, item * dim, (item + 1) * dim);
  }

  /** The inner product of {@code query} with item {@code item}. */
  public float score(float[] query, int item) {
    return Kernels.get().dot(query, 0, items, item * dim, dim);
  }
}
