package org.recsys4j.core.autograd;

import org.recsys4j.core.Parallel;
import org.recsys4j.core.Tensor;
import org.recsys4j.core.kernel.Kernels;

/**
 * Dot products of rows picked by index, without gathering them first.
 *
 * <p>A many-negative BPR batch scores each (user, positive) pair against g negatives; at 65,536
 * pairs and 16 negatives that is a million item rows. Gathering them into a {@code [B*g, D]}
 * tensor, slicing, and scattering its gradient back moves a quarter of a gigabyte each way per
 * step, while the rows themselves (at most the graph's 70k nodes) sit in cache. These ops read the
 * rows in place: the forward pass is one dot per score, and the backward pass adds straight into
 * the source rows' gradients, split over threads by destination row so that every row sums its
 * terms in the same order (ascending score index) at any thread count.
 */
public final class IndexedDots {
  /** Below this many scores the backward pass stays on one thread. */
  private static final int MIN_PARALLEL_SCORES = 1 << 12;

  private IndexedDots() {}

  /**
   * {@code out[r, j] = <a[aIdx[r]], b[bIdx[r*g + j]]>}, shape {@code [aIdx.length, g]}. {@code a}
   * and {@code b} may be the same variable (user and item rows of one node table).
   */
  public static Variable groupRowDot(
      Tape tape, Variable a, int[] aIdx, Variable b, int[] bIdx, int g) {
    Tensor av = a.value();
    Tensor bv = b.value();
    int n = aIdx.length;
    int d = av.cols();
    if (g < 1 || bIdx.length != (long) n * g || bv.cols() != d) {
      throw new IllegalArgumentException(
          "IndexedDots.groupRowDot: "
              + bIdx.length
              + " indices into "
              + bv
              + " must be "
              + g
              + " per each of the "
              + n
              + " indices into "
              + av
              + " (same width)");
    }
    checkRange("a", aIdx, av.rows());
    checkRange("b", bIdx, bv.rows());
    Tensor out = tape.zeros(n, g);
    float[] ad = av.data();
    float[] bd = bv.data();
    int ao = av.offset();
    int bo = bv.offset();
    int minRows = Math.max(1, (1 << 14) / Math.max(1, d * g));
    tape.parallel()
        .forRange(
            n,
            minRows,
            (c, from, to) -> {
              Kernels kern = Kernels.get();
              for (int r = from; r < to; r++) {
                int arow = ao + aIdx[r] * d;
                for (int j = 0; j < g; j++) {
                  out.data()[r * g + j] = kern.dot(ad, arow, bd, bo + bIdx[r * g + j] * d, d);
                }
              }
            });
    Variable y = tape.output(out, a.requiresGrad() || b.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            float[] gy = y.grad().data();
            // Gradients are allocated lazily: fetch them before the threads start. The two passes
            // run one
            // after the other, so a and b may share one gradient.
            if (a.requiresGrad()) {
              Tensor ga = a.grad();
              forDestinationRows(
                  tape.parallel(),
                  n * g,
                  av.rows(),
                  (k, lo, hi) -> {
                    for (int r = 0; r < n; r++) {
                      int dst = aIdx[r];
                      if (dst >= lo && dst < hi) {
                        for (int j = 0; j < g; j++) {
                          k.axpy(
                              gy[r * g + j],
                              bd,
                              bo + bIdx[r * g + j] * d,
                              ga.data(),
                              ga.offset() + dst * d,
                              d);
                        }
                      }
                    }
                  });
            }
            if (b.requiresGrad()) {
              Tensor gb = b.grad();
              forDestinationRows(
                  tape.parallel(),
                  n * g,
                  bv.rows(),
                  (k, lo, hi) -> {
                    for (int e = 0; e < n * g; e++) {
                      int dst = bIdx[e];
                      if (dst >= lo && dst < hi) {
                        k.axpy(
                            gy[e], ad, ao + aIdx[e / g] * d, gb.data(), gb.offset() + dst * d, d);
                      }
                    }
                  });
            }
          });
    }
    return y;
  }

  /** A pass that adds into destination rows {@code [lo, hi)} only. */
  private interface RowRangeBody {
    void run(Kernels kernels, int lo, int hi);
  }

  /**
   * Splits {@code [0, rows)} into one contiguous range per thread; each thread scans all terms and
   * keeps its own rows (integer compares, cheap next to the floats moved).
   */
  private static void forDestinationRows(Parallel par, int terms, int rows, RowRangeBody body) {
    int chunks = terms < MIN_PARALLEL_SCORES ? 1 : par.threads();
    if (chunks == 1) {
      body.run(Kernels.get(), 0, rows);
      return;
    }
    par.forRange(
        chunks,
        1,
        (c, cFrom, cTo) ->
            body.run(
                Kernels.get(),
                (int) ((long) rows * cFrom / chunks),
                (int) ((long) rows * cTo / chunks)));
  }

  private static void checkRange(String name, int[] idx, int rows) {
    for (int i = 0; i < idx.length; i++) {
      if (idx[i] < 0 || idx[i] >= rows) {
        throw new IllegalArgumentException(
            "IndexedDots: "
                + name
                + " index "
                + idx[i]
                + " at "
                + i
                + " outside [0, "
                + rows
                + ")");
      }
    }
  }
}
