package org.recsys4j.core.internal.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.recsys4j.core.kernel.Kernels;

/**
 * Vector API kernels. Loaded reflectively by the kernel provider only when the {@code
 * jdk.incubator.vector} module is present; every method has a scalar twin in {@link ScalarKernels}
 * that the tests compare against.
 */
public final class VectorKernels implements Kernels {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int VL = S.length();

  private final VectorGemm gemm = new VectorGemm(this);

  @Override
  public String name() {
    return "vector-" + S.vectorBitSize();
  }

  @Override
  public float dot(float[] a, int ao, float[] b, int bo, int n) {
    // Four independent accumulators hide the FMA latency (4 cycles) behind its throughput.
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = FloatVector.zero(S);
    FloatVector s2 = FloatVector.zero(S);
    FloatVector s3 = FloatVector.zero(S);
    int i = 0;
    int bound4 = n - 4 * VL;
    for (; i <= bound4; i += 4 * VL) {
      s0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), s0);
      s1 =
          FloatVector.fromArray(S, a, ao + i + VL)
              .fma(FloatVector.fromArray(S, b, bo + i + VL), s1);
      s2 =
          FloatVector.fromArray(S, a, ao + i + 2 * VL)
              .fma(FloatVector.fromArray(S, b, bo + i + 2 * VL), s2);
      s3 =
          FloatVector.fromArray(S, a, ao + i + 3 * VL)
              .fma(FloatVector.fromArray(S, b, bo + i + 3 * VL), s3);
    }
    for (; i <= n - VL; i += VL) {
      s0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), s0);
    }
    float s = sumLanes(s0.add(s1).add(s2.add(s3)));
    for (; i < n; i++) {
      s += a[ao + i] * b[bo + i];
    }
    return s;
  }

  /**
   * The lanes of {@code v} summed in a fixed order. {@code reduceLanes(ADD)} leaves the order of a
   * floating-point sum unspecified, and the C2 intrinsic (a pairwise tree) and the interpreter
   * (lane by lane) do differ: the same dot product came out one ulp apart depending on whether the
   * JIT had compiled the loop yet, so two runs with the same seed could drift apart. Lane
   * extraction and scalar adds in index order give the same bits in every mode, for a few cycles
   * per dot.
   */
  private static float sumLanes(FloatVector v) {
    float s = v.lane(0);
    for (int l = 1; l < VL; l++) {
      s += v.lane(l);
    }
    return s;
  }

  @Override
  public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
    FloatVector va = FloatVector.broadcast(S, alpha);
    int i = 0;
    for (; i <= n - VL; i += VL) {
      FloatVector.fromArray(S, x, xo + i)
          .fma(va, FloatVector.fromArray(S, y, yo + i))
          .intoArray(y, yo + i);
    }
    for (; i < n; i++) {
      // fused like the vector lanes, so an element's result does not depend on where a range
      // was split (element-wise passes split over threads stay bit-identical at any count)
      y[yo + i] = Math.fma(alpha, x[xo + i], y[yo + i]);
    }
  }

  @Override
  public void scale(float alpha, float[] x, int xo, int n) {
    int i = 0;
    for (; i <= n - VL; i += VL) {
      FloatVector.fromArray(S, x, xo + i).mul(alpha).intoArray(x, xo + i);
    }
    for (; i < n; i++) {
      x[xo + i] *= alpha;
    }
  }

  @Override
  public void pairDots(float[] x, int xo, int f, int d, float[] out, int oo, float[] scratch) {
    // Vectorised over j, not over the d components: a dot of 16 values would end in a horizontal
    // sum per pair (half the cost of the op when it was written that way). With the sample's
    // vectors
    // transposed into scratch [d, f], row i of the triangle is sum_t x[i,t] * scratch[t, 0..i), one
    // FMA per component per 8 pairs, and each row of the output is contiguous.
    for (int j = 0; j < f; j++) {
      for (int t = 0; t < d; t++) {
        scratch[t * f + j] = x[xo + j * d + t];
      }
    }
    for (int i = 1; i < f; i++) {
      int row = xo + i * d;
      int o = oo + i * (i - 1) / 2;
      for (int jb = 0; jb < i; jb += VL) {
        var m = S.indexInRange(jb, i);
        FloatVector acc = FloatVector.zero(S);
        for (int t = 0; t < d; t++) {
          acc =
              FloatVector.broadcast(S, x[row + t])
                  .fma(FloatVector.fromArray(S, scratch, t * f + jb, m), acc);
        }
        acc.intoArray(out, o + jb, m);
      }
    }
  }

  @Override
  public void pairDotsBackward(
      float[] x, int xo, int f, int d, float[] g, int go, float[] gx, int gxo) {
    for (int i = 0; i < f; i++) {
      int tri = go + i * (i - 1) / 2; // g(i, j) for j < i: row i of the triangle
      for (int tb = 0; tb < d; tb += VL) {
        FloatVector acc = FloatVector.zero(S);
        int at = gxo + i * d + tb;
        if (tb + VL <= d) { // whole vectors (all of d = 16): no masks in the loops
          for (int j = 0; j < i; j++) {
            acc =
                FloatVector.broadcast(S, g[tri + j])
                    .fma(FloatVector.fromArray(S, x, xo + j * d + tb), acc);
          }
          // g(j, i) for j > i: column i of the triangle, at go + j(j-1)/2 + i
          for (int j = i + 1, gi = go + i * (i + 1) / 2 + i; j < f; gi += j, j++) {
            acc =
                FloatVector.broadcast(S, g[gi])
                    .fma(FloatVector.fromArray(S, x, xo + j * d + tb), acc);
          }
          FloatVector.fromArray(S, gx, at).add(acc).intoArray(gx, at);
        } else {
          var m = S.indexInRange(tb, d);
          for (int j = 0; j < i; j++) {
            acc =
                FloatVector.broadcast(S, g[tri + j])
                    .fma(FloatVector.fromArray(S, x, xo + j * d + tb, m), acc);
          }
          for (int j = i + 1, gi = go + i * (i + 1) / 2 + i; j < f; gi += j, j++) {
            acc =
                FloatVector.broadcast(S, g[gi])
                    .fma(FloatVector.fromArray(S, x, xo + j * d + tb, m), acc);
          }
          FloatVector.fromArray(S, gx, at, m).add(acc).intoArray(gx, at, m);
        }
      }
    }
  }

  @Override
  public void relu(float[] x, int xo, float[] y, int yo, int n) {
    FloatVector zero = FloatVector.zero(S);
    int i = 0;
    for (; i <= n - VL; i += VL) {
      FloatVector.fromArray(S, x, xo + i).max(zero).intoArray(y, yo + i);
    }
    for (; i < n; i++) {
      y[yo + i] = Math.max(x[xo + i], 0f);
    }
  }

  @Override
  public void reluMask(float[] y, int yo, float[] g, int go, int n) {
    FloatVector zero = FloatVector.zero(S);
    int i = 0;
    for (; i <= n - VL; i += VL) {
      // "keep where y > 0", not "clear where y <= 0": the two differ on NaN (a NaN output clears)
      var pass =
          FloatVector.fromArray(S, y, yo + i)
              .compare(jdk.incubator.vector.VectorOperators.GT, zero);
      zero.blend(FloatVector.fromArray(S, g, go + i), pass).intoArray(g, go + i);
    }
    for (; i < n; i++) {
      g[go + i] = y[yo + i] > 0f ? g[go + i] : 0f;
    }
  }

  @Override
  public void gemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      float[] a,
      int ao,
      int lda,
      float[] b,
      int bo,
      int ldb,
      float beta,
      float[] c,
      int co,
      int ldc) {
    gemm.gemm(transA, transB, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
  }

  @Override
  public void spmm(
      int[] rowPtr, int[] cols, float[] vals, float[] x, int d, float[] y, int rowFrom, int rowTo) {
    // Register blocking over the output row: a chunk of 4 vectors stays in registers for the whole
    // sparse row, so each output element is written once and each nnz costs 4 loads + 4 FMAs.
    // Kept separate from spmmRows on purpose: this is the hottest loop of graph training, and it
    // must not depend on the JIT unswitching spmmRows' row-list and mask checks.
    int chunk4 = 4 * VL;
    for (int r = rowFrom; r < rowTo; r++) {
      int start = rowPtr[r];
      int end = rowPtr[r + 1];
      int yo = r * d;
      int c = 0;
      for (; c <= d - chunk4; c += chunk4) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        for (int j = start; j < end; j++) {
          FloatVector w = FloatVector.broadcast(S, vals[j]);
          int xo = cols[j] * d + c;
          a0 = FloatVector.fromArray(S, x, xo).fma(w, a0);
          a1 = FloatVector.fromArray(S, x, xo + VL).fma(w, a1);
          a2 = FloatVector.fromArray(S, x, xo + 2 * VL).fma(w, a2);
          a3 = FloatVector.fromArray(S, x, xo + 3 * VL).fma(w, a3);
        }
        a0.intoArray(y, yo + c);
        a1.intoArray(y, yo + c + VL);
        a2.intoArray(y, yo + c + 2 * VL);
        a3.intoArray(y, yo + c + 3 * VL);
      }
      for (; c <= d - VL; c += VL) {
        FloatVector a0 = FloatVector.zero(S);
        for (int j = start; j < end; j++) {
          a0 =
              FloatVector.fromArray(S, x, cols[j] * d + c)
                  .fma(FloatVector.broadcast(S, vals[j]), a0);
        }
        a0.intoArray(y, yo + c);
      }
      for (; c < d; c++) {
        float s = 0f;
        for (int j = start; j < end; j++) {
          s += vals[j] * x[cols[j] * d + c];
        }
        y[yo + c] = s;
      }
    }
  }

  @Override
  public void spmmRows(
      int[] rowPtr,
      int[] cols,
      float[] vals,
      float[] x,
      int d,
      int[] rows,
      int from,
      int to,
      int[] colMask,
      float[] y,
      int yOff) {
    // The same register blocking as spmm: a 4-vector chunk of the output row stays in registers
    // across the row's non-zeros instead of being loaded and stored per non-zero.
    int chunk4 = 4 * VL;
    for (int t = from; t < to; t++) {
      int r = rows == null ? t : rows[t];
      int start = rowPtr[r];
      int end = rowPtr[r + 1];
      int yo = yOff + (t - from) * d;
      int c = 0;
      for (; c <= d - chunk4; c += chunk4) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        for (int j = start; j < end; j++) {
          int col = cols[j];
          if (colMask != null && colMask[col] < 0) {
            continue;
          }
          FloatVector w = FloatVector.broadcast(S, vals[j]);
          int xo = col * d + c;
          a0 = FloatVector.fromArray(S, x, xo).fma(w, a0);
          a1 = FloatVector.fromArray(S, x, xo + VL).fma(w, a1);
          a2 = FloatVector.fromArray(S, x, xo + 2 * VL).fma(w, a2);
          a3 = FloatVector.fromArray(S, x, xo + 3 * VL).fma(w, a3);
        }
        a0.intoArray(y, yo + c);
        a1.intoArray(y, yo + c + VL);
        a2.intoArray(y, yo + c + 2 * VL);
        a3.intoArray(y, yo + c + 3 * VL);
      }
      for (; c <= d - VL; c += VL) {
        FloatVector a0 = FloatVector.zero(S);
        for (int j = start; j < end; j++) {
          if (colMask != null && colMask[cols[j]] < 0) {
            continue;
          }
          a0 =
              FloatVector.fromArray(S, x, cols[j] * d + c)
                  .fma(FloatVector.broadcast(S, vals[j]), a0);
        }
        a0.intoArray(y, yo + c);
      }
      for (; c < d; c++) {
        float sum = 0f;
        for (int j = start; j < end; j++) {
          if (colMask != null && colMask[cols[j]] < 0) {
            continue;
          }
          sum += vals[j] * x[cols[j] * d + c];
        }
        y[yo + c] = sum;
      }
    }
  }

  // bfloat16 kernels run on 256-bit vectors; narrower machines use the scalar twins.
  private static final boolean BF16_VECTOR = S.vectorBitSize() >= 256;
  private final ScalarKernels scalar = new ScalarKernels();

  @Override
  public void toBf16(float[] src, int so, int[] dst, int doff, int n) {
    if (BF16_VECTOR) {
      VectorBf16.toBf16(src, so, dst, doff, n);
    } else {
      scalar.toBf16(src, so, dst, doff, n);
    }
  }

  @Override
  public void spmmBf16(
      int[] rowPtr, int[] cols, float[] vals, int[] x, int d, int[] y, int rowFrom, int rowTo) {
    if (BF16_VECTOR) {
      VectorBf16.spmm(rowPtr, cols, vals, x, d, y, rowFrom, rowTo);
    } else {
      scalar.spmmBf16(rowPtr, cols, vals, x, d, y, rowFrom, rowTo);
    }
  }

  @Override
  public void spmmBf16Add(
      int[] rowPtr, int[] cols, float[] vals, int[] x, int d, float[] y, int rowFrom, int rowTo) {
    if (BF16_VECTOR) {
      VectorBf16.spmmFloat(rowPtr, cols, vals, x, d, null, rowFrom, rowTo, y, rowFrom * d, true);
    } else {
      scalar.spmmBf16Add(rowPtr, cols, vals, x, d, y, rowFrom, rowTo);
    }
  }

  @Override
  public void spmmRowsBf16(
      int[] rowPtr,
      int[] cols,
      float[] vals,
      int[] x,
      int d,
      int[] rows,
      int from,
      int to,
      float[] y,
      int yOff) {
    if (BF16_VECTOR) {
      VectorBf16.spmmFloat(rowPtr, cols, vals, x, d, rows, from, to, y, yOff, false);
    } else {
      scalar.spmmRowsBf16(rowPtr, cols, vals, x, d, rows, from, to, y, yOff);
    }
  }

  @Override
  public void addBf16(int[] x, int xo, float[] y, int yo, int n) {
    if (BF16_VECTOR) {
      VectorBf16.addBf16(x, xo, y, yo, n);
    } else {
      scalar.addBf16(x, xo, y, yo, n);
    }
  }

  @Override
  public void blockDots(
      float[] q, int d, float[] blocked, int bo, int blocks, float[] out, int oo) {
    // Lanes are items: a multiply-add per value per VL items and no horizontal sum; four
    // accumulators per lane group hide the FMA latency.
    for (int b = 0; b < blocks; b++) {
      int base = bo + b * d * BLOCK;
      for (int j = 0; j < BLOCK; j += VL) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int t = 0;
        for (; t + 4 <= d; t += 4) {
          int at = base + t * BLOCK + j;
          s0 = FloatVector.fromArray(S, blocked, at).fma(FloatVector.broadcast(S, q[t]), s0);
          s1 =
              FloatVector.fromArray(S, blocked, at + BLOCK)
                  .fma(FloatVector.broadcast(S, q[t + 1]), s1);
          s2 =
              FloatVector.fromArray(S, blocked, at + 2 * BLOCK)
                  .fma(FloatVector.broadcast(S, q[t + 2]), s2);
          s3 =
              FloatVector.fromArray(S, blocked, at + 3 * BLOCK)
                  .fma(FloatVector.broadcast(S, q[t + 3]), s3);
        }
        int at = base + t * BLOCK + j;
        if (t < d) {
          s0 = FloatVector.fromArray(S, blocked, at).fma(FloatVector.broadcast(S, q[t]), s0);
        }
        if (t + 1 < d) {
          s1 =
              FloatVector.fromArray(S, blocked, at + BLOCK)
                  .fma(FloatVector.broadcast(S, q[t + 1]), s1);
        }
        if (t + 2 < d) {
          s2 =
              FloatVector.fromArray(S, blocked, at + 2 * BLOCK)
                  .fma(FloatVector.broadcast(S, q[t + 2]), s2);
        }
        s0.add(s1).add(s2.add(s3)).intoArray(out, oo + b * BLOCK + j);
      }
    }
  }

  @Override
  public void gatherRows(
      float[] src, int d, int[] idx, int idxOff, int n, float[] dst, int dstOff) {
    // System.arraycopy is an intrinsic that already uses the widest moves; nothing to gain here.
    for (int i = 0; i < n; i++) {
      System.arraycopy(src, idx[idxOff + i] * d, dst, dstOff + i * d, d);
    }
  }

  @Override
  public void scatterAddRows(
      float[] src, int srcOff, int d, int[] idx, int idxOff, int n, float[] dst) {
    for (int i = 0; i < n; i++) {
      int so = srcOff + i * d;
      int o = idx[idxOff + i] * d;
      int t = 0;
      for (; t <= d - VL; t += VL) {
        FloatVector.fromArray(S, dst, o + t)
            .add(FloatVector.fromArray(S, src, so + t))
            .intoArray(dst, o + t);
      }
      for (; t < d; t++) {
        dst[o + t] += src[so + t];
      }
    }
  }

  @Override
  public void adam(
      float[] p,
      float[] g,
      float[] m,
      float[] v,
      int off,
      int n,
      float lr,
      float b1,
      float b2,
      float eps,
      float bc1,
      float bc2) {
    float c1 = 1f - b1;
    float c2 = 1f - b2;
    float step = lr / bc1;
    float invBc2 = 1f / bc2;
    int i = off;
    int end = off + n;
    for (; i <= end - VL; i += VL) {
      FloatVector gi = FloatVector.fromArray(S, g, i);
      FloatVector mi = FloatVector.fromArray(S, m, i).mul(b1).add(gi.mul(c1));
      FloatVector vi = FloatVector.fromArray(S, v, i).mul(b2).add(gi.mul(gi).mul(c2));
      mi.intoArray(m, i);
      vi.intoArray(v, i);
      FloatVector denom = vi.mul(invBc2).sqrt().add(eps);
      FloatVector.fromArray(S, p, i).sub(mi.mul(step).div(denom)).intoArray(p, i);
    }
    for (; i < end; i++) {
      float gi = g[i];
      float mi = b1 * m[i] + c1 * gi;
      float vi = b2 * v[i] + c2 * gi * gi;
      m[i] = mi;
      v[i] = vi;
      p[i] -= step * mi / ((float) Math.sqrt(vi * invBc2) + eps);
    }
  }
}
