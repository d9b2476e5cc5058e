package org.recsys4j.core.autograd;

import org.recsys4j.core.Parallel;
import org.recsys4j.core.ParallelRows;
import org.recsys4j.core.Tensor;
import org.recsys4j.core.kernel.Kernels;

/** Dense linear-algebra ops: matmul, bias add, concat and elementwise arithmetic. */
public final class Dense {
  private Dense() {}

  /** {@code [m,k] x [k,n] -> [m,n]}, with optional transposes of the stored operands. */
  public static Variable matmul(Tape tape, Variable a, boolean transA, Variable b, boolean transB) {
    Tensor av = a.value();
    Tensor bv = b.value();
    int m = transA ? av.cols() : av.rows();
    int k = transA ? av.rows() : av.cols();
    int kb = transB ? bv.cols() : bv.rows();
    int n = transB ? bv.rows() : bv.cols();
    if (k != kb) {
      throw new IllegalArgumentException(
          "matmul: inner dimensions differ: "
              + av
              + (transA ? "^T" : "")
              + " x "
              + bv
              + (transB ? "^T" : ""));
    }
    Tensor out = tape.zeros(m, n);
    Parallel par = tape.parallel();
    gemmRows(
        par,
        transA,
        transB,
        m,
        n,
        k,
        av.data(),
        av.offset(),
        av.cols(),
        bv.data(),
        bv.offset(),
        bv.cols(),
        0f,
        out.data(),
        0,
        n);
    Variable y = tape.output(out, a.requiresGrad() || b.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            Tensor g = y.grad();
            if (a.requiresGrad()) {
              Tensor ga = a.grad();
              // dA = dY B^T (stored A: [m,k]); for stored A^T: dA^T = B dY^T.
              if (!transA) {
                gemmRows(
                    par,
                    false,
                    !transB,
                    m,
                    k,
                    n,
                    g.data(),
                    0,
                    n,
                    bv.data(),
                    bv.offset(),
                    bv.cols(),
                    1f,
                    ga.data(),
                    ga.offset(),
                    ga.cols());
              } else {
                gemmRows(
                    par,
                    transB,
                    true,
                    k,
                    m,
                    n,
                    bv.data(),
                    bv.offset(),
                    bv.cols(),
                    g.data(),
                    0,
                    n,
                    1f,
                    ga.data(),
                    ga.offset(),
                    ga.cols());
              }
            }
            if (b.requiresGrad()) {
              Tensor gb = b.grad();
              // dB = A^T dY (stored B: [k,n]); for stored B^T: dB^T = dY^T A.
              if (!transB) {
                gemmRows(
                    par,
                    !transA,
                    false,
                    k,
                    n,
                    m,
                    av.data(),
                    av.offset(),
                    av.cols(),
                    g.data(),
                    0,
                    n,
                    1f,
                    gb.data(),
                    gb.offset(),
                    gb.cols());
              } else {
                gemmRows(
                    par,
                    true,
                    transA,
                    n,
                    k,
                    m,
                    g.data(),
                    0,
                    n,
                    av.data(),
                    av.offset(),
                    av.cols(),
                    1f,
                    gb.data(),
                    gb.offset(),
                    gb.cols());
              }
            }
          });
    }
    return y;
  }

  /**
   * {@code C = op(A) op(B) + beta C} with the rows of C split over threads in fixed ranges: each
   * row is computed by one thread, so results do not depend on scheduling. Row {@code i} of {@code
   * op(A)} starts at {@code ao + i * lda} when A is stored as is, at column {@code ao + i} when
   * transposed.
   */
  private static void gemmRows(
      Parallel par,
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
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
    // About a million multiply-adds per chunk: below that, handing work to a thread costs more than
    // it saves.
    int minRows = (int) Math.max(1, (1L << 20) / Math.max(1L, (long) n * k));
    par.forRange(
        m,
        minRows,
        (chunk, from, to) ->
            Kernels.get()
                .gemm(
                    transA,
                    transB,
                    to - from,
                    n,
                    k,
                    1f,
                    a,
                    transA ? ao + from : ao + from * lda,
                    lda,
                    b,
                    bo,
                    ldb,
                    beta,
                    c,
                    co + from * ldc,
                    ldc));
  }

  /**
   * {@code C = op(A) op(B) + beta C} (A not transposed) with the columns of C split over threads in
   * blocks of {@link #COL_BLOCK}: each thread packs only its columns of B, where a split by rows
   * has every thread pack all of B. For the weights of a layer applied to a small batch, packing B
   * is as much work as multiplying; split by columns it is shared. Block edges fall where the
   * serial product's column tiles do (a block is a multiple of the micro-tile's width, 16 floats
   * with AVX2 and 32 with AVX-512), so every element is computed as on one thread.
   */
  private static void gemmCols(
      Parallel par,
      boolean transB,
      int m,
      int n,
      int k,
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
    int blocks = (n + COL_BLOCK - 1) / COL_BLOCK;
    int minBlocks = (int) Math.max(1, (1L << 20) / Math.max(1L, (long) m * k * COL_BLOCK));
    par.forRange(
        blocks,
        minBlocks,
        (chunk, from, to) -> {
          int j0 = from * COL_BLOCK;
          int j1 = Math.min(n, to * COL_BLOCK);
          Kernels.get()
              .gemm(
                  false,
                  transB,
                  m,
                  j1 - j0,
                  k,
                  1f,
                  a,
                  ao,
                  lda,
                  b,
                  transB ? bo + j0 * ldb : bo + j0,
                  ldb,
                  beta,
                  c,
                  co + j0,
                  ldc);
        });
  }

  /** Columns per block of {@link #gemmCols}: the widest GEMM micro-tile (two AVX-512 vectors). */
  private static final int COL_BLOCK = 32;

  /**
   * A fully connected layer in one op, {@code x [n,k] W [k,m] + b [m]}: the output starts as the
   * bias rows and the GEMM accumulates into it, so there is no separate bias pass, and backward
   * writes the input gradient straight from the GEMM (no intermediate gradient to copy).
   */
  public static Variable affine(Tape tape, Variable x, Variable w, Variable b) {
    return affine(tape, x, w, b, false);
  }

  /**
   * {@code relu(x W + b)} in one op: the ReLU is applied in place to the GEMM's output, and
   * backward masks the output gradient in place before the GEMMs. Against {@code relu(affine(...))}
   * this saves an {@code [n, m]} activation, its gradient and two passes over them on every MLP
   * layer.
   */
  public static Variable affineRelu(Tape tape, Variable x, Variable w, Variable b) {
    return affine(tape, x, w, b, true);
  }

  private static Variable affine(Tape tape, Variable x, Variable w, Variable b, boolean relu) {
    Tensor xv = x.value();
    Tensor wv = w.value();
    Tensor bv = b.value();
    int n = xv.rows();
    int k = xv.cols();
    int m = wv.cols();
    if (wv.rows() != k || bv.size() != m) {
      throw new IllegalArgumentException(
          "affine: "
              + xv
              + " x "
              + wv
              + " + bias of "
              + bv.size()
              + " values: expected weights ["
              + k
              + ", m] and m bias values");
    }
    Tensor out = tape.zeros(n, m);
    float[] o = out.data();
    for (int r = 0; r < n; r++) {
      System.arraycopy(bv.data(), bv.offset(), o, r * m, m);
    }
    Parallel par = tape.parallel();
    gemmCols(
        par, false, n, m, k, xv.data(), xv.offset(), k, wv.data(), wv.offset(), m, 1f, o, 0, m);
    if (relu) {
      par.forRange(
          n * m, 1 << 15, (c, from, to) -> Kernels.get().relu(o, from, o, from, to - from));
    }
    Variable y = tape.output(out, x.requiresGrad() || w.requiresGrad() || b.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            float[] g = y.grad().data();
            if (relu) { // the gradient through the ReLU, in place: y's gradient is read by no one
              // after this
              par.forRange(
                  n * m,
                  1 << 15,
                  (c, from, to) -> Kernels.get().reluMask(o, from, g, from, to - from));
            }
            if (x.requiresGrad()) { // dX = dY W^T
              Tensor gx = x.grad();
              gemmCols(
                  par,
                  true,
                  n,
                  k,
                  m,
                  g,
                  0,
                  m,
                  wv.data(),
                  wv.offset(),
                  m,
                  1f,
                  gx.data(),
                  gx.offset(),
                  k);
            }
            if (w.requiresGrad()) { // dW = X^T dY
              Tensor gw = w.grad();
              gemmRows(
                  par,
                  true,
                  false,
                  k,
                  m,
                  n,
                  xv.data(),
                  xv.offset(),
                  k,
                  g,
                  0,
                  m,
                  1f,
                  gw.data(),
                  gw.offset(),
                  m);
            }
            if (b.requiresGrad()) { // db = column sums of dY
              Tensor gb = b.grad();
              Kernels kern = Kernels.get();
              for (int r = 0; r < n; r++) {
                kern.axpy(1f, g, r * m, gb.data(), gb.offset(), m);
              }
            }
          });
    }
    return y;
  }

  /** {@code x [n,m] + bias [m]} broadcast over rows. */
  public static Variable addBias(Tape tape, Variable x, Variable bias) {
    Tensor xv = x.value();
    int n = xv.rows();
    int m = xv.cols();
    if (bias.value().size() != m) {
      throw new IllegalArgumentException(
          "addBias: bias has " + bias.value().size() + " values, x has " + m + " columns");
    }
    Tensor out = tape.copy(xv);
    float[] o = out.data();
    Kernels kern = Kernels.get();
    for (int r = 0; r < n; r++) {
      kern.axpy(1f, bias.value().data(), bias.value().offset(), o, r * m, m);
    }
    Variable y = tape.output(out, x.requiresGrad() || bias.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            Tensor g = y.grad();
            if (x.requiresGrad()) {
              kern.axpy(1f, g.data(), 0, x.grad().data(), x.grad().offset(), n * m);
            }
            if (bias.requiresGrad()) {
              Tensor gb = bias.grad();
              for (int r = 0; r < n; r++) {
                kern.axpy(1f, g.data(), r * m, gb.data(), gb.offset(), m);
              }
            }
          });
    }
    return y;
  }

  /** Elementwise {@code a + b} (same shape). */
  public static Variable add(Tape tape, Variable a, Variable b) {
    return linear(tape, a, 1f, b, 1f);
  }

  /** Elementwise {@code a - b} (same shape). */
  public static Variable sub(Tape tape, Variable a, Variable b) {
    return linear(tape, a, 1f, b, -1f);
  }

  /** Elementwise {@code alpha a + beta b} (same shape). */
  public static Variable linear(Tape tape, Variable a, float alpha, Variable b, float beta) {
    checkSame("linear", a, b);
    int n = a.value().size();
    Tensor out = tape.zeros(a.value().shape());
    Kernels kern = Kernels.get();
    kern.axpy(alpha, a.value().data(), a.value().offset(), out.data(), 0, n);
    kern.axpy(beta, b.value().data(), b.value().offset(), out.data(), 0, n);
    Variable y = tape.output(out, a.requiresGrad() || b.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            if (a.requiresGrad()) {
              kern.axpy(alpha, y.grad().data(), 0, a.grad().data(), a.grad().offset(), n);
            }
            if (b.requiresGrad()) {
              kern.axpy(beta, y.grad().data(), 0, b.grad().data(), b.grad().offset(), n);
            }
          });
    }
    return y;
  }

  /** {@code alpha * a}. */
  public static Variable scale(Tape tape, Variable a, float alpha) {
    int n = a.value().size();
    Tensor out = tape.copy(a.value());
    Kernels kern = Kernels.get();
    kern.scale(alpha, out.data(), 0, n);
    Variable y = tape.output(out, a.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> kern.axpy(alpha, y.grad().data(), 0, a.grad().data(), a.grad().offset(), n));
    }
    return y;
  }

  /** Elementwise product (same shape). */
  public static Variable mul(Tape tape, Variable a, Variable b) {
    checkSame("mul", a, b);
    int n = a.value().size();
    float[] av = a.value().data();
    float[] bv = b.value().data();
    int ao = a.value().offset();
    int bo = b.value().offset();
    Tensor out = tape.zeros(a.value().shape());
    float[] o = out.data();
    for (int i = 0; i < n; i++) {
      o[i] = av[ao + i] * bv[bo + i];
    }
    Variable y = tape.output(out, a.requiresGrad() || b.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            float[] g = y.grad().data();
            if (a.requiresGrad()) {
              float[] ga = a.grad().data();
              int go = a.grad().offset();
              for (int i = 0; i < n; i++) {
                ga[go + i] += g[i] * bv[bo + i];
              }
            }
            if (b.requiresGrad()) {
              float[] gb = b.grad().data();
              int go = b.grad().offset();
              for (int i = 0; i < n; i++) {
                gb[go + i] += g[i] * av[ao + i];
              }
            }
          });
    }
    return y;
  }

  /** Concatenates rank-2 variables with equal row counts along the columns. */
  public static Variable concat(Tape tape, Variable... parts) {
    if (parts.length == 0) {
      throw new IllegalArgumentException("concat: no inputs");
    }
    int n = parts[0].value().rows();
    int total = 0;
    boolean req = false;
    for (Variable p : parts) {
      if (p.value().rows() != n) {
        throw new IllegalArgumentException(
            "concat: row counts differ: " + parts[0].value() + " vs " + p.value());
      }
      total += p.value().cols();
      req |= p.requiresGrad();
    }
    Tensor out = tape.zeros(n, total);
    float[] o = out.data();
    int colOff = 0;
    for (Variable p : parts) {
      Tensor v = p.value();
      int c = v.cols();
      for (int r = 0; r < n; r++) {
        System.arraycopy(v.data(), v.offset() + r * c, o, r * total + colOff, c);
      }
      colOff += c;
    }
    Variable y = tape.output(out, req);
    if (req) {
      final int width = total;
      tape.record(
          () -> {
            float[] g = y.grad().data();
            int off = 0;
            Kernels kern = Kernels.get();
            for (Variable p : parts) {
              int c = p.value().cols();
              if (p.requiresGrad()) {
                Tensor gp = p.grad();
                for (int r = 0; r < n; r++) {
                  kern.axpy(1f, g, r * width + off, gp.data(), gp.offset() + r * c, c);
                }
              }
              off += c;
            }
          });
    }
    return y;
  }

  /** Rows {@code [from, to)} of a rank-2 variable, as a copy; backward adds into those rows. */
  public static Variable sliceRows(Tape tape, Variable x, int from, int to) {
    Tensor xv = x.value();
    int d = xv.cols();
    if (from < 0 || to > xv.rows() || from > to) {
      throw new IllegalArgumentException("sliceRows: [" + from + ", " + to + ") outside " + xv);
    }
    Tensor out = tape.zeros(to - from, d);
    ParallelRows.copy(
        tape.parallel(), xv.data(), xv.offset() + from * d, out.data(), 0, (to - from) * d);
    Variable y = tape.output(out, x.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () ->
              ParallelRows.axpy(
                  tape.parallel(),
                  1f,
                  y.grad().data(),
                  0,
                  x.grad().data(),
                  x.grad().offset() + from * d,
                  (to - from) * d));
    }
    return y;
  }

  static void checkSame(String op, Variable a, Variable b) {
    if (!a.value().sameShape(b.value())) {
      throw new IllegalArgumentException(op + ": shapes differ: " + a.value() + " vs " + b.value());
    }
  }
}
