package org.recsys4j.core;

import org.recsys4j.core.kernel.Kernels;

/**
 * Memory-bound row operations split over threads so that their results do not depend on the thread
 * count: element-wise work is split in fixed ranges, and scatter-adds are split by destination row,
 * so every destination row is summed in the same order (ascending source position) by exactly one
 * thread. With batches of 10^5 rows these passes are tens of megabytes each; done serially they
 * left the second core idle for a quarter of a large-batch LightGCN step.
 */
public final class ParallelRows {
  /** Below this many floats a pass is not worth handing to another thread. */
  private static final int MIN_FLOATS = 1 << 15;

  private ParallelRows() {}

  /** {@code y[yo, yo+n) += a * x[xo, xo+n)}. */
  public static void axpy(Parallel par, float a, float[] x, int xo, float[] y, int yo, int n) {
    par.forRange(
        n,
        MIN_FLOATS,
        (c, from, to) -> Kernels.get().axpy(a, x, xo + from, y, yo + from, to - from));
  }

  /** {@code y[yo, yo+n) = x[xo, xo+n)}. */
  public static void copy(Parallel par, float[] x, int xo, float[] y, int yo, int n) {
    par.forRange(
        n, MIN_FLOATS, (c, from, to) -> System.arraycopy(x, xo + from, y, yo + from, to - from));
  }

  /** {@code dst[i, :] = src[srcOff + idx[i] * d, :]} for {@code i < n}. */
  public static void gather(
      Parallel par, float[] src, int srcOff, int d, int[] idx, int n, float[] dst) {
    par.forRange(
        n,
        Math.max(1, MIN_FLOATS / Math.max(1, d)),
        (c, from, to) -> {
          if (srcOff == 0) {
            Kernels.get().gatherRows(src, d, idx, from, to - from, dst, from * d);
          } else {
            for (int i = from; i < to; i++) {
              System.arraycopy(src, srcOff + idx[i] * d, dst, i * d, d);
            }
          }
        });
  }

  /**
   * {@code dst[dstOff + idx[i] * d, :] += alpha * src[srcOff + i * d, :]} for {@code i < n}, with
   * {@code idx} in {@code [0, dstRows)} and repeats allowed. Each thread owns a range of
   * destination rows and scans all of {@code idx} for its own: the scan is n integer compares,
   * cheap next to the n * d floats moved, and it keeps the summation order fixed.
   */
  public static void scatterAdd(
      Parallel par,
      float alpha,
      float[] src,
      int srcOff,
      int d,
      int[] idx,
      int n,
      float[] dst,
      int dstOff,
      int dstRows) {
    int chunks = (long) n * d < MIN_FLOATS ? 1 : par.chunks(dstRows, 1);
    if (chunks == 1) {
      Kernels k = Kernels.get();
      for (int i = 0; i < n; i++) {
        k.axpy(alpha, src, srcOff + i * d, dst, dstOff + idx[i] * d, d);
      }
      return;
    }
    par.forRange(
        chunks,
        1,
        (c, cFrom, cTo) -> {
          Kernels k = Kernels.get();
          int lo = (int) ((long) dstRows * cFrom / chunks);
          int hi = (int) ((long) dstRows * cTo / chunks);
          for (int i = 0; i < n; i++) {
            int r = idx[i];
            if (r >= lo && r < hi) {
              k.axpy(alpha, src, srcOff + i * d, dst, dstOff + r * d, d);
            }
          }
        });
  }
}
