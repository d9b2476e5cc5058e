package org.recsys4j.models.lightgcn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.CsrMatrix;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.Rng;
import org.recsys4j.data.Interactions;
import org.recsys4j.data.graph.BipartiteGraph;

/** The internal node order is invisible: scores equal a naive canonical-order LightGCN. */
class LightGcnOrderingTest {
  private final long seed = Long.getLong("test.seed", 21L);

  @Test
  void scoresMatchCanonicalComputationFromExportedWeights() {
    Rng r = new Rng(seed);
    int users = 23;
    int items = 17;
    int[] us = new int[users * 5];
    int[] is = new int[users * 5];
    int n = 0;
    for (int u = 0; u < users; u++) {
      boolean[] used = new boolean[items];
      for (int j = 0; j < 5; j++) {
        int it = r.nextInt(items);
        if (!used[it]) {
          used[it] = true;
          us[n] = u;
          is[n++] = it;
        }
      }
    }
    Interactions train = Interactions.fromPairs(users, items, us, is, n);
    int d = 6;
    LightGcn model = new LightGcn(new LightGcnConfig(d, 2, 1e-4f, 0.5f), train, seed);
    model.prepareForScoring(Parallel.serial());
    float[] e0 = model.exportWeights().get("ego_embedding").floats();
    CsrMatrix a = BipartiteGraph.normalizedAdjacency(train);
    int nodes = users + items;
    float[] dense = a.toDense();
    double[] f = new double[nodes * d];
    double[] cur = new double[nodes * d];
    for (int i = 0; i < cur.length; i++) {
      cur[i] = e0[i];
      f[i] = e0[i];
    }
    for (int k = 1; k <= 2; k++) {
      double[] next = new double[nodes * d];
      for (int i = 0; i < nodes; i++) {
        for (int j = 0; j < nodes; j++) {
          double w = dense[i * nodes + j];
          for (int t = 0; w != 0 && t < d; t++) {
            next[i * d + t] += w * cur[j * d + t];
          }
        }
      }
      cur = next;
      for (int i = 0; i < f.length; i++) {
        f[i] += cur[i];
      }
    }
    for (int u = 0; u < users; u++) {
      float[] s = model.scores(u);
      for (int i = 0; i < items; i++) {
        double expect = 0;
        for (int t = 0; t < d; t++) {
          expect += (f[u * d + t] / 3) * (f[(users + i) * d + t] / 3);
        }
        assertThat((double) s[i])
            .as("user %d item %d (seed %d)", u, i, seed)
            .isCloseTo(expect, offset(1e-5));
      }
    }
    // loading the exported weights into a differently seeded model reproduces the scores exactly
    LightGcn other = new LightGcn(new LightGcnConfig(d, 2, 1e-4f, 0.5f), train, seed + 99);
    other.loadWeights(model.exportWeights());
    other.prepareForScoring(Parallel.serial());
    assertThat(other.scores(3)).containsExactly(model.scores(3));
  }
}
