package org.recsys4j.core.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.Rng;
import org.recsys4j.core.kernel.Kernels;

/** Every Vector API kernel agrees with its scalar twin over awkward sizes. */
class VectorKernelsTest {
  private static final int[] SIZES = {0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 127, 129, 1025};
  private final Kernels vec = new VectorKernels();
  private final Kernels sca = new ScalarKernels();
  private final long seed = Long.getLong("test.seed", 20261122L);

  private static float[] rand(Rng r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }

  private static void assertClose(
      float[] exp, float[] act, double tolPerTerm, int terms, String what) {
    assertThat(act).hasSameSizeAs(exp);
    double tol = tolPerTerm * Math.sqrt(Math.max(1, terms)) + 1e-6;
    for (int i = 0; i < exp.length; i++) {
      assertThat((double) act[i])
          .as("%s index %d", what, i)
          .isCloseTo(exp[i], org.assertj.core.data.Offset.offset(tol * (1 + Math.abs(exp[i]))));
    }
  }

  @Test
  void vectorIsSelectedWhenTheModuleIsPresent() {
    // Surefire starts the JVM with --add-modules jdk.incubator.vector: scalar here is a failure.
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
    assertThat(Kernels.get().name()).startsWith("vector");
  }

  @Test
  void dotAxpyScaleMatchScalar() {
    Rng r = new Rng(seed);
    for (int n : SIZES) {
      float[] a = rand(r, n + 3);
      float[] b = rand(r, n + 5);
      float dv = vec.dot(a, 3, b, 5, n);
      float ds = sca.dot(a, 3, b, 5, n);
      assertClose(new float[] {ds}, new float[] {dv}, 1e-6, n, "dot n=" + n);
      float[] y1 = rand(r, n + 2);
      float[] y2 = y1.clone();
      vec.axpy(0.7f, a, 3, y1, 2, n);
      sca.axpy(0.7f, a, 3, y2, 2, n);
      assertClose(y2, y1, 1e-6, 1, "axpy n=" + n);
      vec.scale(-1.3f, y1, 1, n);
      sca.scale(-1.3f, y2, 1, n);
      assertClose(y2, y1, 1e-6, 1, "scale n=" + n);
    }
  }

  /**
   * The vector dot's defined order: 4 lane-wise FMA accumulators, combined (s0+s1)+(s2+s3), lanes
   * in index order, scalar tail.
   */
  private static float definedOrderDot(float[] a, int ao, float[] b, int bo, int n) {
    int vl = VectorKernels.VL;
    float[][] acc = new float[4][vl];
    int i = 0;
    for (; i <= n - 4 * vl; i += 4 * vl) {
      for (int k = 0; k < 4; k++) {
        for (int l = 0; l < vl; l++) {
          acc[k][l] = Math.fma(a[ao + i + k * vl + l], b[bo + i + k * vl + l], acc[k][l]);
        }
      }
    }
    for (; i <= n - vl; i += vl) {
      for (int l = 0; l < vl; l++) {
        acc[0][l] = Math.fma(a[ao + i + l], b[bo + i + l], acc[0][l]);
      }
    }
    float s = 0;
    for (int l = 0; l < vl; l++) {
      float lane = (acc[0][l] + acc[1][l]) + (acc[2][l] + acc[3][l]);
      s = l == 0 ? lane : s + lane;
    }
    for (; i < n; i++) {
      s += a[ao + i] * b[bo + i];
    }
    return s;
  }

  @Test
  void dotGivesTheSameBitsInterpretedAndCompiled() {
    // reduceLanes(ADD) once made the first calls (interpreted) and later ones (C2) differ by an
    // ulp.
    Rng r = new Rng(seed + 9);
    for (int n : SIZES) {
      float[] a = rand(r, n + 3);
      float[] b = rand(r, n + 5);
      float expected = definedOrderDot(a, 3, b, 5, n);
      assertThat(vec.dot(a, 3, b, 5, n)).as("first call, n=%d", n).isEqualTo(expected);
      float last = 0;
      for (int rep = 0; rep < 50_000; rep++) { // long enough for the JIT to compile the loop
        last = vec.dot(a, 3, b, 5, n);
      }
      assertThat(last).as("after warm-up, n=%d", n).isEqualTo(expected);
    }
  }

  @Test
  void gemmMatchesScalarForAllTransposesAndAwkwardShapes() {
    Rng r = new Rng(seed + 1);
    int[][] shapes = {
      {1, 1, 1},
      {7, 9, 5},
      {17, 33, 13},
      {4, 16, 1},
      {129, 31, 64},
      {5, 1, 300},
      {1, 33, 17},
      {1, 1, 40},
      {33, 129, 257},
      {0, 4, 4},
      {3, 3, 0},
      // widths that are multiples of 16 with few rows: B read in place (several k blocks, ragged
      // row strips)
      {37, 32, 300},
      {256, 48, 17},
      {6, 4096 + 16, 3},
      {257, 16, 5}
    };
    for (int[] s : shapes) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      for (int t = 0; t < 4; t++) {
        boolean ta = (t & 1) != 0;
        boolean tb = (t & 2) != 0;
        int lda = (ta ? m : k) + 2;
        int ldb = (tb ? k : n) + 1;
        int ldc = n + 3;
        float[] a = rand(r, (ta ? k : m) * lda + 4);
        float[] b = rand(r, (tb ? n : k) * ldb + 4);
        float[] c1 = rand(r, m * ldc + 2);
        float[] c2 = c1.clone();
        float beta = (t == 3) ? 0f : 0.5f;
        vec.gemm(ta, tb, m, n, k, 1.5f, a, 4, lda, b, 4, ldb, beta, c1, 2, ldc);
        sca.gemm(ta, tb, m, n, k, 1.5f, a, 4, lda, b, 4, ldb, beta, c2, 2, ldc);
        assertClose(c2, c1, 2e-6, k, "gemm " + m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb);
      }
    }
  }

  @Test
  void spmmMatchesScalar() {
    Rng r = new Rng(seed + 2);
    for (int d : SIZES) {
      int rows = 37;
      int cols = 23;
      int[] ptr = new int[rows + 1];
      int[] idx = new int[rows * 9];
      float[] val = new float[rows * 9];
      int nnz = 0;
      for (int i = 0; i < rows; i++) {
        int deg = r.nextInt(9);
        for (int j = 0; j < deg; j++) {
          idx[nnz] = r.nextInt(cols);
          val[nnz++] = (float) r.nextGaussian();
        }
        ptr[i + 1] = nnz;
      }
      float[] x = rand(r, cols * d);
      float[] y1 = rand(r, rows * d);
      float[] y2 = y1.clone();
      vec.spmm(ptr, idx, val, x, d, y1, 3, rows);
      sca.spmm(ptr, idx, val, x, d, y2, 3, rows);
      assertClose(y2, y1, 1e-6, 9, "spmm d=" + d);
    }
  }

  @Test
  void spmmRowsWithListAndMaskMatchesScalarAndFullSpmm() {
    Rng r = new Rng(seed + 4);
    for (int d : SIZES) {
      int n = 29;
      int[] ptr = new int[n + 1];
      int[] idx = new int[n * 7];
      float[] val = new float[n * 7];
      int nnz = 0;
      for (int i = 0; i < n; i++) {
        int deg = r.nextInt(7);
        for (int j = 0; j < deg; j++) {
          idx[nnz] = r.nextInt(n);
          val[nnz++] = (float) r.nextGaussian();
        }
        ptr[i + 1] = nnz;
      }
      float[] x = rand(r, n * d);
      int[] mask = new int[n];
      for (int i = 0; i < n; i++) {
        mask[i] = r.nextInt(3) == 0 ? -1 : i;
        if (mask[i] < 0) {
          java.util.Arrays.fill(x, i * d, (i + 1) * d, 0f); // masked rows of x are zero by contract
        }
      }
      int[] rows = {4, 0, 28, 4, 13};
      float[] y1 = new float[(rows.length - 1) * d + 3];
      float[] y2 = new float[(rows.length - 1) * d + 3];
      vec.spmmRows(ptr, idx, val, x, d, rows, 1, rows.length, mask, y1, 3);
      sca.spmmRows(ptr, idx, val, x, d, rows, 1, rows.length, mask, y2, 3);
      assertClose(y2, y1, 1e-6, 7, "spmmRows d=" + d);
      float[] full = new float[n * d];
      sca.spmm(ptr, idx, val, x, d, full, 0, n);
      for (int t = 1; t < rows.length; t++) {
        for (int c = 0; c < d; c++) {
          assertThat((double) y1[3 + (t - 1) * d + c])
              .isCloseTo(
                  full[rows[t] * d + c],
                  org.assertj.core.data.Offset.offset(
                      1e-4 * (1 + Math.abs(full[rows[t] * d + c]))));
        }
      }
      float[] y3 = new float[n * d];
      vec.spmmRows(ptr, idx, val, x, d, null, 0, n, null, y3, 0);
      assertClose(full, y3, 1e-6, 7, "spmmRows all rows d=" + d);
    }
  }

  @Test
  void pairDotsAndBackwardMatchScalarExactly() {
    Rng r = new Rng(seed + 5);
    int[][] shapes = {{2, 1}, {3, 4}, {9, 7}, {10, 8}, {17, 16}, {27, 16}, {27, 17}, {5, 33}};
    for (int[] fd : shapes) {
      int f = fd[0];
      int d = fd[1];
      int pairs = f * (f - 1) / 2;
      float[] x = rand(r, f * d + 3);
      float[] o1 = new float[pairs + 2];
      float[] o2 = new float[pairs + 2];
      vec.pairDots(x, 3, f, d, o1, 2, new float[f * d]);
      sca.pairDots(x, 3, f, d, o2, 2, new float[f * d]);
      assertThat(o1).as("pairDots f=%d d=%d", f, d).containsExactly(o2);
      // against the definition, in doubles
      int o = 2;
      for (int i = 1; i < f; i++) {
        for (int j = 0; j < i; j++) {
          double s = 0;
          for (int t = 0; t < d; t++) {
            s += (double) x[3 + i * d + t] * x[3 + j * d + t];
          }
          assertThat((double) o2[o++])
              .isCloseTo(s, org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(s))));
        }
      }
      float[] g = rand(r, pairs + 1);
      float[] gx1 = rand(r, f * d + 2);
      float[] gx2 = gx1.clone();
      float[] before = gx1.clone();
      vec.pairDotsBackward(x, 3, f, d, g, 1, gx1, 2);
      sca.pairDotsBackward(x, 3, f, d, g, 1, gx2, 2);
      assertThat(gx1).as("pairDotsBackward f=%d d=%d", f, d).containsExactly(gx2);
      for (int i = 0; i < f; i++) { // gx[i] - before = sum_{j != i} g(i,j) x_j
        for (int t = 0; t < d; t++) {
          double s = 0;
          for (int j = 0; j < f; j++) {
            if (j != i) {
              s +=
                  (double) (j < i ? g[1 + i * (i - 1) / 2 + j] : g[1 + j * (j - 1) / 2 + i])
                      * x[3 + j * d + t];
            }
          }
          assertThat((double) gx2[2 + i * d + t] - before[2 + i * d + t])
              .isCloseTo(s, org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(s))));
        }
      }
    }
  }

  @Test
  void reluAndItsMaskMatchScalarExactly() {
    Rng r = new Rng(seed + 4);
    for (int n : SIZES) {
      float[] x = rand(r, n + 3);
      x[0] = -0f;
      if (n > 2) {
        x[2] = 0f;
        x[1] = Float.NaN; // max(NaN, 0) is NaN in both: a NaN activation must not turn into a zero
      }
      float[] y1 = new float[n + 3];
      float[] y2 = new float[n + 3];
      vec.relu(x, 1, y1, 2, n);
      sca.relu(x, 1, y2, 2, n);
      assertThat(y1).as("relu n=%d", n).containsExactly(y2);
      float[] g1 = rand(r, n + 1);
      float[] g2 = g1.clone();
      vec.reluMask(y1, 2, g1, 1, n);
      sca.reluMask(y2, 2, g2, 1, n);
      assertThat(g1).as("reluMask n=%d", n).containsExactly(g2);
      for (int i = 0; i < n; i++) {
        assertThat(g2[1 + i] == 0f || y2[2 + i] > 0f)
            .as("gradient passes only where the output is positive")
            .isTrue();
      }
      float[] inPlace = x.clone();
      vec.relu(inPlace, 1, inPlace, 1, n);
      for (int i = 0; i < n; i++) {
        assertThat(Float.floatToRawIntBits(inPlace[1 + i]))
            .isEqualTo(Float.floatToRawIntBits(y2[2 + i]));
      }
    }
  }

  @Test
  void blockDotsMatchScalarExactlyAndEachItemsDotProduct() {
    Rng r = new Rng(seed + 11);
    for (int d : new int[] {1, 2, 3, 4, 5, 7, 16, 33, 64, 100}) {
      int blocks = 3;
      int bo = 7;
      float[] q = rand(r, d);
      float[] blocked = rand(r, bo + blocks * d * Kernels.BLOCK);
      float[] v = new float[5 + blocks * Kernels.BLOCK];
      float[] s = new float[5 + blocks * Kernels.BLOCK];
      vec.blockDots(q, d, blocked, bo, blocks, v, 5);
      sca.blockDots(q, d, blocked, bo, blocks, s, 5);
      assertThat(v).as("d=" + d).containsExactly(s);
      for (int item = 0; item < blocks * Kernels.BLOCK; item++) {
        int b = item / Kernels.BLOCK;
        int j = item % Kernels.BLOCK;
        double exact = 0;
        for (int t = 0; t < d; t++) {
          exact += (double) q[t] * blocked[bo + (b * d + t) * Kernels.BLOCK + j];
        }
        assertThat((double) v[5 + item])
            .as("d=%d item %d", d, item)
            .isCloseTo(exact, within(1e-5 * Math.max(1, d)));
      }
    }
  }

  @Test
  void gatherScatterAndAdamMatchScalar() {
    Rng r = new Rng(seed + 3);
    for (int d : SIZES) {
      int rows = 11;
      float[] src = rand(r, rows * d);
      int[] idx = {3, 0, 10, 3, 7};
      float[] g1 = new float[idx.length * d + 5];
      float[] g2 = new float[idx.length * d + 5];
      vec.gatherRows(src, d, idx, 1, 4, g1, 5);
      sca.gatherRows(src, d, idx, 1, 4, g2, 5);
      assertThat(g1).containsExactly(g2);
      float[] dst1 = rand(r, rows * d);
      float[] dst2 = dst1.clone();
      vec.scatterAddRows(g1, 5, d, idx, 0, 4, dst1);
      sca.scatterAddRows(g1, 5, d, idx, 0, 4, dst2);
      assertClose(dst2, dst1, 1e-6, 2, "scatter d=" + d);
      float[] p1 = rand(r, d + 2);
      float[] p2 = p1.clone();
      float[] g = rand(r, d + 2);
      float[] m1 = rand(r, d + 2);
      float[] m2 = m1.clone();
      float[] v1 = new float[d + 2];
      for (int i = 0; i < v1.length; i++) {
        v1[i] = r.nextFloat();
      }
      float[] v2 = v1.clone();
      vec.adam(p1, g, m1, v1, 1, d, 0.01f, 0.9f, 0.999f, 1e-8f, 0.1f, 0.01f);
      sca.adam(p2, g, m2, v2, 1, d, 0.01f, 0.9f, 0.999f, 1e-8f, 0.1f, 0.01f);
      assertClose(p2, p1, 1e-6, 1, "adam p d=" + d);
      assertClose(m2, m1, 1e-6, 1, "adam m d=" + d);
      assertClose(v2, v1, 1e-6, 1, "adam v d=" + d);
    }
  }
}
