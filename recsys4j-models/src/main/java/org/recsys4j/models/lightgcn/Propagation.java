package org.recsys4j.models.lightgcn;

import java.util.Arrays;
import org.recsys4j.core.Bf16;
import org.recsys4j.core.CsrMatrix;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.ParallelRows;
import org.recsys4j.core.Tensor;
import org.recsys4j.core.autograd.Sparse;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.core.kernel.Kernels;

/**
 * LightGCN's layer combination as one fused autograd op: {@code F = (E0 + A E0 + ... + A^K E0) /
 * (K+1)} for a symmetric normalised adjacency A, evaluated only at the rows a batch asks for.
 *
 * <p>Why fused: the tape version allocates and zeroes about twenty {@code N x D} buffers per step
 * and runs 2K full SpMMs. Here the layer buffers are owned and reused; the last forward layer is
 * computed only at the requested rows, and the first backward layer is a scatter from the batch's
 * rows (the gradient of F is non-zero only there), so a step costs 2(K-1) full SpMMs instead of 2K.
 * A must be symmetric (A^T = A), which holds for {@code D^-1/2 A D^-1/2}.
 *
 * <p>With {@code bf16}, the layers that the step's full SpMMs read are stored as bfloat16 ({@link
 * Bf16}): E0's copy and E1..E(K-1) in the forward pass, the Horner terms in the backward pass (and
 * the scattered output gradient h0 when the batch covers most of the graph). An SpMM is bound by
 * reading one neighbour row per non-zero, so halving the row halves its time; sums stay in float,
 * each stored value is rounded once (relative error at most 2^-8), and the parameters, their
 * gradient and the scoring propagation ({@link #full}) stay in float.
 */
final class Propagation {
  private final CsrMatrix adj;
  private final int n;
  private final int d;
  private final int layers;
  private final float[][] e; // e[1..K-1]: dense layer outputs of the current step
  private final float[] h0;
  private final float[] hA;
  private final float[] hB;
  private final int[] slotOf;
  private int[] touched = new int[1024];
  private final boolean bf16;
  private final int[] x0b; // bf16 mode: E0, packed each step
  private final int[][] eb; // bf16 mode: eb[1..K-1], the packed layer outputs
  private final int[] hb0; // bf16 mode: the backward pass's Horner terms
  private final int[] hb1;

  /**
   * Use a dense SpMM instead of per-row work when the rows' total degree exceeds this share of nnz.
   * Below 1 because the dense pull streams its output while the row path scatters.
   */
  double denseShare = 0.5;

  Propagation(CsrMatrix adj, int dim, int layers) {
    this(adj, dim, layers, false);
  }

  Propagation(CsrMatrix adj, int dim, int layers, boolean bf16) {
    if (adj.rows() != adj.cols()) {
      throw new IllegalArgumentException(
          "adjacency must be square, got " + adj.rows() + "x" + adj.cols());
    }
    if (bf16) {
      Bf16.checkRowLength(dim, "dim with bf16 propagation");
    }
    this.adj = adj;
    this.n = adj.rows();
    this.d = dim;
    this.layers = layers;
    this.bf16 = bf16;
    this.e = new float[Math.max(1, layers)][];
    this.eb = new int[Math.max(1, layers)][];
    for (int k = 1; k < layers; k++) {
      if (bf16) {
        eb[k] = new int[n * d / 2];
      } else {
        e[k] = new float[n * d];
      }
    }
    this.x0b = bf16 && layers >= 1 ? new int[n * d / 2] : null;
    this.hb0 = bf16 && layers >= 2 ? new int[n * d / 2] : null;
    this.hb1 = bf16 && layers >= 3 ? new int[n * d / 2] : null;
    this.h0 = new float[n * d];
    this.hA = layers >= 1 ? new float[n * d] : null;
    this.hB = !bf16 && layers >= 2 ? new float[n * d] : null;
    this.slotOf = new int[n];
    Arrays.fill(slotOf, -1);
  }

  /**
   * {@code F[rows, :]} as a {@code [rows.length, D]} variable; backward adds into e0's gradient.
   */
  Variable finalRows(Tape tape, Variable e0, int[] rows) {
    Parallel par = tape.parallel();
    float[] x0 = e0.value().data();
    if (e0.value().offset() != 0) {
      throw new IllegalArgumentException("propagation needs the ego embeddings to own their array");
    }
    if (bf16) {
      return finalRowsBf16(tape, e0, rows);
    }
    for (int k = 1; k < layers; k++) {
      Sparse.spmmInto(par, adj, k == 1 ? x0 : e[k - 1], d, e[k]);
    }
    // Distinct rows: a batch repeats popular items and active users many times.
    int count = distinct(rows);
    int[] uniq = touched; // valid up to count; not reallocated until the next distinct()
    float[] f = new float[count * d];
    float inv = 1f / (layers + 1);
    float[] last = layers == 0 ? null : (layers == 1 ? x0 : e[layers - 1]);
    if (last != null && rowWork(uniq, count) > denseShare * adj.nnz()) {
      // The rows' neighbourhoods cover more than the whole graph: one dense SpMM is cheaper.
      Sparse.spmmInto(par, adj, last, d, h0);
      combineRows(par, uniq, count, x0, h0, null, inv, f);
      Arrays.fill(h0, 0f);
    } else {
      combineRows(par, uniq, count, x0, null, last, inv, f);
    }
    return gatherAndRecord(tape, e0, rows, f, count, inv);
  }

  /** {@link #finalRows} with the full-graph layers in bfloat16. */
  private Variable finalRowsBf16(Tape tape, Variable e0, int[] rows) {
    Parallel par = tape.parallel();
    float[] x0 = e0.value().data();
    if (layers >= 1) {
      pack(par, x0, x0b);
    }
    for (int k = 1; k < layers; k++) {
      Sparse.spmmBf16Into(par, adj, k == 1 ? x0b : eb[k - 1], d, eb[k]);
    }
    int count = distinct(rows);
    int[] uniq = touched;
    float[] f = new float[count * d];
    float inv = 1f / (layers + 1);
    int[] last = layers == 0 ? null : (layers == 1 ? x0b : eb[layers - 1]);
    int[] ptr = adj.rowPtr();
    int[] cols = adj.colIdx();
    float[] vals = adj.vals();
    par.forRange(
        count,
        64,
        (c, from, to) -> {
          Kernels kern = Kernels.get();
          if (last != null) {
            kern.spmmRowsBf16(ptr, cols, vals, last, d, uniq, from, to, f, from * d);
          }
          for (int t = from; t < to; t++) {
            int r = uniq[t];
            int oo = t * d;
            kern.axpy(1f, x0, r * d, f, oo, d);
            for (int k = 1; k < layers; k++) {
              kern.addBf16(eb[k], r * d / 2, f, oo, d);
            }
            kern.scale(inv, f, oo, d);
          }
        });
    return gatherAndRecord(tape, e0, rows, f, count, inv);
  }

  /**
   * The output rows copied from the distinct rows' values {@code f}, and the backward step
   * recorded.
   */
  private Variable gatherAndRecord(
      Tape tape, Variable e0, int[] rows, float[] f, int count, float inv) {
    Parallel par = tape.parallel();
    Tensor out = Tensor.zeros(rows.length, d);
    float[] o = out.data();
    par.forRange(
        rows.length,
        256,
        (c, from, to) -> {
          for (int i = from; i < to; i++) {
            System.arraycopy(f, slotOf[rows[i]] * d, o, i * d, d);
          }
        });
    for (int t = 0; t < count; t++) {
      slotOf[touched[t]] = -1;
    }
    Variable y = tape.output(out, e0.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(() -> backward(par, rows, y.grad().data(), inv, e0.grad()));
    }
    return y;
  }

  /**
   * Marks the distinct rows in {@code slotOf}/{@code touched}, in ascending node order; returns
   * their count. The order is for locality, not for the sums (each row is computed on its own): the
   * graph is stored in a bandwidth-reducing order, so neighbouring rows share neighbours, and
   * walking a batch's rows in first-seen order instead read them from memory at random. Sorting
   * made an epoch 1.46x faster ({@code bench lightgcn-epoch --batch-size 8192 --negatives 16
   * --propagation bf16 --threads 2}, the two orders side by side, the same loss bits).
   */
  private int distinct(int[] rows) {
    int count = 0;
    for (int r : rows) {
      if (slotOf[r] < 0) {
        if (count == touched.length) {
          touched = Arrays.copyOf(touched, count * 2);
        }
        slotOf[r] = 0;
        touched[count++] = r;
      }
    }
    if ((long) count * 16 > n) {
      // dense enough: a scan of the marks is cheaper than sorting
      int t = 0;
      for (int r = 0; r < n; r++) {
        if (slotOf[r] >= 0) {
          touched[t++] = r;
        }
      }
    } else {
      Arrays.sort(touched, 0, count);
    }
    for (int t = 0; t < count; t++) {
      slotOf[touched[t]] = t;
    }
    return count;
  }

  /** Total degree of {@code rows[0, n)}: the cost of the per-row paths, compared with nnz. */
  private long rowWork(int[] rows, int n) {
    int[] ptr = adj.rowPtr();
    long w = 0;
    for (int t = 0; t < n; t++) {
      w += ptr[rows[t] + 1] - ptr[rows[t]];
    }
    return w;
  }

  /**
   * {@code f[t] = inv * (x0 + e1 + ... + e(K-1) + lastLayer)[uniq[t]]}, where the last layer is
   * read from {@code lastDense} when given, else computed on the fly from {@code lastInput}'s
   * neighbours.
   */
  private void combineRows(
      Parallel par,
      int[] uniq,
      int count,
      float[] x0,
      float[] lastDense,
      float[] lastInput,
      float inv,
      float[] f) {
    int[] ptr = adj.rowPtr();
    int[] cols = adj.colIdx();
    float[] vals = adj.vals();
    par.forRange(
        count,
        64,
        (c, from, to) -> {
          Kernels kern = Kernels.get();
          if (lastDense == null && lastInput != null) {
            // the last layer at these rows, accumulated in registers by the SpMM kernel
            kern.spmmRows(ptr, cols, vals, lastInput, d, uniq, from, to, null, f, from * d);
          }
          for (int t = from; t < to; t++) {
            int r = uniq[t];
            int oo = t * d;
            if (lastDense != null) {
              System.arraycopy(lastDense, r * d, f, oo, d);
            } else if (lastInput == null) {
              java.util.Arrays.fill(f, oo, oo + d, 0f);
            }
            kern.axpy(1f, x0, r * d, f, oo, d);
            for (int k = 1; k < layers; k++) {
              kern.axpy(1f, e[k], r * d, f, oo, d);
            }
            kern.scale(inv, f, oo, d);
          }
        });
  }

  private void backward(Parallel par, int[] rows, float[] g, float inv, Tensor gradE0) {
    float[] ge = gradE0.data();
    int go = gradE0.offset();
    // h0 = (1/(K+1)) * scatter of the output gradient: sparse, on the batch's distinct rows.
    int count = distinct(rows);
    ParallelRows.scatterAdd(par, inv, g, 0, d, rows, rows.length, h0, 0, n);
    if (layers == 0) {
      addAtTouched(par, h0, ge, go, count);
    } else {
      // dE0 = h0 + A h0 + ... + A^K h0, evaluated by Horner's rule, h0 + A(h0 + A(h0 + A h0)), so
      // that
      // only the last layer is added into the gradient: one pass over N x D instead of K. Adding
      // the
      // sparse h0 between layers touches only the batch's rows.
      boolean dense = rowWork(touched, count) > denseShare * adj.nnz();
      if (bf16 && layers >= 2) {
        if (dense) {
          // The first term in bfloat16 too: h0 packed into x0b (free until the next forward pass),
          // A h0
          // summed in float and stored packed, h0 added at the batch's rows.
          pack(par, h0, x0b);
          Sparse.spmmBf16Into(par, adj, x0b, d, hb0);
          addAtTouchedBf16(par, hb0, count);
        } else {
          backwardFirstLayerFloat(par, false, count);
          pack(par, hA, hb0);
        }
        hornerBf16(par, ge, go, count);
      } else {
        backwardFirstLayerFloat(par, dense, count);
        hornerFloat(par, ge, go, count);
      }
    }
    int[] rowsTouched = touched;
    par.forRange(
        count,
        256,
        (c, from, to) -> {
          for (int t = from; t < to; t++) {
            int r = rowsTouched[t];
            Arrays.fill(h0, r * d, (r + 1) * d, 0f);
            slotOf[r] = -1;
          }
        });
  }

  /** All {@code n} rows of {@code src} rounded into the bfloat16 rows of {@code dst}. */
  private void pack(Parallel par, float[] src, int[] dst) {
    par.forRange(
        n,
        1024,
        (c, from, to) -> Kernels.get().toBf16(src, from * d, dst, from * d / 2, (to - from) * d));
  }

  /**
   * {@code hA = h0 + A h0} in float: a dense SpMM, or a pull that reads only the batch's rows of
   * h0.
   */
  private void backwardFirstLayerFloat(Parallel par, boolean dense, int count) {
    if (dense) {
      Sparse.spmmInto(par, adj, h0, d, hA);
    } else {
      // A h0 as a pull that skips the columns outside the batch: rows are independent, so it
      // splits over threads deterministically, and it writes every row (no fill needed).
      int[] ptr = adj.rowPtr();
      int[] cols = adj.colIdx();
      float[] vals = adj.vals();
      int[] mark = slotOf;
      par.forRange(
          n,
          1024,
          (c, from, to) ->
              Kernels.get().spmmRows(ptr, cols, vals, h0, d, null, from, to, mark, hA, from * d));
    }
    addAtTouched(par, h0, hA, 0, count);
  }

  /** The rest of Horner's rule in float, from {@code hA = h0 + A h0}, added into the gradient. */
  private void hornerFloat(Parallel par, float[] ge, int go, int count) {
    float[] cur = hA;
    float[] nxt = hB;
    for (int k = 2; k <= layers; k++) {
      Sparse.spmmInto(par, adj, cur, d, nxt);
      addAtTouched(par, h0, nxt, 0, count);
      float[] tmp = cur;
      cur = nxt;
      nxt = tmp;
    }
    ParallelRows.axpy(par, 1f, cur, 0, ge, go, n * d);
  }

  /**
   * The rest of Horner's rule with the terms in bfloat16, from {@code hb0 = h0 + A h0} packed: each
   * further layer is a bfloat16 SpMM plus h0 at the batch's rows, and the last one is added
   * straight into the gradient ({@code ge += A cur + h0}), so there is no separate pass over {@code
   * N x D} floats.
   */
  private void hornerBf16(Parallel par, float[] ge, int go, int count) {
    if (go != 0) {
      throw new IllegalArgumentException("bf16 propagation needs the gradient to own its array");
    }
    int[] cur = hb0;
    int[] nxt = hb1;
    for (int k = 2; k < layers; k++) {
      Sparse.spmmBf16Into(par, adj, cur, d, nxt);
      addAtTouchedBf16(par, nxt, count);
      int[] tmp = cur;
      cur = nxt;
      nxt = tmp;
    }
    Sparse.spmmBf16AddInto(par, adj, cur, d, ge);
    addAtTouched(par, h0, ge, 0, count);
  }

  /**
   * {@code dst[r] += h0[r]} on bfloat16 rows, for the batch's distinct rows (each rounded once
   * more).
   */
  private void addAtTouchedBf16(Parallel par, int[] dst, int count) {
    int[] rows = touched;
    par.forRange(
        count,
        256,
        (c, from, to) -> {
          Kernels kern = Kernels.get();
          float[] row = new float[d];
          for (int t = from; t < to; t++) {
            int r = rows[t];
            System.arraycopy(h0, r * d, row, 0, d);
            kern.addBf16(dst, r * d / 2, row, 0, d); // h0 + dst, the same sum as dst + h0
            kern.toBf16(row, 0, dst, r * d / 2, d);
          }
        });
  }

  /** {@code dst[r] += h0[r]} for the batch's distinct rows {@code touched[0, count)}. */
  private void addAtTouched(Parallel par, float[] src, float[] dst, int dstOff, int count) {
    int[] rows = touched;
    par.forRange(
        count,
        256,
        (c, from, to) -> {
          Kernels kern = Kernels.get();
          for (int t = from; t < to; t++) {
            int r = rows[t];
            kern.axpy(1f, src, r * d, dst, dstOff + r * d, d);
          }
        });
  }

  /** The full {@code F} for all nodes (for scoring), written into {@code out [N, D]}. */
  void full(Parallel par, float[] x0, float[] out) {
    float inv = 1f / (layers + 1);
    System.arraycopy(x0, 0, out, 0, n * d);
    float[] prev = x0;
    float[] a = new float[n * d];
    float[] b = layers >= 2 ? new float[n * d] : null;
    for (int k = 1; k <= layers; k++) {
      float[] cur = (k % 2 == 1) ? a : b;
      Sparse.spmmInto(par, adj, prev, d, cur);
      ParallelRows.axpy(par, 1f, cur, 0, out, 0, n * d);
      prev = cur;
    }
    par.forRange(
        n, 1024, (c, from, to) -> Kernels.get().scale(inv, out, from * d, (to - from) * d));
  }
}
