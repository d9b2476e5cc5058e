package org.recsys4j.core.autograd;

import org.recsys4j.core.ParallelRows;
import org.recsys4j.core.Tensor;
import org.recsys4j.core.kernel.Kernels;

/**
 * Reductions: sums, means, squared norms, row-pair and row-group dot products, and segment sums.
 */
public final class Reductions {
  private Reductions() {}

  /** Sum of all elements, as a one-element tensor. Accumulates in double. */
  public static Variable sum(Tape tape, Variable x) {
    return scaledSum(tape, x, 1f);
  }

  /** Mean of all elements. */
  public static Variable mean(Tape tape, Variable x) {
    int n = x.value().size();
    if (n == 0) {
      throw new IllegalArgumentException("mean of an empty tensor");
    }
    return scaledSum(tape, x, 1f / n);
  }

  private static Variable scaledSum(Tape tape, Variable x, float scale) {
    Tensor xv = x.value();
    int n = xv.size();
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += xv.data()[xv.offset() + i];
    }
    Variable y = tape.output(Tensor.of(new float[] {(float) (s * scale)}, 1), x.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            float g = y.grad().get(0) * scale;
            float[] gx = x.grad().data();
            int go = x.grad().offset();
            for (int i = 0; i < n; i++) {
              gx[go + i] += g;
            }
          });
    }
    return y;
  }

  /**
   * Floats per partial sum of {@link #sumSquares}: fixed, so the result does not depend on threads.
   */
  private static final int SQUARES_CHUNK = 1024;

  /**
   * Sum of squares of all elements (for L2 regularisation). Fixed chunks of {@value #SQUARES_CHUNK}
   * floats are summed by the vector dot kernel, split over threads, and the chunk sums added in
   * order in double: the same bits at any thread count, and no serial scalar pass over the millions
   * of floats a many-negative batch regularises.
   */
  public static Variable sumSquares(Tape tape, Variable x) {
    Tensor xv = x.value();
    int n = xv.size();
    float[] xd = xv.data();
    int xo = xv.offset();
    int chunks = (n + SQUARES_CHUNK - 1) / SQUARES_CHUNK;
    double[] partial = new double[chunks];
    tape.parallel()
        .forRange(
            chunks,
            64,
            (c, from, to) -> {
              Kernels kern = Kernels.get();
              for (int k = from; k < to; k++) {
                int lo = k * SQUARES_CHUNK;
                int len = Math.min(SQUARES_CHUNK, n - lo);
                partial[k] = kern.dot(xd, xo + lo, xd, xo + lo, len);
              }
            });
    double s = 0;
    for (double v : partial) {
      s += v;
    }
    Variable y = tape.output(Tensor.of(new float[] {(float) s}, 1), x.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () ->
              ParallelRows.axpy(
                  tape.parallel(),
                  2f * y.grad().get(0),
                  xv.data(),
                  xv.offset(),
                  x.grad().data(),
                  x.grad().offset(),
                  n));
    }
    return y;
  }

  /**
   * Rows per partial sum of {@link #weightedSumSquares}: fixed, so the result does not depend on
   * threads.
   */
  private static final int WEIGHTED_ROWS_CHUNK = 64;

  /**
   * {@code sum over rows r of w[r] * |x[r]|^2}. A batch that repeats a row k times regularises it k
   * times; with the rows made distinct first, the weight carries k and the pass touches each row
   * once instead of once per repeat.
   */
  public static Variable weightedSumSquares(Tape tape, Variable x, float[] w) {
    Tensor xv = x.value();
    int rows = xv.rows();
    int d = xv.cols();
    if (w.length != rows) {
      throw new IllegalArgumentException("weightedSumSquares: " + w.length + " weights for " + xv);
    }
    float[] xd = xv.data();
    int xo = xv.offset();
    int chunks = (rows + WEIGHTED_ROWS_CHUNK - 1) / WEIGHTED_ROWS_CHUNK;
    double[] partial = new double[chunks];
    tape.parallel()
        .forRange(
            chunks,
            16,
            (c, from, to) -> {
              Kernels kern = Kernels.get();
              for (int k = from; k < to; k++) {
                double s = 0;
                for (int r = k * WEIGHTED_ROWS_CHUNK, end = Math.min(rows, r + WEIGHTED_ROWS_CHUNK);
                    r < end;
                    r++) {
                  s += (double) w[r] * kern.dot(xd, xo + r * d, xd, xo + r * d, d);
                }
                partial[k] = s;
              }
            });
    double s = 0;
    for (double v : partial) {
      s += v;
    }
    Variable y = tape.output(Tensor.of(new float[] {(float) s}, 1), x.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            float g2 = 2f * y.grad().get(0);
            Tensor gx = x.grad();
            tape.parallel()
                .forRange(
                    rows,
                    256,
                    (c, from, to) -> {
                      Kernels kern = Kernels.get();
                      for (int r = from; r < to; r++) {
                        kern.axpy(g2 * w[r], xd, xo + r * d, gx.data(), gx.offset() + r * d, d);
                      }
                    });
          });
    }
    return y;
  }

  /** Row-wise dot products: {@code [n,d] . [n,d] -> [n,1]}. */
  public static Variable rowDot(Tape tape, Variable a, Variable b) {
    Dense.checkSame("rowDot", a, b);
    Tensor av = a.value();
    Tensor bv = b.value();
    int n = av.rows();
    int d = av.cols();
    Tensor out = tape.zeros(n, 1);
    // Rows are independent: split over threads in fixed ranges (results do not depend on the
    // count).
    int minRows = Math.max(1, (1 << 14) / Math.max(1, d));
    tape.parallel()
        .forRange(
            n,
            minRows,
            (c, from, to) -> {
              Kernels kern = Kernels.get();
              for (int r = from; r < to; r++) {
                out.data()[r] =
                    kern.dot(av.data(), av.offset() + r * d, bv.data(), bv.offset() + r * d, d);
              }
            });
    Variable y = tape.output(out, a.requiresGrad() || b.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            // Gradients are allocated lazily: fetch them before the threads start.
            float[] g = y.grad().data();
            Tensor ga = a.requiresGrad() ? a.grad() : null;
            Tensor gb = b.requiresGrad() ? b.grad() : null;
            tape.parallel()
                .forRange(
                    n,
                    minRows,
                    (c, from, to) -> {
                      Kernels kern = Kernels.get();
                      for (int r = from; r < to; r++) {
                        if (ga != null) {
                          kern.axpy(
                              g[r],
                              bv.data(),
                              bv.offset() + r * d,
                              ga.data(),
                              ga.offset() + r * d,
                              d);
                        }
                        if (gb != null) {
                          kern.axpy(
                              g[r],
                              av.data(),
                              av.offset() + r * d,
                              gb.data(),
                              gb.offset() + r * d,
                              d);
                        }
                      }
                    });
          });
    }
    return y;
  }

  /**
   * Dot products of gathered rows: {@code out[k] = <a[rowsA[k]], b[rowsB[k]]>}, shape {@code
   * [n,1]}; the same as {@code rowDot(gatherRows(a, rowsA), gatherRows(b, rowsB))} without
   * materialising the two gathered {@code [n,d]} matrices (scoring 72k links of dimension 64 this
   * way skips 37 MB of zeroing, copying and scattering per step). The backward pass adds each
   * link's row gradient straight into the rows of {@code a} and {@code b}, in link order on one
   * thread per input, so the sums do not depend on the thread count.
   */
  public static Variable gatherDot(Tape tape, Variable a, int[] rowsA, Variable b, int[] rowsB) {
    Tensor av = a.value();
    Tensor bv = b.value();
    int d = av.cols();
    if (bv.cols() != d || rowsA.length != rowsB.length) {
      throw new IllegalArgumentException(
          "gatherDot: widths "
              + d
              + " and "
              + bv.cols()
              + ", row lists "
              + rowsA.length
              + " and "
              + rowsB.length
              + " must match");
    }
    int n = rowsA.length;
    for (int k = 0; k < n; k++) {
      if (rowsA[k] < 0 || rowsA[k] >= av.rows() || rowsB[k] < 0 || rowsB[k] >= bv.rows()) {
        throw new IllegalArgumentException(
            "gatherDot: link " + k + " has rows " + rowsA[k] + ", " + rowsB[k] + " out of range");
      }
    }
    Tensor out = tape.zeros(n, 1);
    int minRows = Math.max(1, (1 << 14) / Math.max(1, d));
    tape.parallel()
        .forRange(
            n,
            minRows,
            (c, from, to) -> {
              Kernels kern = Kernels.get();
              for (int k = from; k < to; k++) {
                out.data()[k] =
                    kern.dot(
                        av.data(),
                        av.offset() + rowsA[k] * d,
                        bv.data(),
                        bv.offset() + rowsB[k] * d,
                        d);
              }
            });
    Variable y = tape.output(out, a.requiresGrad() || b.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            float[] g = y.grad().data();
            Tensor ga = a.requiresGrad() ? a.grad() : null;
            Tensor gb = b.requiresGrad() && b != a ? b.grad() : null;
            // one pass per input, each in link order: the two write different arrays, so they may
            // run side by side (when a and b are one variable, a single pass does both)
            tape.parallel()
                .forRange(
                    2,
                    1,
                    (c, from, to) -> {
                      Kernels kern = Kernels.get();
                      for (int side = from; side < to; side++) {
                        if (side == 0 && ga != null) {
                          for (int k = 0; k < n; k++) {
                            kern.axpy(
                                g[k],
                                bv.data(),
                                bv.offset() + rowsB[k] * d,
                                ga.data(),
                                ga.offset() + rowsA[k] * d,
                                d);
                            if (b == a) {
                              kern.axpy(
                                  g[k],
                                  av.data(),
                                  av.offset() + rowsA[k] * d,
                                  ga.data(),
                                  ga.offset() + rowsB[k] * d,
                                  d);
                            }
                          }
                        } else if (side == 1 && gb != null) {
                          for (int k = 0; k < n; k++) {
                            kern.axpy(
                                g[k],
                                av.data(),
                                av.offset() + rowsA[k] * d,
                                gb.data(),
                                gb.offset() + rowsB[k] * d,
                                d);
                          }
                        }
                      }
                    });
          });
    }
    return y;
  }

  /**
   * Each row of {@code a [n,d]} dotted with its own group of {@code g} consecutive rows of {@code b
   * [n*g,d]}: {@code out[r, j] = <a[r], b[r*g + j]>}, shape {@code [n,g]}. This scores a user
   * against the g negatives drawn for it without repeating the user's row g times.
   */
  public static Variable groupRowDot(Tape tape, Variable a, Variable b, int g) {
    Tensor av = a.value();
    Tensor bv = b.value();
    int n = av.rows();
    int d = av.cols();
    if (g < 1 || bv.rows() != (long) n * g || bv.cols() != d) {
      throw new IllegalArgumentException(
          "groupRowDot: "
              + bv
              + " must hold "
              + g
              + " rows of width "
              + d
              + " for each of the "
              + n
              + " rows of "
              + av);
    }
    Tensor out = tape.zeros(n, g);
    int minRows = Math.max(1, (1 << 14) / Math.max(1, d * g));
    tape.parallel()
        .forRange(
            n,
            minRows,
            (c, from, to) -> {
              Kernels kern = Kernels.get();
              for (int r = from; r < to; r++) {
                for (int j = 0; j < g; j++) {
                  out.data()[r * g + j] =
                      kern.dot(
                          av.data(),
                          av.offset() + r * d,
                          bv.data(),
                          bv.offset() + (r * g + j) * d,
                          d);
                }
              }
            });
    Variable y = tape.output(out, a.requiresGrad() || b.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            float[] gy = y.grad().data();
            Tensor ga = a.requiresGrad() ? a.grad() : null;
            Tensor gb = b.requiresGrad() ? b.grad() : null;
            tape.parallel()
                .forRange(
                    n,
                    minRows,
                    (c, from, to) -> {
                      Kernels kern = Kernels.get();
                      for (int r = from; r < to; r++) {
                        for (int j = 0; j < g; j++) {
                          float w = gy[r * g + j];
                          int bo = bv.offset() + (r * g + j) * d;
                          if (ga != null) {
                            kern.axpy(w, bv.data(), bo, ga.data(), ga.offset() + r * d, d);
                          }
                          if (gb != null) {
                            kern.axpy(
                                w,
                                av.data(),
                                av.offset() + r * d,
                                gb.data(),
                                gb.offset() + (r * g + j) * d,
                                d);
                          }
                        }
                      }
                    });
          });
    }
    return y;
  }

  /**
   * Sums consecutive row segments: rows {@code [offsets[s], offsets[s+1])} of {@code x [n,d]}
   * become row {@code s} of the {@code [segments,d]} output (the pooling of an embedding bag).
   */
  public static Variable segmentSum(Tape tape, Variable x, int[] offsets) {
    Tensor xv = x.value();
    int d = xv.cols();
    int segs = offsets.length - 1;
    if (segs < 0 || offsets[0] != 0 || offsets[segs] != xv.rows()) {
      throw new IllegalArgumentException(
          "segmentSum: offsets must start at 0 and end at rows " + xv.rows());
    }
    Tensor out = tape.zeros(segs, d);
    Kernels kern = Kernels.get();
    for (int s = 0; s < segs; s++) {
      if (offsets[s] > offsets[s + 1]) {
        throw new IllegalArgumentException("segmentSum: offsets decrease at segment " + s);
      }
      for (int r = offsets[s]; r < offsets[s + 1]; r++) {
        kern.axpy(1f, xv.data(), xv.offset() + r * d, out.data(), s * d, d);
      }
    }
    Variable y = tape.output(out, x.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            for (int s = 0; s < segs; s++) {
              for (int r = offsets[s]; r < offsets[s + 1]; r++) {
                kern.axpy(
                    1f, y.grad().data(), s * d, x.grad().data(), x.grad().offset() + r * d, d);
              }
            }
          });
    }
    return y;
  }
}
