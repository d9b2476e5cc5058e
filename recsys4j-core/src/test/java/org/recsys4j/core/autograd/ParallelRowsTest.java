package org.recsys4j.core.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.ParallelRows;
import org.recsys4j.core.Rng;
import org.recsys4j.core.Tensor;
import org.recsys4j.core.kernel.Kernels;

/**
 * The threaded row passes give bit-identical results at any thread count, equal to a plain loop.
 */
class ParallelRowsTest {
  private final long seed = Long.getLong("test.seed", 29L);

  private static float[] random(Rng r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }

  @Test
  void scatterAddWithRepeatsMatchesSerialLoopAtAnyThreadCount() {
    Rng r = new Rng(seed);
    int d = 33;
    int dstRows = 517;
    int n = 4000; // n * d above the threshold, so the threaded path runs
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i % 7 == 0 ? 3 : r.nextInt(dstRows); // a hot row repeated many times
    }
    float[] src = random(r, n * d + 5);
    float[] base = random(r, dstRows * d + 2);
    float[] expected = base.clone(); // the same kernel, serially in source order
    for (int i = 0; i < n; i++) {
      Kernels.get().axpy(-0.5f, src, 5 + i * d, expected, 2 + idx[i] * d, d);
    }
    for (int threads : new int[] {1, 2, 3}) {
      float[] dst = base.clone();
      try (Parallel par = new Parallel(threads)) {
        ParallelRows.scatterAdd(par, -0.5f, src, 5, d, idx, n, dst, 2, dstRows);
      }
      assertThat(dst).as("threads %d", threads).containsExactly(expected);
    }
  }

  @Test
  void gatherCopyAndAxpyMatchPlainLoops() {
    Rng r = new Rng(seed + 1);
    int d = 17;
    int rows = 300;
    int n = 5000;
    float[] src = random(r, rows * d + 3);
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = r.nextInt(rows);
    }
    float[] x = random(r, n * d);
    float[] y0 = random(r, n * d);
    for (int threads : new int[] {1, 2, 3}) {
      try (Parallel par = new Parallel(threads)) {
        float[] g = new float[n * d];
        ParallelRows.gather(par, src, 3, d, idx, n, g);
        float[] c = new float[n * d];
        ParallelRows.copy(par, x, 0, c, 0, n * d);
        float[] y = y0.clone();
        ParallelRows.axpy(par, 1.5f, x, 0, y, 0, n * d);
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < d; j++) {
            assertThat(g[i * d + j]).isEqualTo(src[3 + idx[i] * d + j]);
          }
        }
        assertThat(c).containsExactly(x);
        float[] expected = y0.clone();
        Kernels.get().axpy(1.5f, x, 0, expected, 0, n * d);
        assertThat(y).containsExactly(expected);
      }
    }
  }

  @Test
  void threadedGatherSliceDotsAndPairwiseLossGiveTheSerialGradients() {
    Rng r = new Rng(seed + 2);
    int rows = 400;
    int d = 64;
    int n = 3000;
    Tensor x = Tensor.of(random(r, rows * d), rows, d);
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = r.nextInt(rows);
    }
    float[][] grads = new float[2][];
    float[] losses = new float[2];
    for (int t = 0; t < 2; t++) {
      try (Parallel par = new Parallel(t + 1)) {
        Tape tape = new Tape(par);
        Variable v = tape.leaf(x);
        Variable g = Sparse.gatherRows(tape, v, ids);
        Variable a = Dense.sliceRows(tape, g, 0, n / 2);
        Variable b = Dense.sliceRows(tape, g, n / 2, n);
        Variable dots = Reductions.rowDot(tape, a, b);
        Variable groups = Reductions.groupRowDot(tape, Dense.sliceRows(tape, g, 0, n / 4), b, 2);
        Variable loss =
            Dense.add(
                tape,
                Reductions.mean(tape, Activations.softplus(tape, dots)),
                Losses.pairwiseSoftplusMean(
                    tape, Dense.sliceRows(tape, dots, 0, n / 4), groups, null));
        Variable reg = Reductions.sumSquares(tape, g);
        Variable total = Dense.linear(tape, loss, 1f, reg, 1e-3f);
        tape.backward(total);
        grads[t] = v.grad().toArray();
        losses[t] = total.item();
      }
    }
    assertThat(losses[1]).isEqualTo(losses[0]);
    assertThat(grads[1]).containsExactly(grads[0]);
  }

  @Test
  void indexedDotsAndWeightedSquaresGiveTheSameBitsAtAnyThreadCount() {
    Rng r = new Rng(seed + 5);
    int rows = 700;
    int d = 64;
    int pairs = 1500;
    int g = 8; // pairs * g above the threshold, so the threaded backward runs
    Tensor x = Tensor.of(random(r, rows * d), rows, d);
    int[] users = new int[pairs];
    int[] items = new int[pairs * g];
    for (int i = 0; i < pairs; i++) {
      users[i] = r.nextInt(100); // repeats, and rows shared with the items below
    }
    for (int i = 0; i < items.length; i++) {
      items[i] = i % 5 == 0 ? 50 : r.nextInt(rows);
    }
    float[] w = random(r, rows);
    float[][] grads = new float[3][];
    float[] losses = new float[3];
    for (int t = 0; t < 3; t++) {
      try (Parallel par = new Parallel(t + 1)) {
        Tape tape = new Tape(par);
        Variable v = tape.leaf(x);
        Variable scores = IndexedDots.groupRowDot(tape, v, users, v, items, g);
        Variable loss =
            Dense.linear(
                tape,
                Reductions.mean(tape, Activations.softplus(tape, scores)),
                1f,
                Reductions.weightedSumSquares(tape, v, w),
                1e-3f);
        tape.backward(loss);
        grads[t] = v.grad().toArray();
        losses[t] = loss.item();
      }
    }
    for (int t = 1; t < 3; t++) {
      assertThat(losses[t]).as("%d threads", t + 1).isEqualTo(losses[0]);
      assertThat(grads[t]).as("%d threads", t + 1).containsExactly(grads[0]);
    }
  }

  @Test
  void threadedMatmulGivesTheSerialValuesAndGradientsForEveryTranspose() {
    Rng r = new Rng(seed + 3);
    int m = 301;
    int k = 64;
    int n = 157; // m * n * k well above the threading threshold; odd sizes split mid-tile
    for (int t = 0; t < 4; t++) {
      boolean ta = (t & 1) != 0;
      boolean tb = (t & 2) != 0;
      Tensor a = ta ? Tensor.of(random(r, k * m), k, m) : Tensor.of(random(r, m * k), m, k);
      Tensor b = tb ? Tensor.of(random(r, n * k), n, k) : Tensor.of(random(r, k * n), k, n);
      Tensor w = Tensor.of(random(r, m * n), m, n);
      float[][] out = new float[3][];
      float[][] ga = new float[3][];
      float[][] gb = new float[3][];
      for (int threads = 1; threads <= 3; threads++) {
        try (Parallel par = new Parallel(threads)) {
          Tape tape = new Tape(par);
          Variable va = tape.leaf(a);
          Variable vb = tape.leaf(b);
          Variable y = Dense.matmul(tape, va, ta, vb, tb);
          tape.backward(Reductions.sum(tape, Dense.mul(tape, y, tape.constant(w))));
          out[threads - 1] = y.value().toArray();
          ga[threads - 1] = va.grad().toArray();
          gb[threads - 1] = vb.grad().toArray();
        }
      }
      for (int i = 1; i < 3; i++) {
        assertThat(out[i])
            .as("matmul ta=%s tb=%s at %d threads", ta, tb, i + 1)
            .containsExactly(out[0]);
        assertThat(ga[i]).as("dA ta=%s tb=%s at %d threads", ta, tb, i + 1).containsExactly(ga[0]);
        assertThat(gb[i]).as("dB ta=%s tb=%s at %d threads", ta, tb, i + 1).containsExactly(gb[0]);
      }
    }
  }

  @Test
  void affineLayersSplitByColumnsGiveTheSerialValuesAndGradients() {
    Rng r = new Rng(seed + 5);
    int rows = 70;
    int in = 150;
    int out =
        203; // several 32-column blocks and a ragged last one, in both the forward and dX products
    Tensor x = Tensor.of(random(r, rows * in), rows, in);
    Tensor w = Tensor.of(random(r, in * out), in, out);
    Tensor bias = Tensor.of(random(r, out), out);
    Tensor probe = Tensor.of(random(r, rows * out), rows, out);
    for (boolean relu : new boolean[] {false, true}) {
      float[][][] got = new float[3][][];
      for (int threads = 1; threads <= 3; threads++) {
        try (Parallel par = new Parallel(threads)) {
          Tape tape = new Tape(par).recycling();
          Variable vx = tape.leaf(x);
          Variable vw = tape.leaf(w);
          Variable vb = tape.leaf(bias);
          Variable y = relu ? Dense.affineRelu(tape, vx, vw, vb) : Dense.affine(tape, vx, vw, vb);
          tape.backward(Reductions.sum(tape, Dense.mul(tape, y, tape.constant(probe))));
          got[threads - 1] =
              new float[][] {
                y.value().toArray(), vx.grad().toArray(), vw.grad().toArray(), vb.grad().toArray()
              };
        }
      }
      for (int t = 1; t < 3; t++) {
        for (int q = 0; q < 4; q++) {
          assertThat(got[t][q])
              .as("relu=%s, output %d at %d threads", relu, q, t + 1)
              .containsExactly(got[0][q]);
        }
      }
    }
  }

  @Test
  void tableGradientWithRepeatsIsTheSameAtAnyThreadCount() {
    Rng r = new Rng(seed + 4);
    int rows = 300;
    int d = 40;
    int n = 5000; // n * d above the threading threshold
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = r.nextInt(rows);
    }
    float[] g = random(r, n * d);
    float[][] dense = new float[3][];
    for (int threads = 1; threads <= 3; threads++) {
      org.recsys4j.core.nn.EmbeddingTable t = new org.recsys4j.core.nn.EmbeddingTable("t", rows, d);
      try (Parallel par = new Parallel(threads)) {
        t.accumulateGrad(ids, 0, n / 2, g, 0, par);
        t.accumulateGrad(ids, n / 2, n - n / 2, g, (n / 2) * d, par);
      }
      dense[threads - 1] = t.denseGrad();
    }
    float[] expected = new float[rows * d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        expected[ids[i] * d + j] += g[i * d + j];
      }
    }
    for (int t = 0; t < 3; t++) {
      assertThat(dense[t]).as("%d threads", t + 1).containsExactly(dense[0]);
      for (int i = 0; i < expected.length; i++) {
        assertThat(dense[t][i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-4f));
      }
    }
  }
}
