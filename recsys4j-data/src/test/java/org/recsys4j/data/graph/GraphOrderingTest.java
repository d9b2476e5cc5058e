package org.recsys4j.data.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.CsrMatrix;
import org.recsys4j.core.Rng;
import org.recsys4j.data.Interactions;

class GraphOrderingTest {
  private final long seed = Long.getLong("test.seed", 13L);

  private CsrMatrix randomGraph(Rng r, int users, int items, int perUser) {
    int[] us = new int[users * perUser];
    int[] is = new int[users * perUser];
    int n = 0;
    for (int u = 0; u < users; u++) {
      boolean[] used = new boolean[items];
      for (int j = 0; j < perUser; j++) {
        int it = r.nextInt(items);
        if (!used[it]) {
          used[it] = true;
          us[n] = u;
          is[n++] = it;
        }
      }
    }
    return BipartiteGraph.normalizedAdjacency(Interactions.fromPairs(users, items, us, is, n));
  }

  @Test
  void rcmIsAPermutationAndPermutedProductMatches() {
    Rng r = new Rng(seed);
    CsrMatrix a = randomGraph(r, 40, 30, 5);
    int[] newOf = GraphOrdering.reverseCuthillMcKee(a);
    int[] sorted = newOf.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertThat(sorted[i]).isEqualTo(i);
    }
    assertThat(GraphOrdering.reverseCuthillMcKee(a)).containsExactly(newOf);
    CsrMatrix p = a.permute(newOf);
    float[] dense = a.toDense();
    float[] pd = p.toDense();
    int n = a.rows();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        assertThat(pd[newOf[i] * n + newOf[j]]).isEqualTo(dense[i * n + j]);
      }
    }
    int[] oldOf = GraphOrdering.inverse(newOf);
    for (int i = 0; i < n; i++) {
      assertThat(oldOf[newOf[i]]).isEqualTo(i);
    }
  }

  @Test
  void rcmReducesBandwidthOfABandedGraphInDisguise() {
    // a path graph with shuffled labels has bandwidth ~n; RCM recovers bandwidth 1
    int n = 50;
    Rng r = new Rng(seed + 1);
    int[] label = new int[n];
    for (int i = 0; i < n; i++) {
      label[i] = i;
    }
    r.shuffle(label, n);
    int[] ptr = new int[n + 1];
    int[] cols = new int[2 * (n - 1)];
    int[][] adj = new int[n][];
    for (int i = 0; i < n; i++) {
      int v = label[i];
      int[] nb =
          i == 0
              ? new int[] {label[1]}
              : i == n - 1 ? new int[] {label[n - 2]} : new int[] {label[i - 1], label[i + 1]};
      Arrays.sort(nb);
      adj[v] = nb;
    }
    int k = 0;
    for (int v = 0; v < n; v++) {
      for (int w : adj[v]) {
        cols[k++] = w;
      }
      ptr[v + 1] = k;
    }
    float[] vals = new float[k];
    Arrays.fill(vals, 1f);
    CsrMatrix a = new CsrMatrix(n, n, ptr, cols, vals);
    CsrMatrix p = a.permute(GraphOrdering.reverseCuthillMcKee(a));
    int bw = 0;
    for (int i = 0; i < n; i++) {
      for (int j = p.rowPtr()[i]; j < p.rowPtr()[i + 1]; j++) {
        bw = Math.max(bw, Math.abs(p.colIdx()[j] - i));
      }
    }
    assertThat(bw).isEqualTo(1);
  }

  @Test
  void permuteRejectsNonPermutations() {
    CsrMatrix a = new CsrMatrix(2, 2, new int[] {0, 1, 2}, new int[] {1, 0}, new float[] {1f, 1f});
    assertThatThrownBy(() -> a.permute(new int[] {0, 0})).hasMessageContaining("not a permutation");
  }
}
