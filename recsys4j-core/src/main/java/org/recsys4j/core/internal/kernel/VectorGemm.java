package org.recsys4j.core.internal.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packed, register-blocked single-precision GEMM in the BLIS structure: a {@code KC x NC} panel of
 * B is packed once per (jc, pc) block and stays in L3, an {@code MC x KC} panel of A is packed into
 * L2, and a {@code MR x NR} microkernel with {@code NR = 2} vectors keeps its 8 accumulators in
 * registers. MR=4 was measured (DESIGN.md) to beat 6 rows, which spilled registers under
 * ParallelGC.
 *
 * <p>Pack buffers are cached per thread because GEMMs are called on every training step and zeroing
 * a fresh megabyte each call costs as much as a small product.
 */
final class VectorGemm {
  private static final VectorSpecies<Float> S = VectorKernels.S;
  private static final int VL = VectorKernels.VL;
  static final int MR = 4;
  static final int NR = 2 * VL;
  private static final int KC = 256;
  private static final int MC = 128;
  private static final int NC = 4096;

  private final VectorKernels vec;

  VectorGemm(VectorKernels vec) {
    this.vec = vec;
  }

  // Packing buffers per thread, grown to the largest blocks the thread has packed rather than
  // allocated at their 4 MB maximum: a server runs many request threads whose products are small
  // (a ranker's [500 x 82] x [82 x 82]), and full-size buffers per thread made most of its heap.
  private static final ThreadLocal<float[][]> BUFFERS =
      ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0], new float[MR * NR]});

  /** This thread's buffers, grown to hold packed blocks of {@code m x k} and {@code k x n}. */
  private static float[][] buffers(int m, int n, int k) {
    float[][] bufs = BUFFERS.get();
    int kc = Math.min(KC, k);
    int aNeed = (Math.min(MC, m) + MR - 1) / MR * MR * kc;
    int bNeed = (Math.min(NC, n) + NR - 1) / NR * NR * kc;
    if (bufs[0].length < aNeed) {
      bufs[0] = new float[aNeed];
    }
    if (bufs[1].length < bNeed) {
      bufs[1] = new float[bNeed];
    }
    return bufs;
  }

  void gemm(
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
    if (m == 0 || n == 0) {
      return;
    }
    applyBeta(m, n, beta, c, co, ldc);
    if (k == 0 || alpha == 0f) {
      return;
    }
    if (n == 1 || m == 1) {
      // Matrix-vector shapes (an output layer, one user's scores): the packed microkernel would
      // waste NR-1 of its NR columns, so use dot products / axpys on contiguous rows instead.
      gemv(transA, transB, m, n, k, alpha, a, ao, lda, b, bo, ldb, c, co, ldc);
      return;
    }
    float[][] bufs = buffers(m, n, k);
    float[] ap = bufs[0];
    float[] bp = bufs[1];
    float[] tile = bufs[2];
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        packB(transB, b, bo, ldb, pc, kc, jc, nc, bp);
        for (int ic = 0; ic < m; ic += MC) {
          int mc = Math.min(MC, m - ic);
          packA(transA, a, ao, lda, ic, mc, pc, kc, ap);
          for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bOff = (jr / NR) * kc * NR;
            for (int ir = 0; ir < mc; ir += MR) {
              int mr = Math.min(MR, mc - ir);
              int aOff = (ir / MR) * kc * MR;
              int cOff = co + (ic + ir) * ldc + jc + jr;
              if (mr == MR && nr == NR) {
                micro(kc, alpha, ap, aOff, bp, bOff, c, cOff, ldc);
              } else {
                microEdge(kc, alpha, ap, aOff, bp, bOff, c, cOff, ldc, mr, nr, tile);
              }
            }
          }
        }
      }
    }
  }

  /** C (m x 1 or 1 x n) += alpha op(A) op(B); beta was already applied. */
  private void gemv(
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
      float[] c,
      int co,
      int ldc) {
    VectorKernels kern = vec;
    if (n == 1) {
      // column vector op(B)[:, 0]: contiguous when B is stored transposed (1 x k)
      float[] x = transB ? b : strided(b, bo, ldb, k);
      int xo = transB ? bo : 0;
      if (!transA) {
        for (int i = 0; i < m; i++) {
          c[co + i * ldc] += alpha * kern.dot(a, ao + i * lda, x, xo, k);
        }
      } else {
        float[] y = new float[m];
        for (int p = 0; p < k; p++) {
          kern.axpy(x[xo + p], a, ao + p * lda, y, 0, m);
        }
        for (int i = 0; i < m; i++) {
          c[co + i * ldc] += alpha * y[i];
        }
      }
      return;
    }
    // m == 1: row vector op(A)[0, :], contiguous unless A is stored transposed (k x 1)
    float[] x = transA ? strided(a, ao, lda, k) : a;
    int xo = transA ? 0 : ao;
    if (transB) {
      for (int j = 0; j < n; j++) {
        c[co + j] += alpha * kern.dot(b, bo + j * ldb, x, xo, k);
      }
    } else {
      for (int p = 0; p < k; p++) {
        kern.axpy(alpha * x[xo + p], b, bo + p * ldb, c, co, n);
      }
    }
  }

  /** Copies k values at stride {@code ld} into a contiguous array. */
  private static float[] strided(float[] src, int off, int ld, int k) {
    float[] x = new float[k];
    for (int p = 0; p < k; p++) {
      x[p] = src[off + p * ld];
    }
    return x;
  }

  private static void applyBeta(int m, int n, float beta, float[] c, int co, int ldc) {
    if (beta == 1f) {
      return;
    }
    for (int i = 0; i < m; i++) {
      int row = co + i * ldc;
      if (beta == 0f) {
        java.util.Arrays.fill(c, row, row + n, 0f);
      } else {
        for (int j = 0; j < n; j++) {
          c[row + j] *= beta;
        }
      }
    }
  }

  /** Packs op(A)[ic:ic+mc, pc:pc+kc] as strips of MR rows, each stored k-major, zero padded. */
  private static void packA(
      boolean transA, float[] a, int ao, int lda, int ic, int mc, int pc, int kc, float[] ap) {
    int dst = 0;
    for (int ir = 0; ir < mc; ir += MR) {
      int mr = Math.min(MR, mc - ir);
      if (mr == MR && !transA) {
        // Full strips without per-element branches (packing was a quarter of the GEMM time on the
        // thin shapes of MLP weight gradients): four source rows read side by side.
        int r0 = ao + (ic + ir) * lda + pc;
        int r1 = r0 + lda;
        int r2 = r1 + lda;
        int r3 = r2 + lda;
        for (int p = 0; p < kc; p++) {
          ap[dst] = a[r0 + p];
          ap[dst + 1] = a[r1 + p];
          ap[dst + 2] = a[r2 + p];
          ap[dst + 3] = a[r3 + p];
          dst += MR;
        }
        continue;
      }
      if (mr == MR) {
        // op(A) = stored A^T: the MR values of a strip column are adjacent in memory.
        int src = ao + pc * lda + ic + ir;
        for (int p = 0; p < kc; p++) {
          System.arraycopy(a, src, ap, dst, MR);
          src += lda;
          dst += MR;
        }
        continue;
      }
      for (int p = 0; p < kc; p++) {
        for (int r = 0; r < MR; r++) {
          float val = 0f;
          if (r < mr) {
            int row = ic + ir + r;
            int col = pc + p;
            val = transA ? a[ao + col * lda + row] : a[ao + row * lda + col];
          }
          ap[dst++] = val;
        }
      }
    }
  }

  /** Packs op(B)[pc:pc+kc, jc:jc+nc] as strips of NR columns, each stored k-major, zero padded. */
  private static void packB(
      boolean transB, float[] b, int bo, int ldb, int pc, int kc, int jc, int nc, float[] bp) {
    if (!transB) {
      // Row by row: each row of B is read once, front to back, and its full strips are moved as two
      // vectors (System.arraycopy of 16 floats is a stub call per strip row; the forward pass packs
      // every weight matrix this way on every step).
      int full = nc / NR * NR;
      for (int p = 0; p < kc; p++) {
        int src = bo + (pc + p) * ldb + jc;
        int dst = p * NR;
        for (int jr = 0; jr < full; jr += NR, dst += kc * NR) {
          FloatVector.fromArray(S, b, src + jr).intoArray(bp, dst);
          FloatVector.fromArray(S, b, src + jr + VL).intoArray(bp, dst + VL);
        }
        if (full < nc) {
          System.arraycopy(b, src + full, bp, dst, nc - full);
          java.util.Arrays.fill(bp, dst + nc - full, dst + NR, 0f);
        }
      }
      return;
    }
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      int base = (jr / NR) * kc * NR;
      for (int j = 0; j < NR; j++) {
        if (j < nr) {
          int src = bo + (jc + jr + j) * ldb + pc;
          for (int p = 0; p < kc; p++) {
            bp[base + p * NR + j] = b[src + p];
          }
        } else {
          for (int p = 0; p < kc; p++) {
            bp[base + p * NR + j] = 0f;
          }
        }
      }
    }
  }

  private static void micro(
      int kc,
      float alpha,
      float[] ap,
      int aOff,
      float[] bp,
      int bOff,
      float[] c,
      int cOff,
      int ldc) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S);
    FloatVector c11 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S);
    FloatVector c21 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S);
    FloatVector c31 = FloatVector.zero(S);
    int ai = aOff;
    int bi = bOff;
    for (int p = 0; p < kc; p++, ai += MR, bi += NR) {
      FloatVector b0 = FloatVector.fromArray(S, bp, bi);
      FloatVector b1 = FloatVector.fromArray(S, bp, bi + VL);
      FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
    }
    FloatVector va = FloatVector.broadcast(S, alpha);
    addRow(c00, c01, va, c, cOff);
    addRow(c10, c11, va, c, cOff + ldc);
    addRow(c20, c21, va, c, cOff + 2 * ldc);
    addRow(c30, c31, va, c, cOff + 3 * ldc);
  }

  private static void addRow(FloatVector x0, FloatVector x1, FloatVector va, float[] c, int off) {
    x0.fma(va, FloatVector.fromArray(S, c, off)).intoArray(c, off);
    x1.fma(va, FloatVector.fromArray(S, c, off + VL)).intoArray(c, off + VL);
  }

  /** Edge tiles: compute the full padded tile into a scratch buffer, then add the valid part. */
  private static void microEdge(
      int kc,
      float alpha,
      float[] ap,
      int aOff,
      float[] bp,
      int bOff,
      float[] c,
      int cOff,
      int ldc,
      int mr,
      int nr,
      float[] tile) {
    java.util.Arrays.fill(tile, 0f);
    micro(kc, 1f, ap, aOff, bp, bOff, tile, 0, NR);
    for (int i = 0; i < mr; i++) {
      int row = cOff + i * ldc;
      for (int j = 0; j < nr; j++) {
        c[row + j] += alpha * tile[i * NR + j];
      }
    }
  }
}
