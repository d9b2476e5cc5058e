package org.recsys4j.data.ctr;

import java.util.Arrays;

/**
 * A mini-batch of processed click-log rows in caller-owned primitive buffers, reused across steps:
 * labels {@code [B]}, dense values {@code [B, denseCount]}, categorical rows {@code [B, catCount]}
 * (one id per table), and per multi-hot column a CSR list ({@code offsets [B+1]}, {@code ids}).
 */
public final class CtrBatch {
  private final int capacity;
  private final int denseCount;
  private final int catCount;
  public final float[] labels;
  public final float[] dense;
  public final int[] cat;
  public final int[][] multiOffsets;
  public int[][] multiIds;
  private int size;

  public CtrBatch(int capacity, int denseCount, int catCount, int multiHotCount) {
    if (capacity < 1) {
      throw new IllegalArgumentException("batch capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
    this.denseCount = denseCount;
    this.catCount = catCount;
    this.labels = new float[capacity];
    this.dense = new float[capacity * denseCount];
    this.cat = new int[capacity * catCount];
    this.multiOffsets = new int[multiHotCount][capacity + 1];
    this.multiIds = new int[multiHotCount][capacity * 4];
  }

  public int capacity() {
    return capacity;
  }

  public int size() {
    return size;
  }

  public void setSize(int size) {
    if (size < 0 || size > capacity) {
      throw new IllegalArgumentException("batch size " + size + " outside [0, " + capacity + "]");
    }
    this.size = size;
  }

  public int denseCount() {
    return denseCount;
  }

  public int catCount() {
    return catCount;
  }

  public int multiHotCount() {
    return multiOffsets.length;
  }

  /** Grows multi-hot column {@code k}'s id buffer to hold at least {@code n} ids. */
  public void ensureMultiIds(int k, int n) {
    if (multiIds[k].length < n) {
      multiIds[k] = Arrays.copyOf(multiIds[k], Math.max(n, multiIds[k].length * 2));
    }
  }

  /**
   * Makes this batch hold rows {@code [from, from + n)} of {@code src} (a data-parallel worker's
   * part of a batch); multi-hot offsets are rebased to start at 0.
   */
  public void copyRowsFrom(CtrBatch src, int from, int n) {
    if (src.denseCount != denseCount
        || src.catCount != catCount
        || src.multiHotCount() != multiHotCount()) {
      throw new IllegalArgumentException("batches of different shapes");
    }
    if (from < 0 || n < 0 || from + n > src.size) {
      throw new IllegalArgumentException(
          "rows [" + from + ", " + (from + n) + ") outside a batch of " + src.size);
    }
    setSize(n);
    System.arraycopy(src.labels, from, labels, 0, n);
    System.arraycopy(src.dense, from * denseCount, dense, 0, n * denseCount);
    System.arraycopy(src.cat, from * catCount, cat, 0, n * catCount);
    for (int k = 0; k < multiHotCount(); k++) {
      int[] so = src.multiOffsets[k];
      int base = so[from];
      int count = so[from + n] - base;
      ensureMultiIds(k, count);
      System.arraycopy(src.multiIds[k], base, multiIds[k], 0, count);
      for (int i = 0; i <= n; i++) {
        multiOffsets[k][i] = so[from + i] - base;
      }
    }
  }
}
