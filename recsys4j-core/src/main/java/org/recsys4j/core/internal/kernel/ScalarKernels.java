package org.recsys4j.core.internal.kernel;

import org.recsys4j.core.kernel.Kernels;

/**
 * Plain-Java kernels: the fallback when the Vector API is missing and the oracle that the SIMD
 * kernels are tested against. Loops are written in the cache-friendly order but make no other
 * attempt at speed, so that they are obviously right.
 */
public final class ScalarKernels implements Kernels {

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public float dot(float[] a, int ao, float[] b, int bo, int n) {
    float s = 0f;
    for (int i = 0; i < n; i++) {
      s += a[ao + i] * b[bo + i];
    }
    return s;
  }

  @Override
  public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] += alpha * x[xo + i];
    }
  }

  @Override
  public void scale(float alpha, float[] x, int xo, int n) {
    for (int i = 0; i < n; i++) {
      x[xo + i] *= alpha;
    }
  }

  @Override
  public void pairDots(float[] x, int xo, int f, int d, float[] out, int oo, float[] scratch) {
    int o = oo;
    for (int i = 1; i < f; i++) {
      for (int j = 0; j < i; j++) {
        float s = 0f;
        for (int t = 0; t < d; t++) {
          s = Math.fma(x[xo + i * d + t], x[xo + j * d + t], s);
        }
        out[o++] = s;
      }
    }
  }

  @Override
  public void pairDotsBackward(
      float[] x, int xo, int f, int d, float[] g, int go, float[] gx, int gxo) {
    for (int i = 0; i < f; i++) {
      for (int t = 0; t < d; t++) {
        float s = 0f;
        for (int j = 0; j < f; j++) {
          if (j != i) {
            float w = j < i ? g[go + i * (i - 1) / 2 + j] : g[go + j * (j - 1) / 2 + i];
            s = Math.fma(w, x[xo + j * d + t], s);
          }
        }
        gx[gxo + i * d + t] += s;
      }
    }
  }

  @Override
  public void relu(float[] x, int xo, float[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] = Math.max(x[xo + i], 0f);
    }
  }

  @Override
  public void reluMask(float[] y, int yo, float[] g, int go, int n) {
    for (int i = 0; i < n; i++) {
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
    for (int i = 0; i < m; i++) {
      int crow = co + i * ldc;
      if (beta == 0f) {
        java.util.Arrays.fill(c, crow, crow + n, 0f);
      } else if (beta != 1f) {
        for (int j = 0; j < n; j++) {
          c[crow + j] *= beta;
        }
      }
      for (int p = 0; p < k; p++) {
        float av = alpha * (transA ? a[ao + p * lda + i] : a[ao + i * lda + p]);
        if (av == 0f) {
          continue;
        }
        if (transB) {
          for (int j = 0; j < n; j++) {
            c[crow + j] += av * b[bo + j * ldb + p];
          }
        } else {
          int brow = bo + p * ldb;
          for (int j = 0; j < n; j++) {
            c[crow + j] += av * b[brow + j];
          }
        }
      }
    }
  }

  @Override
  public void spmm(
      int[] rowPtr, int[] cols, float[] vals, float[] x, int d, float[] y, int rowFrom, int rowTo) {
    for (int r = rowFrom; r < rowTo; r++) {
      int yo = r * d;
      java.util.Arrays.fill(y, yo, yo + d, 0f);
      for (int j = rowPtr[r]; j < rowPtr[r + 1]; j++) {
        float w = vals[j];
        int xo = cols[j] * d;
        for (int t = 0; t < d; t++) {
          y[yo + t] += w * x[xo + t];
        }
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
    for (int t = from; t < to; t++) {
      int r = rows == null ? t : rows[t];
      int yo = yOff + (t - from) * d;
      java.util.Arrays.fill(y, yo, yo + d, 0f);
      for (int j = rowPtr[r]; j < rowPtr[r + 1]; j++) {
        if (colMask != null && colMask[cols[j]] < 0) {
          continue;
        }
        float w = vals[j];
        int xo = cols[j] * d;
        for (int c = 0; c < d; c++) {
          y[yo + c] += w * x[xo + c];
        }
      }
    }
  }

  @Override
  public void toBf16(float[] src, int so, int[] dst, int doff, int n) {
    org.recsys4j.core.Bf16.pack(src, so, dst, doff, n);
  }

  /**
   * Row r of A X into acc[0, d): per value, fused multiply-adds in CSR order (the vector kernel's
   * order).
   */
  private static void bf16Row(
      int[] rowPtr, int[] cols, float[] vals, int[] x, int d, int r, float[] acc) {
    java.util.Arrays.fill(acc, 0, d, 0f);
    for (int j = rowPtr[r]; j < rowPtr[r + 1]; j++) {
      float w = vals[j];
      int xo = cols[j] * (d / 2);
      for (int q = 0; q < d; q++) {
        acc[q] = Math.fma(org.recsys4j.core.Bf16.get(x, xo, q), w, acc[q]);
      }
    }
  }

  @Override
  public void spmmBf16(
      int[] rowPtr, int[] cols, float[] vals, int[] x, int d, int[] y, int rowFrom, int rowTo) {
    float[] acc = new float[d];
    for (int r = rowFrom; r < rowTo; r++) {
      bf16Row(rowPtr, cols, vals, x, d, r, acc);
      org.recsys4j.core.Bf16.pack(acc, 0, y, r * (d / 2), d);
    }
  }

  @Override
  public void spmmBf16Add(
      int[] rowPtr, int[] cols, float[] vals, int[] x, int d, float[] y, int rowFrom, int rowTo) {
    float[] acc = new float[d];
    for (int r = rowFrom; r < rowTo; r++) {
      bf16Row(rowPtr, cols, vals, x, d, r, acc);
      for (int q = 0; q < d; q++) {
        y[r * d + q] += acc[q];
      }
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
    float[] acc = new float[d];
    for (int t = from; t < to; t++) {
      bf16Row(rowPtr, cols, vals, x, d, rows[t], acc);
      System.arraycopy(acc, 0, y, yOff + (t - from) * d, d);
    }
  }

  @Override
  public void addBf16(int[] x, int xo, float[] y, int yo, int n) {
    for (int q = 0; q < n; q++) {
      y[yo + q] += org.recsys4j.core.Bf16.get(x, xo, q);
    }
  }

  @Override
  public void blockDots(
      float[] q, int d, float[] blocked, int bo, int blocks, float[] out, int oo) {
    for (int b = 0; b < blocks; b++) {
      int base = bo + b * d * BLOCK;
      for (int j = 0; j < BLOCK; j++) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int t = 0;
        for (; t + 4 <= d; t += 4) {
          s0 = Math.fma(q[t], blocked[base + t * BLOCK + j], s0);
          s1 = Math.fma(q[t + 1], blocked[base + (t + 1) * BLOCK + j], s1);
          s2 = Math.fma(q[t + 2], blocked[base + (t + 2) * BLOCK + j], s2);
          s3 = Math.fma(q[t + 3], blocked[base + (t + 3) * BLOCK + j], s3);
        }
        if (t < d) {
          s0 = Math.fma(q[t], blocked[base + t * BLOCK + j], s0);
        }
        if (t + 1 < d) {
          s1 = Math.fma(q[t + 1], blocked[base + (t + 1) * BLOCK + j], s1);
        }
        if (t + 2 < d) {
          s2 = Math.fma(q[t + 2], blocked[base + (t + 2) * BLOCK + j], s2);
        }
        out[oo + b * BLOCK + j] = (s0 + s1) + (s2 + s3);
      }
    }
  }

  @Override
  public void gatherRows(
      float[] src, int d, int[] idx, int idxOff, int n, float[] dst, int dstOff) {
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
      for (int t = 0; t < d; t++) {
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
    for (int i = off; i < off + n; i++) {
      float gi = g[i];
      float mi = b1 * m[i] + c1 * gi;
      float vi = b2 * v[i] + c2 * gi * gi;
      m[i] = mi;
      v[i] = vi;
      p[i] -= step * mi / ((float) Math.sqrt(vi * invBc2) + eps);
    }
  }
}
