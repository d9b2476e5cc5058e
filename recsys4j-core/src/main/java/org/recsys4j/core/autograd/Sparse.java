package org.recsys4j.core.autograd;

import org.recsys4j.core.CsrMatrix;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.ParallelRows;
import org.recsys4j.core.Tensor;
import org.recsys4j.core.kernel.Kernels;
import org.recsys4j.core.nn.EmbeddingTable;

/** Sparse ops: embedding lookups with sparse row gradients, row gathers and CSR products. */
public final class Sparse {
  private Sparse() {}

  /**
   * Looks up {@code ids} in an embedding table: {@code [n, dim]}. Backward accumulates deduplicated
   * row gradients into the table (only the rows of this batch).
   */
  public static Variable embedding(Tape tape, EmbeddingTable table, int[] ids) {
    table.checkIds(ids, 0, ids.length);
    int d = table.dim();
    Tensor out = tape.zeros(ids.length, d);
    ParallelRows.gather(tape.parallel(), table.weights(), 0, d, ids, ids.length, out.data());
    Variable y = tape.output(out, true);
    tape.record(() -> tape.accumulateRows(table, ids, 0, ids.length, y.grad().data(), 0));
    return y;
  }

  /**
   * One lookup per field, side by side: {@code ids} is row-major {@code [b, F]} (sample i's id in
   * table f at {@code ids[i*F + f]}), and the output {@code [b, F*D]} holds sample i's F vectors in
   * table order, the layout the interaction ops read. All tables share the dimension D. Backward
   * gives each table sparse row gradients for the ids of this batch only.
   */
  public static Variable embeddingFields(Tape tape, EmbeddingTable[] tables, int[] ids, int b) {
    int f = tables.length;
    int d = tables[0].dim();
    for (int t = 0; t < f; t++) {
      if (tables[t].dim() != d) {
        throw new IllegalArgumentException(
            "embeddingFields: table "
                + tables[t].name()
                + " has dim "
                + tables[t].dim()
                + ", expected "
                + d);
      }
      for (int i = 0; i < b; i++) {
        int id = ids[i * f + t];
        if (id < 0 || id >= tables[t].rows()) {
          throw new IllegalArgumentException(
              tables[t].name()
                  + ": id "
                  + id
                  + " of sample "
                  + i
                  + " outside [0, "
                  + tables[t].rows()
                  + ")");
        }
      }
    }
    int width = f * d;
    Tensor out = tape.zeros(b, width);
    float[] o = out.data();
    tape.parallel()
        .forRange(
            b,
            Math.max(1, 4096 / Math.max(1, width)),
            (c, from, to) -> {
              for (int i = from; i < to; i++) {
                for (int t = 0; t < f; t++) {
                  System.arraycopy(
                      tables[t].weights(), ids[i * f + t] * d, o, i * width + t * d, d);
                }
              }
            });
    Variable y = tape.output(out, true);
    tape.record(
        () -> {
          float[] g = y.grad().data();
          if (tape.rowsGoToTables()) {
            // Tables split over threads: each table's rows still add up in sample order on one
            // thread,
            // so the bits do not depend on the thread count. Finding each id's gradient slot reads
            // the
            // table's row index at random (tens of megabytes for the large tables), and left on one
            // thread this was the largest serial part of a small-batch DLRM step.
            tape.parallel()
                .forRange(
                    f,
                    1,
                    (c, from, to) -> {
                      int[] col = new int[b];
                      float[] block = new float[b * d];
                      for (int t = from; t < to; t++) {
                        gatherField(g, ids, f, t, b, d, col, block);
                        tables[t].accumulateGrad(col, 0, b, block, 0);
                      }
                    });
            return;
          }
          int[] col = new int[b];
          float[] block = new float[b * d];
          for (int t = 0; t < f; t++) {
            gatherField(g, ids, f, t, b, d, col, block);
            tape.accumulateRows(tables[t], col, 0, b, block, 0);
          }
        });
    return y;
  }

  /** Field {@code t}'s ids and gradient rows of a {@code [b, f*d]} field-major gradient, packed. */
  private static void gatherField(
      float[] g, int[] ids, int f, int t, int b, int d, int[] col, float[] block) {
    int width = f * d;
    for (int i = 0; i < b; i++) {
      col[i] = ids[i * f + t];
      System.arraycopy(g, i * width + t * d, block, i * d, d);
    }
  }

  /**
   * Pooled lookups of a multi-hot field (an embedding bag): sample i pools the rows {@code
   * ids[offsets[i] .. offsets[i+1])} by sum, or by mean when {@code mean} (an empty bag gives
   * zeros). Output {@code [b, D]}; backward spreads each sample's gradient over its ids.
   */
  public static Variable embeddingBag(
      Tape tape, EmbeddingTable table, int[] offsets, int[] ids, int b, boolean mean) {
    int d = table.dim();
    int total = offsets[b] - offsets[0];
    table.checkIds(ids, offsets[0], total);
    float[] w = table.weights();
    Tensor out = tape.zeros(b, d);
    float[] o = out.data();
    float[] scale = new float[b];
    for (int i = 0; i < b; i++) {
      int n = offsets[i + 1] - offsets[i];
      if (n < 0) {
        throw new IllegalArgumentException("embeddingBag: offsets decrease at sample " + i);
      }
      scale[i] = mean && n > 0 ? 1f / n : 1f;
    }
    tape.parallel()
        .forRange(
            b,
            64,
            (c, from, to) -> {
              Kernels k = Kernels.get();
              for (int i = from; i < to; i++) {
                for (int j = offsets[i]; j < offsets[i + 1]; j++) {
                  k.axpy(scale[i], w, ids[j] * d, o, i * d, d);
                }
              }
            });
    Variable y = tape.output(out, true);
    tape.record(
        () -> {
          float[] g = y.grad().data();
          float[] rows = new float[total * d];
          for (int i = 0; i < b; i++) {
            for (int j = offsets[i]; j < offsets[i + 1]; j++) {
              int r = (j - offsets[0]) * d;
              for (int t = 0; t < d; t++) {
                rows[r + t] = scale[i] * g[i * d + t];
              }
            }
          }
          tape.accumulateRows(table, ids, offsets[0], total, rows, 0);
        });
    return y;
  }

  /**
   * Gathers rows of a dense variable: {@code x[ids, :]}; backward scatter-adds into x's gradient.
   */
  public static Variable gatherRows(Tape tape, Variable x, int[] ids) {
    Tensor xv = x.value();
    int rows = xv.rows();
    int d = xv.cols();
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= rows) {
        throw new IllegalArgumentException(
            "gatherRows: id " + ids[i] + " at " + i + " outside [0, " + rows + ")");
      }
    }
    Tensor out = tape.zeros(ids.length, d);
    ParallelRows.gather(tape.parallel(), xv.data(), xv.offset(), d, ids, ids.length, out.data());
    Variable y = tape.output(out, x.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            Tensor gx = x.grad();
            ParallelRows.scatterAdd(
                tape.parallel(),
                1f,
                y.grad().data(),
                0,
                d,
                ids,
                ids.length,
                gx.data(),
                gx.offset(),
                rows);
          });
    }
    return y;
  }

  /**
   * {@code A x} for a CSR matrix {@code A [r,c]} and {@code x [c,d]}. Backward needs {@code A^T};
   * pass {@code aT} (for a symmetric A, A itself) so that it is built once, not per step.
   */
  public static Variable spmm(Tape tape, CsrMatrix a, CsrMatrix aT, Variable x) {
    Tensor xv = x.value();
    if (a.cols() != xv.rows() || aT.rows() != a.cols() || aT.cols() != a.rows()) {
      throw new IllegalArgumentException(
          "spmm: A is "
              + a.rows()
              + "x"
              + a.cols()
              + ", A^T "
              + aT.rows()
              + "x"
              + aT.cols()
              + ", x "
              + xv);
    }
    int d = xv.cols();
    Tensor xs = xv.offset() == 0 ? xv : xv.copy();
    Tensor out = tape.zeros(a.rows(), d);
    spmmInto(tape.parallel(), a, xs.data(), d, out.data());
    Variable y = tape.output(out, x.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            if (!x.hasGrad() && x.grad().offset() == 0) {
              // the first gradient into x: A^T g written straight into it, no temporary to add
              spmmInto(tape.parallel(), aT, y.grad().data(), d, x.grad().data());
              return;
            }
            float[] tmp = new float[aT.rows() * d];
            spmmInto(tape.parallel(), aT, y.grad().data(), d, tmp);
            Kernels.get().axpy(1f, tmp, 0, x.grad().data(), x.grad().offset(), tmp.length);
          });
    }
    return y;
  }

  /** {@code y = A x} over all rows of A, split by rows across the pool (deterministic). */
  public static void spmmInto(Parallel par, CsrMatrix a, float[] x, int d, float[] y) {
    Kernels kern = Kernels.get();
    forNnzRanges(
        par, a, (from, to) -> kern.spmm(a.rowPtr(), a.colIdx(), a.vals(), x, d, y, from, to));
  }

  /**
   * {@code y = A x} with x and y in the {@link org.recsys4j.core.Bf16} layout ({@code d} values per
   * row, a multiple of 16), split over threads like {@link #spmmInto}.
   */
  public static void spmmBf16Into(Parallel par, CsrMatrix a, int[] x, int d, int[] y) {
    Kernels kern = Kernels.get();
    forNnzRanges(
        par, a, (from, to) -> kern.spmmBf16(a.rowPtr(), a.colIdx(), a.vals(), x, d, y, from, to));
  }

  /** {@code y += A x} with x in the {@link org.recsys4j.core.Bf16} layout and y in float. */
  public static void spmmBf16AddInto(Parallel par, CsrMatrix a, int[] x, int d, float[] y) {
    Kernels kern = Kernels.get();
    forNnzRanges(
        par,
        a,
        (from, to) -> kern.spmmBf16Add(a.rowPtr(), a.colIdx(), a.vals(), x, d, y, from, to));
  }

  private interface RowRange {
    void run(int from, int to);
  }

  private static void forNnzRanges(Parallel par, CsrMatrix a, RowRange body) {
    int[] ptr = a.rowPtr();
    int rows = a.rows();
    int chunks = par.chunks(rows, 256);
    if (chunks == 1) {
      body.run(0, rows);
      return;
    }
    // Split by non-zeros, not rows: degree distributions are skewed, and an even row split leaves
    // one thread with most of the work.
    par.forRange(
        chunks,
        1,
        (c, cFrom, cTo) ->
            body.run(
                rowAtNnzFraction(ptr, rows, cFrom, chunks),
                rowAtNnzFraction(ptr, rows, cTo, chunks)));
  }

  private static int rowAtNnzFraction(int[] ptr, int rows, int part, int parts) {
    if (part >= parts) {
      return rows;
    }
    long target = (long) ptr[rows] * part / parts;
    int lo = 0;
    int hi = rows;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ptr[mid] < target) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
