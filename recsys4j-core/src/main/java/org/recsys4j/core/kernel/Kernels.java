package org.recsys4j.core.kernel;

/**
 * The numeric hot paths of recsys4j: dense GEMM, sparse-dense products and the row-wise memory
 * operations that embedding tables and graph propagation need.
 *
 * <p>Every method works on primitive arrays with explicit offsets and trusts its arguments: shapes
 * are validated once by the public op that calls a kernel, never inside these loops. Two
 * implementations exist, a Vector API one and a scalar twin; {@link #get()} picks one once per JVM
 * (Lucene's {@code VectorizationProvider} pattern) and the choice is logged once.
 */
public interface Kernels {

  /** The implementation chosen for this JVM. */
  static Kernels get() {
    return KernelProvider.INSTANCE;
  }

  /** The scalar reference implementation; the oracle the SIMD kernels are tested against. */
  static Kernels scalar() {
    return KernelProvider.SCALAR;
  }

  /** A short name for logs and benchmark output, e.g. {@code "vector-256"} or {@code "scalar"}. */
  String name();

  /** Returns {@code sum_i a[ao+i] * b[bo+i]} for {@code i < n}. */
  float dot(float[] a, int ao, float[] b, int bo, int n);

  /** {@code y[yo+i] += alpha * x[xo+i]} for {@code i < n}. */
  void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n);

  /** {@code x[xo+i] *= alpha} for {@code i < n}. */
  void scale(float alpha, float[] x, int xo, int n);

  /**
   * {@code y[yo+i] = max(x[xo+i], 0)} for {@code i < n}; x and y may be the same range (in place).
   */
  void relu(float[] x, int xo, float[] y, int yo, int n);

  /**
   * ReLU's backward pass, given its output: {@code g[go+i] = y[yo+i] > 0 ? g[go+i] : 0} in place.
   * The output is positive exactly where the input was, so the mask needs no copy of the input.
   * Written without a branch per element: the sign of an activation is a coin flip, and a branch on
   * it mispredicts half the time (it made ReLU an eighth of a DLRM step).
   */
  void reluMask(float[] y, int yo, float[] g, int go, int n);

  /**
   * DLRM's dot interaction for one sample: {@code x} holds {@code f} vectors of {@code d} values
   * from {@code xo}; writes {@code <x_i, x_j>} for every {@code j < i}, row by row ({@code i}
   * ascending, then {@code j}), {@code f(f-1)/2} values from {@code out[oo]}. Each dot is a fused
   * multiply-add chain over the d components in order. {@code scratch} holds at least {@code f * d}
   * floats.
   */
  void pairDots(float[] x, int xo, int f, int d, float[] out, int oo, float[] scratch);

  /**
   * The backward pass of {@link #pairDots}: {@code gx[i] += sum over j != i (ascending) of g(i,j)
   * x_j}, where {@code g(i,j) = g(j,i) = g[go + i(i-1)/2 + j]} for {@code j < i}. The sum for each
   * i is a fused multiply-add chain over j, added to gx once.
   */
  void pairDotsBackward(float[] x, int xo, int f, int d, float[] g, int go, float[] gx, int gxo);

  /**
   * Row-major {@code C = alpha * op(A) * op(B) + beta * C}, where {@code op(A)} is {@code m x k}
   * and {@code op(B)} is {@code k x n}. With {@code transA}, A is stored {@code k x m}; with {@code
   * transB}, B is stored {@code n x k}. {@code lda}, {@code ldb}, {@code ldc} are the stored row
   * strides. When {@code beta == 0}, C is overwritten (NaN in C does not propagate).
   */
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
      int ldc);

  /**
   * CSR sparse times dense, for rows {@code [rowFrom, rowTo)}: {@code y[r,:] = sum_j vals[j] *
   * x[cols[j],:]} over {@code j in [rowPtr[r], rowPtr[r+1])}. X and Y are row-major with {@code d}
   * columns. Rows of Y in the range are overwritten; rows outside it are untouched, so callers
   * split the row range over threads without sharing an output row.
   */
  void spmm(
      int[] rowPtr, int[] cols, float[] vals, float[] x, int d, float[] y, int rowFrom, int rowTo);

  /**
   * CSR sparse times dense over a list of rows, with a compact output and an optional column mask:
   * for {@code t in [from, to)}, {@code y[yOff + (t - from) * d ...] = sum_j vals[j] * x[cols[j],
   * :]} over row {@code rows[t]}'s non-zeros, skipping columns with {@code colMask[c] < 0} when
   * {@code colMask} is not null (their rows of x are known to be zero, so they need not be read).
   */
  void spmmRows(
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
      int yOff);

  /**
   * Packs {@code n} floats ({@code n} a multiple of 16) from {@code src[so...]} into the {@link
   * org.recsys4j.core.Bf16} layout at {@code dst[doff...]} ({@code n / 2} ints), rounding each
   * value to the nearest bfloat16 (ties to even), exactly as {@link org.recsys4j.core.Bf16#pack}.
   */
  void toBf16(float[] src, int so, int[] dst, int doff, int n);

  /**
   * {@link #spmm} with X and Y in the {@link org.recsys4j.core.Bf16} layout ({@code d} a multiple
   * of 16 values per row, {@code d / 2} ints): each output value is summed in float, one fused
   * multiply-add per non-zero in CSR order, then rounded once to bfloat16. Half the bytes per row
   * of X, which is what bounds a graph SpMM.
   */
  void spmmBf16(
      int[] rowPtr, int[] cols, float[] vals, int[] x, int d, int[] y, int rowFrom, int rowTo);

  /**
   * {@code y[r,:] += sum_j vals[j] * x[cols[j],:]} for rows {@code [rowFrom, rowTo)}: X in the
   * {@link org.recsys4j.core.Bf16} layout, Y in float; the row's sum is formed as in {@link
   * #spmmBf16} and then added to Y.
   */
  void spmmBf16Add(
      int[] rowPtr, int[] cols, float[] vals, int[] x, int d, float[] y, int rowFrom, int rowTo);

  /**
   * {@link #spmmBf16} over a list of rows with a compact float output: for {@code t in [from, to)},
   * {@code y[yOff + (t - from) * d ...]} is overwritten with row {@code rows[t]} of {@code A X}.
   */
  void spmmRowsBf16(
      int[] rowPtr,
      int[] cols,
      float[] vals,
      int[] x,
      int d,
      int[] rows,
      int from,
      int to,
      float[] y,
      int yOff);

  /**
   * {@code y[yo + q] += x_q} for the {@code n} values (a multiple of 16) of a bfloat16 row at int
   * {@code xo}.
   */
  void addBf16(int[] x, int xo, float[] y, int yo, int n);

  /** Items per block of the blocked layout {@link #blockDots} reads. */
  int BLOCK = 16;

  /**
   * Inner products of the query {@code q[0..d)} with {@code blocks} blocks of {@link #BLOCK} items
   * stored block-major from {@code bo}: item {@code j} of block {@code b} has its value {@code t}
   * at {@code blocked[bo + (b d + t) BLOCK + j]}. Writes item {@code b BLOCK + j}'s product into
   * {@code out[oo + b BLOCK + j]}. Each lane accumulates {@code t = 0, 4, 8, ...}, {@code 1, 5,
   * ...}, {@code 2, 6, ...} and {@code 3, 7, ...} separately with fused multiply-adds and adds the
   * four sums as {@code (s0 + s1) + (s2 + s3)}, so both twins round the same way. This layout is
   * what makes exact top-k retrieval cheap: sixteen items per multiply-add with no horizontal sum,
   * where a dot product per item ends in a lane reduction.
   */
  void blockDots(float[] q, int d, float[] blocked, int bo, int blocks, float[] out, int oo);

  /**
   * Copies rows {@code src[idx[idxOff+i], :]} into consecutive rows of {@code dst} from {@code
   * dstOff}.
   */
  void gatherRows(float[] src, int d, int[] idx, int idxOff, int n, float[] dst, int dstOff);

  /**
   * Adds consecutive rows of {@code src} (from {@code srcOff}) into {@code dst[idx[idxOff+i], :]}.
   */
  void scatterAddRows(float[] src, int srcOff, int d, int[] idx, int idxOff, int n, float[] dst);

  /**
   * One Adam update on {@code n} consecutive values from {@code off}: {@code m = b1 m + (1-b1) g},
   * {@code v = b2 v + (1-b2) g^2}, {@code p -= lr * (m / bc1) / (sqrt(v / bc2) + eps)}, where
   * {@code bc1, bc2} are the bias corrections {@code 1 - b^t}.
   */
  void adam(
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
      float bc2);
}
