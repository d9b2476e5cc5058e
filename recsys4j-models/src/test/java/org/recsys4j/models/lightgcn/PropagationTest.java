package org.recsys4j.models.lightgcn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.CsrMatrix;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.Rng;
import org.recsys4j.core.Tensor;
import org.recsys4j.core.autograd.Dense;
import org.recsys4j.core.autograd.Reductions;
import org.recsys4j.core.autograd.Sparse;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.data.Interactions;
import org.recsys4j.data.graph.BipartiteGraph;

/** The fused LightGCN propagation equals the unfused tape composition, values and gradients. */
class PropagationTest {
  private final long seed = Long.getLong("test.seed", 5L);

  private static CsrMatrix graph(Rng r, int users, int items) {
    int[] us = new int[users * 4];
    int[] is = new int[users * 4];
    int n = 0;
    for (int u = 0; u < users; u++) {
      boolean[] used = new boolean[items];
      for (int j = 0; j < 4; j++) {
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

  /** sum(W * mean_k(A^k E0)[rows]) built from generic ops. */
  private static Variable naive(Tape tape, CsrMatrix a, Variable e0, int layers, int[] rows) {
    Variable acc = e0;
    Variable cur = e0;
    for (int k = 1; k <= layers; k++) {
      cur = Sparse.spmm(tape, a, a, cur);
      acc = Dense.add(tape, acc, cur);
    }
    return Sparse.gatherRows(tape, Dense.scale(tape, acc, 1f / (layers + 1)), rows);
  }

  @Test
  void fusedMatchesNaiveForwardAndBackward() {
    Rng r = new Rng(seed);
    int users = 9;
    int items = 7;
    int d = 5;
    CsrMatrix a = graph(r, users, items);
    int n = users + items;
    int[] few = {0, 3, 3, users + 2, users + 6, 8, users};
    int[] all = new int[2 * n];
    for (int i = 0; i < all.length; i++) {
      all[i] = (i * 7) % n;
    }
    // denseShare 0 forces the dense-SpMM paths, infinity the per-row paths
    for (double share : new double[] {0, Double.POSITIVE_INFINITY})
      for (int[] rows : new int[][] {few, all})
        for (int layers = 0; layers <= 4; layers++) {
          float[] e0 = gaussian(r, n * d);
          float[] w = gaussian(r, rows.length * d);
          try (Parallel par = new Parallel(2)) {
            Tape t1 = new Tape(par);
            Variable x1 = t1.leaf(Tensor.of(e0.clone(), n, d));
            Propagation prop = new Propagation(a, d, layers);
            prop.denseShare = share;
            Variable f1 = prop.finalRows(t1, x1, rows);
            t1.backward(
                Reductions.sum(t1, Dense.mul(t1, f1, t1.constant(Tensor.of(w, rows.length, d)))));
            Tape t2 = new Tape();
            Variable x2 = t2.leaf(Tensor.of(e0.clone(), n, d));
            Variable f2 = naive(t2, a, x2, layers, rows);
            t2.backward(
                Reductions.sum(t2, Dense.mul(t2, f2, t2.constant(Tensor.of(w, rows.length, d)))));
            float[] v1 = f1.value().toArray();
            float[] v2 = f2.value().toArray();
            for (int i = 0; i < v1.length; i++) {
              assertThat(v1[i])
                  .as("layers %d value %d (seed %d)", layers, i, seed)
                  .isCloseTo(v2[i], offset(1e-5f));
            }
            float[] g1 = x1.grad().toArray();
            float[] g2 = x2.grad().toArray();
            for (int i = 0; i < g1.length; i++) {
              assertThat(g1[i])
                  .as("layers %d grad %d (seed %d)", layers, i, seed)
                  .isCloseTo(g2[i], offset(1e-5f));
            }
            // full() for scoring agrees with the row-wise forward
            float[] full = new float[n * d];
            new Propagation(a, d, layers).full(par, e0, full);
            for (int i = 0; i < rows.length; i++) {
              for (int j = 0; j < d; j++) {
                assertThat(full[rows[i] * d + j]).isCloseTo(v2[i * d + j], offset(1e-5f));
              }
            }
          }
        }
  }

  @Test
  void repeatedStepsReuseBuffersCleanly() {
    // A second backward on the same op must not see the first step's scratch rows.
    Rng r = new Rng(seed + 1);
    CsrMatrix a = graph(r, 6, 5);
    int n = 11;
    int d = 3;
    Propagation p = new Propagation(a, d, 3);
    float[] e0 = gaussian(r, n * d);
    float[][] grads = new float[2][];
    for (int rep = 0; rep < 2; rep++) {
      Tape t = new Tape();
      Variable x = t.leaf(Tensor.of(e0, n, d));
      t.backward(Reductions.sum(t, p.finalRows(t, x, new int[] {1, 7, 1})));
      grads[rep] = x.grad().toArray();
    }
    assertThat(grads[1]).containsExactly(grads[0]);
  }

  @Test
  void bf16PropagationAgreesWithFloatWithinRoundingAndRepeatsCleanly() {
    Rng r = new Rng(seed + 2);
    int users = 40;
    int items = 30;
    int d = 32;
    CsrMatrix a = graph(r, users, items);
    int n = users + items;
    int[] rows = {0, 3, 3, users + 2, users + 29, 17, users, 39};
    // denseShare 0 forces the dense paths (the backward's first term in bf16 too), infinity the
    // per-row ones
    for (double share : new double[] {0, Double.POSITIVE_INFINITY})
      for (int layers = 0; layers <= 4; layers++) {
        float[] e0 = gaussian(r, n * d);
        float[] w = gaussian(r, rows.length * d);
        float[][] values = new float[2][];
        float[][] grads = new float[2][];
        try (Parallel par = new Parallel(2)) {
          Propagation bf = new Propagation(a, d, layers, true);
          bf.denseShare = share;
          for (int mode = 0; mode < 2; mode++) {
            Propagation p = mode == 0 ? new Propagation(a, d, layers) : bf;
            Tape t = new Tape(par);
            Variable x = t.leaf(Tensor.of(e0.clone(), n, d));
            Variable f = p.finalRows(t, x, rows);
            t.backward(
                Reductions.sum(t, Dense.mul(t, f, t.constant(Tensor.of(w, rows.length, d)))));
            values[mode] = f.value().toArray();
            grads[mode] = x.grad().toArray();
          }
          // Relative to the largest magnitude: each stored layer value carries at most 2^-8
          // relative error
          // and a sum of K such terms a little more; a bug (a wrong row, a missed layer) is off by
          // O(1).
          assertCloseRelative(
              values[1], values[0], 0.02, "share " + share + " layers " + layers + " values");
          assertCloseRelative(
              grads[1], grads[0], 0.02, "share " + share + " layers " + layers + " gradient");
          if (layers >= 1) { // and it is the bf16 path that ran: its values are rounded
            assertThat(values[1]).as("layers %d", layers).isNotEqualTo(values[0]);
          }
          // a second step on the same bf16 op gives the same bits (its scratch rows were cleared)
          Tape t = new Tape(par);
          Variable x = t.leaf(Tensor.of(e0.clone(), n, d));
          Variable f = bf.finalRows(t, x, rows);
          t.backward(Reductions.sum(t, Dense.mul(t, f, t.constant(Tensor.of(w, rows.length, d)))));
          assertThat(f.value().toArray()).containsExactly(values[1]);
          assertThat(x.grad().toArray()).containsExactly(grads[1]);
        }
      }
  }

  private static void assertCloseRelative(float[] act, float[] exp, double rel, String what) {
    double scale = 0;
    for (float v : exp) {
      scale = Math.max(scale, Math.abs(v));
    }
    double maxErr = 0;
    for (int i = 0; i < exp.length; i++) {
      maxErr = Math.max(maxErr, Math.abs(act[i] - exp[i]));
    }
    assertThat(maxErr)
        .as("%s: max error against a scale of %f", what, scale)
        .isLessThanOrEqualTo(rel * scale);
  }

  private static float[] gaussian(Rng r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }
}
