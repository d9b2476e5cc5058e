package org.recsys4j.core;

import java.util.Arrays;

/**
 * A compressed sparse row float matrix. Immutable after construction; {@link #transpose()} builds
 * the CSC view as another CSR.
 */
public final class CsrMatrix {
  private final int rows;
  private final int cols;
  private final int[] rowPtr;
  private final int[] colIdx;
  private final float[] vals;

  public CsrMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, float[] vals) {
    if (rowPtr.length != rows + 1) {
      throw new IllegalArgumentException(
          "rowPtr length " + rowPtr.length + " != rows + 1 = " + (rows + 1));
    }
    int nnz = rowPtr[rows];
    if (colIdx.length < nnz || vals.length < nnz) {
      throw new IllegalArgumentException(
          "nnz " + nnz + " but colIdx has " + colIdx.length + " and vals " + vals.length);
    }
    for (int r = 0; r < rows; r++) {
      if (rowPtr[r] > rowPtr[r + 1]) {
        throw new IllegalArgumentException("rowPtr not monotone at row " + r);
      }
    }
    for (int j = 0; j < nnz; j++) {
      if (colIdx[j] < 0 || colIdx[j] >= cols) {
        throw new IllegalArgumentException("column " + colIdx[j] + " outside [0, " + cols + ")");
      }
    }
    this.rows = rows;
    this.cols = cols;
    this.rowPtr = rowPtr;
    this.colIdx = colIdx;
    this.vals = vals;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  public int nnz() {
    return rowPtr[rows];
  }

  public int[] rowPtr() {
    return rowPtr;
  }

  public int[] colIdx() {
    return colIdx;
  }

  public float[] vals() {
    return vals;
  }

  /**
   * The rows {@code rows[0 .. n)} of this matrix, in that order, as a new {@code n x cols} matrix
   * (the feature rows of a sampled subgraph's nodes).
   */
  public CsrMatrix selectRows(int[] rows, int n) {
    int[] ptr = new int[n + 1];
    for (int i = 0; i < n; i++) {
      int r = rows[i];
      if (r < 0 || r >= this.rows) {
        throw new IllegalArgumentException("row " + r + " outside [0, " + this.rows + ")");
      }
      ptr[i + 1] = ptr[i] + rowPtr[r + 1] - rowPtr[r];
    }
    int[] idx = new int[ptr[n]];
    float[] v = new float[ptr[n]];
    for (int i = 0; i < n; i++) {
      int r = rows[i];
      int len = rowPtr[r + 1] - rowPtr[r];
      System.arraycopy(colIdx, rowPtr[r], idx, ptr[i], len);
      System.arraycopy(vals, rowPtr[r], v, ptr[i], len);
    }
    return new CsrMatrix(n, cols, ptr, idx, v);
  }

  /** The transpose, built by counting sort (columns within a row stay in ascending row order). */
  public CsrMatrix transpose() {
    int nnz = nnz();
    int[] ptr = new int[cols + 1];
    for (int j = 0; j < nnz; j++) {
      ptr[colIdx[j] + 1]++;
    }
    for (int c = 0; c < cols; c++) {
      ptr[c + 1] += ptr[c];
    }
    int[] next = Arrays.copyOf(ptr, cols);
    int[] idx = new int[nnz];
    float[] v = new float[nnz];
    for (int r = 0; r < rows; r++) {
      for (int j = rowPtr[r]; j < rowPtr[r + 1]; j++) {
        int p = next[colIdx[j]]++;
        idx[p] = r;
        v[p] = vals[j];
      }
    }
    return new CsrMatrix(cols, rows, ptr, idx, v);
  }

  /**
   * The symmetric permutation {@code P A P^T} of a square matrix: row and column {@code i} move to
   * {@code newOf[i]}. Columns within each row stay ascending.
   */
  public CsrMatrix permute(int[] newOf) {
    if (rows != cols || newOf.length != rows) {
      throw new IllegalArgumentException(
          "permute needs a square matrix and a permutation of its " + rows + " rows");
    }
    int[] oldOf = new int[rows];
    Arrays.fill(oldOf, -1);
    for (int i = 0; i < rows; i++) {
      if (newOf[i] < 0 || newOf[i] >= rows || oldOf[newOf[i]] >= 0) {
        throw new IllegalArgumentException(
            "not a permutation: position " + newOf[i] + " repeats or is out of range");
      }
      oldOf[newOf[i]] = i;
    }
    int[] ptr = new int[rows + 1];
    int[] idx = new int[nnz()];
    float[] v = new float[nnz()];
    long[] buf = new long[16];
    for (int nr = 0; nr < rows; nr++) {
      int o = oldOf[nr];
      int start = rowPtr[o];
      int len = rowPtr[o + 1] - start;
      ptr[nr + 1] = ptr[nr] + len;
      if (buf.length < len) {
        buf = new long[Math.max(len, buf.length * 2)];
      }
      for (int j = 0; j < len; j++) {
        buf[j] = ((long) newOf[colIdx[start + j]] << 32) | j;
      }
      Arrays.sort(buf, 0, len);
      for (int j = 0; j < len; j++) {
        idx[ptr[nr] + j] = (int) (buf[j] >>> 32);
        v[ptr[nr] + j] = vals[start + (int) buf[j]];
      }
    }
    return new CsrMatrix(rows, cols, ptr, idx, v);
  }

  /** Dense copy, for tests. */
  public float[] toDense() {
    float[] d = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int j = rowPtr[r]; j < rowPtr[r + 1]; j++) {
        d[r * cols + colIdx[j]] += vals[j];
      }
    }
    return d;
  }
}
