package org.recsys4j.core.nn;

import java.util.Arrays;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.ParallelRows;
import org.recsys4j.core.Rng;

/**
 * An embedding table: {@code rows x dim} floats in one primitive array, with a sparse row gradient.
 * A training step touches only the rows of its batch: gradients for repeated ids are accumulated
 * into one row each (deduplicated through {@code rowToSlot}), and the optimizer updates only those
 * rows. The table is limited to 2^31 floats per array; larger tables are a later extension.
 */
public final class EmbeddingTable {
  private final String name;
  private final int rows;
  private final int dim;
  private final float[] weights;
  private final int[] rowToSlot;
  private int[] touched = new int[64];
  private float[] gradRows = new float[64];
  private int touchedCount;

  /** Scratch: the gradient slot of each id of the current {@link #accumulateGrad} call (reused). */
  private int[] slotOf = new int[0];

  int slot = -1;

  public EmbeddingTable(String name, int rows, int dim) {
    if (rows <= 0 || dim <= 0) {
      throw new IllegalArgumentException(
          name + ": rows and dim must be positive, got " + rows + " x " + dim);
    }
    if ((long) rows * dim > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(name + ": " + rows + " x " + dim + " exceeds 2^31 floats");
    }
    this.name = name;
    this.rows = rows;
    this.dim = dim;
    this.weights = new float[rows * dim];
    this.rowToSlot = new int[rows];
    Arrays.fill(rowToSlot, -1);
    this.gradRows = new float[64 * dim];
  }

  /** Fills the table with N(0, std^2) values drawn from {@code rng}. */
  public EmbeddingTable initNormal(Rng rng, double std) {
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) (rng.nextGaussian() * std);
    }
    return this;
  }

  /** Fills the table with U(-a, a) values (Xavier uniform uses a = sqrt(6 / (rows + dim))). */
  public EmbeddingTable initUniform(Rng rng, double a) {
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) ((rng.nextDouble() * 2 - 1) * a);
    }
    return this;
  }

  public String name() {
    return name;
  }

  public int rows() {
    return rows;
  }

  public int dim() {
    return dim;
  }

  /** The row-major weights; row {@code r} starts at {@code r * dim}. */
  public float[] weights() {
    return weights;
  }

  public int slot() {
    return slot;
  }

  /** Checks that every id is a valid row; called once per batch at the public boundary. */
  public void checkIds(int[] ids, int off, int n) {
    for (int i = off; i < off + n; i++) {
      if (ids[i] < 0 || ids[i] >= rows) {
        throw new IllegalArgumentException(
            name + ": id " + ids[i] + " at position " + (i - off) + " outside [0, " + rows + ")");
      }
    }
  }

  /**
   * Adds gradient rows {@code g[gOff + i*dim ...]} for {@code ids[i]}, deduplicating repeated ids.
   * Not thread-safe: reduce per-thread gradients in a fixed order before calling.
   */
  public void accumulateGrad(int[] ids, int idOff, int n, float[] g, int gOff) {
    accumulateGrad(ids, idOff, n, g, gOff, Parallel.serial());
  }

  /**
   * As {@link #accumulateGrad(int[], int, int, float[], int)}, with the row additions split over
   * threads by destination row: each row still sums its gradients in id order, so the result is the
   * same bits at any thread count. (Slots are assigned first, in id order, on the calling thread.)
   */
  public void accumulateGrad(int[] ids, int idOff, int n, float[] g, int gOff, Parallel parallel) {
    if (slotOf.length < n) {
      slotOf = new int[n];
    }
    for (int i = 0; i < n; i++) {
      int row = ids[idOff + i];
      int s = rowToSlot[row];
      if (s < 0) {
        s = touchedCount++;
        if (s == touched.length) {
          touched = Arrays.copyOf(touched, s * 2);
          gradRows = Arrays.copyOf(gradRows, s * 2 * dim);
        }
        touched[s] = row;
        rowToSlot[row] = s;
        Arrays.fill(gradRows, s * dim, (s + 1) * dim, 0f);
      }
      slotOf[i] = s;
    }
    ParallelRows.scatterAdd(parallel, 1f, g, gOff, dim, slotOf, n, gradRows, 0, touchedCount);
  }

  /** Number of distinct rows with a gradient since the last {@link #zeroGrad()}. */
  public int touchedCount() {
    return touchedCount;
  }

  /** The distinct rows touched, valid up to {@link #touchedCount()}. */
  public int[] touchedRows() {
    return touched;
  }

  /** Gradient rows aligned with {@link #touchedRows()}. */
  public float[] gradRows() {
    return gradRows;
  }

  /** The gradient densified to {@code rows x dim}, for tests and gradient checks. */
  public float[] denseGrad() {
    float[] d = new float[weights.length];
    for (int s = 0; s < touchedCount; s++) {
      System.arraycopy(gradRows, s * dim, d, touched[s] * dim, dim);
    }
    return d;
  }

  public void zeroGrad() {
    for (int s = 0; s < touchedCount; s++) {
      rowToSlot[touched[s]] = -1;
    }
    touchedCount = 0;
  }
}
