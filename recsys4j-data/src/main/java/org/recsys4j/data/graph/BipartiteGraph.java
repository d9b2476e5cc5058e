package org.recsys4j.data.graph;

import org.recsys4j.core.CsrMatrix;
import org.recsys4j.data.Interactions;

/**
 * The user-item graph as one symmetric {@code (U+I) x (U+I)} matrix: users are nodes {@code
 * 0..U-1}, items {@code U..U+I-1}.
 */
public final class BipartiteGraph {
  private BipartiteGraph() {}

  /**
   * The symmetrically normalised adjacency {@code D^-1/2 A D^-1/2} of LightGCN/NGCF: {@code A[u,
   * U+i] = A[U+i, u] = 1 / sqrt(deg(u) deg(i))}. Columns within a row are ascending.
   */
  public static CsrMatrix normalizedAdjacency(Interactions train) {
    int users = train.numUsers();
    int items = train.numItems();
    int n = users + items;
    int nnz = train.size();
    int[] uPtr = train.userPtr();
    int[] uItems = train.items();
    int[] itemDeg = train.itemDegrees();
    int[] ptr = new int[n + 1];
    for (int u = 0; u < users; u++) {
      ptr[u + 1] = ptr[u] + train.degree(u);
    }
    for (int i = 0; i < items; i++) {
      ptr[users + i + 1] = ptr[users + i] + itemDeg[i];
    }
    int[] cols = new int[2 * nnz];
    float[] vals = new float[2 * nnz];
    int[] next = java.util.Arrays.copyOfRange(ptr, users, n);
    for (int u = 0; u < users; u++) {
      double du = train.degree(u);
      for (int j = uPtr[u]; j < uPtr[u + 1]; j++) {
        int i = uItems[j];
        float w = (float) (1.0 / Math.sqrt(du * itemDeg[i]));
        cols[j] = users + i;
        vals[j] = w;
        int p = next[i]++;
        cols[p] = u; // users visited in ascending order, so item rows come out sorted
        vals[p] = w;
      }
    }
    return new CsrMatrix(n, n, ptr, cols, vals);
  }
}
