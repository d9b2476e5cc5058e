package org.recsys4j.data.sampling;

/**
 * A caller-owned buffer of (user, positive item, negative item) triples; {@link #size()} of them
 * are valid. Samplers fill it in place so that no arrays are allocated per batch.
 */
public final class BprBatch {
  private final int[] users;
  private final int[] pos;
  private final int[] neg;
  private int size;

  public BprBatch(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + capacity);
    }
    users = new int[capacity];
    pos = new int[capacity];
    neg = new int[capacity];
  }

  public int capacity() {
    return users.length;
  }

  public int size() {
    return size;
  }

  void setSize(int n) {
    size = n;
  }

  public int[] users() {
    return users;
  }

  public int[] pos() {
    return pos;
  }

  public int[] neg() {
    return neg;
  }
}
