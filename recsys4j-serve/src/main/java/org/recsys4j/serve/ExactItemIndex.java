package org.recsys4j.serve;

import org.recsys4j.core.kernel.Kernels;
import org.recsys4j.core.util.TopK;

/**
 * Exact maximum-inner-product search over item embeddings: every item's inner product with the
 * query, the best {@code n} kept in a primitive heap. The embeddings are stored block-major,
 * sixteen items side by side per value ({@link Kernels#blockDots}), so one SIMD multiply-add scores
 * sixteen items and no per-item horizontal sum is needed; scores are computed a chunk at a time
 * into a small buffer and offered to the heap, which rejects most with one comparison against its
 * threshold. Built once per loaded bundle and only read afterwards, so any number of requests may
 * search it at once.
 */
public final class ExactItemIndex implements Retriever {
  private static final int B = Kernels.BLOCK;
  private static final int CHUNK_BLOCKS = 64; // 1024 scores per chunk: a 4 KB buffer in L1

  private final float[] blocked;
  private final int count;
  private final int dim;
  private final int blocks;

  /**
   * @param items row-major {@code [count, dim]} item embeddings (copied into the blocked layout)
   */
  public ExactItemIndex(float[] items, int count, int dim) {
    if ((long) count * dim != items.length) {
      throw new IllegalArgumentException(
          "item embeddings: " + items.length + " values are not " + count + " x " + dim);
    }
    this.count = count;
    this.dim = dim;
    this.blocks = (count + B - 1) / B;
    this.blocked = new float[blocks * dim * B]; // the last block's missing items stay zero
    for (int i = 0; i < count; i++) {
      int base = (i / B) * dim * B + i % B;
      for (int t = 0; t < dim; t++) {
        blocked[base + t * B] = items[i * dim + t];
      }
    }
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
  @Override
  public int search(float[] query, int n, int[] ids, float[] scores) {
    if (query.length != dim) {
      throw new IllegalArgumentException("query has " + query.length + " values, items " + dim);
    }
    TopK top = new TopK(Math.max(1, Math.min(n, count)));
    Kernels k = Kernels.get();
    float[] buf = new float[CHUNK_BLOCKS * B];
    for (int b = 0; b < blocks; b += CHUNK_BLOCKS) {
      int nb = Math.min(CHUNK_BLOCKS, blocks - b);
      k.blockDots(query, dim, blocked, b * dim * B, nb, buf, 0);
      int first = b * B;
      top.offerAll(buf, 0, Math.min(nb * B, count - first), first);
    }
    return top.drainSorted(ids, scores);
  }

  @Override
  public String kind() {
    return "exact";
  }

  /** Item {@code item}'s embedding (a copy). */
  public float[] vector(int item) {
    float[] v = new float[dim];
    int base = (item / B) * dim * B + item % B;
    for (int t = 0; t < dim; t++) {
      v[t] = blocked[base + t * B];
    }
    return v;
  }

  /**
   * The inner products of {@code query} with items {@code ids[0..n)} into {@code out}, bit for bit
   * as {@link #search} scores them: the items are gathered sixteen at a time into one block, and a
   * lane of {@link Kernels#blockDots} sums its own item's values in the same order wherever the
   * item sits.
   */
  public void scores(float[] query, int[] ids, int n, float[] out) {
    Kernels k = Kernels.get();
    float[] block = new float[dim * B];
    float[] s = new float[B];
    for (int from = 0; from < n; from += B) {
      int m = Math.min(B, n - from);
      if (m < B) {
        java.util.Arrays.fill(block, 0f);
      }
      for (int j = 0; j < m; j++) {
        int item = ids[from + j];
        int base = (item / B) * dim * B + item % B;
        for (int t = 0; t < dim; t++) {
          block[t * B + j] = blocked[base + t * B];
        }
      }
      k.blockDots(query, dim, block, 0, 1, s, 0);
      System.arraycopy(s, 0, out, from, m);
    }
  }

  /** The inner product of {@code query} with item {@code item}, as {@link #search} scores it. */
  public float score(float[] query, int item) {
    float[] out = new float[1];
    scores(query, new int[] {item}, 1, out);
    return out[0];
  }
}
