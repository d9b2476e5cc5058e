package org.recsys4j.core.util;

/**
 * Keeps the {@code k} best (highest-scoring) ids of a stream in a primitive min-heap of packed
 * longs (Lucene's {@code NeighborQueue}): the high 32 bits hold an order-preserving encoding of the
 * float score, the low 32 bits the complement of the id, so that among equal scores the smaller id
 * ranks first. No objects are allocated per offer.
 */
public final class TopK {
  private final int k;
  private final long[] heap;
  private int size;

  public TopK(int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive, got " + k);
    }
    this.k = k;
    this.heap = new long[k];
  }

  /** Encodes a score so that signed int order equals float order (NaN is not allowed). */
  public static int sortable(float score) {
    int bits = Float.floatToIntBits(score);
    return bits ^ ((bits >> 31) & 0x7fffffff);
  }

  static long pack(int id, float score) {
    return ((long) sortable(score) << 32) | (0xFFFFFFFFL - id);
  }

  public int k() {
    return k;
  }

  /** The smallest score kept (the one a new item must beat once full); -inf while empty. */
  public float threshold() {
    return size == 0 ? Float.NEGATIVE_INFINITY : unpackScore(heap[0]);
  }

  public int size() {
    return size;
  }

  public void clear() {
    size = 0;
  }

  /** Offers one candidate; returns true if it entered the heap. */
  public boolean offer(int id, float score) {
    long v = pack(id, score);
    if (size < k) {
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (heap[parent] <= v) {
          break;
        }
        heap[i] = heap[parent];
        i = parent;
      }
      heap[i] = v;
      return true;
    }
    if (v <= heap[0]) {
      return false;
    }
    siftDownFromRoot(v);
    return true;
  }

  /** Offers {@code scores[off + j]} as id {@code j} for {@code j < n}, skipping {@code -inf}. */
  public void offerAll(float[] scores, int off, int n) {
    offerAll(scores, off, n, 0);
  }

  /**
   * Offers {@code scores[off + j]} as id {@code firstId + j} for {@code j < n}, skipping {@code
   * -inf} (a scan in chunks offers each chunk with its first id).
   */
  public void offerAll(float[] scores, int off, int n, int firstId) {
    int j = 0;
    for (; j < n && size < k; j++) {
      float s = scores[off + j];
      if (s != Float.NEGATIVE_INFINITY) {
        offer(firstId + j, s);
      }
    }
    if (size < k) {
      return;
    }
    // Fast path: compare the raw score with the current threshold before packing.
    long min = heap[0];
    float threshold = unpackScore(min);
    for (; j < n; j++) {
      float s = scores[off + j];
      if (s > threshold || (s == threshold && pack(firstId + j, s) > min)) {
        siftDownFromRoot(pack(firstId + j, s));
        min = heap[0];
        threshold = unpackScore(min);
      }
    }
  }

  private static float unpackScore(long packed) {
    int bits = (int) (packed >> 32);
    bits ^= (bits >> 31) & 0x7fffffff;
    return Float.intBitsToFloat(bits);
  }

  private void siftDownFromRoot(long v) {
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      long c = heap[child];
      int right = child + 1;
      if (right < size && heap[right] < c) {
        child = right;
        c = heap[right];
      }
      if (v <= c) {
        break;
      }
      heap[i] = c;
      i = child;
    }
    heap[i] = v;
  }

  /**
   * Writes the kept ids best-first into {@code ids} (and scores, if not null) and empties the heap.
   * Returns how many were written.
   */
  public int drainSorted(int[] ids, float[] scores) {
    int n = size;
    long[] sorted = java.util.Arrays.copyOf(heap, n);
    java.util.Arrays.sort(sorted);
    for (int i = 0; i < n; i++) {
      long v = sorted[n - 1 - i];
      ids[i] = (int) (0xFFFFFFFFL - (v & 0xFFFFFFFFL));
      if (scores != null) {
        scores[i] = unpackScore(v);
      }
    }
    size = 0;
    return n;
  }
}
