package org.recsys4j.eval;

import org.recsys4j.core.kernel.Kernels;

/**
 * Scores by inner product of user and item embeddings: {@code score(u, i) = <U[u], V[i]>}. The
 * batch path gathers the users' rows and runs one GEMM against the item matrix, so full ranking is
 * compute-bound and runs at GEMM speed.
 */
public final class DotProductRecommender implements Recommender {
  private final float[] userEmb;
  private final float[] itemEmb;
  private final int users;
  private final int items;
  private final int dim;

  public DotProductRecommender(float[] userEmb, float[] itemEmb, int users, int items, int dim) {
    if (userEmb.length != users * dim || itemEmb.length != items * dim) {
      throw new IllegalArgumentException(
          "embedding sizes do not match " + users + "/" + items + " x " + dim);
    }
    this.userEmb = userEmb;
    this.itemEmb = itemEmb;
    this.users = users;
    this.items = items;
    this.dim = dim;
  }

  @Override
  public int numUsers() {
    return users;
  }

  @Override
  public int numItems() {
    return items;
  }

  public int dim() {
    return dim;
  }

  public float[] userEmbeddings() {
    return userEmb;
  }

  public float[] itemEmbeddings() {
    return itemEmb;
  }

  @Override
  public void scoreAll(int[] u, int from, int to, float[] out) {
    int n = to - from;
    for (int i = from; i < to; i++) {
      checkUser(u[i]);
    }
    float[] q = new float[n * dim];
    Kernels k = Kernels.get();
    k.gatherRows(userEmb, dim, u, from, n, q, 0);
    k.gemm(false, true, n, items, dim, 1f, q, 0, dim, itemEmb, 0, dim, 0f, out, 0, items);
  }
}
