package org.recsys4j.core.util;

import java.util.Arrays;

/**
 * Sorting row indices by a float key without boxing: each (key, index) pair is packed into one long
 * whose signed order is the key's numeric order, then sorted as primitives. Millions of scores (an
 * AUC over a test day) sort in well under a second this way, against several seconds and hundreds
 * of megabytes for an {@code Integer[]} with a comparator.
 */
public final class IndexSort {
  private IndexSort() {}

  /**
   * Indices {@code 0..n-1} ordered by ascending {@code key}, ties by ascending index (stable);
   * {@code -0.0} and {@code 0.0} are equal. Keys must not be NaN.
   */
  public static int[] ascending(float[] key, int n) {
    long[] packed = new long[n];
    for (int i = 0; i < n; i++) {
      float k = key[i];
      if (Float.isNaN(k)) {
        throw new IllegalArgumentException("key " + i + " is NaN");
      }
      int bits = Float.floatToIntBits(k == 0f ? 0f : k);
      bits ^=
          (bits >> 31)
              & 0x7fffffff; // negative floats: reverse their order, so signed int order = float
      // order
      packed[i] = ((long) bits << 32) | i;
    }
    Arrays.sort(packed);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = (int) packed[i];
    }
    return order;
  }
}
