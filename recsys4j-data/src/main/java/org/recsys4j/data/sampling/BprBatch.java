package org.recsys4j.data.sampling;

/**
 * A caller-owned buffer of (user, positive item, negative item) triples; {@link #size()} of them
 * are valid. Samplers fill it in place so that no arrays are allocated per batch.
 *
 * <p>With a shared-negative pool ({@link #sharedCount()} > 0) the per-triple negatives are not
 * used: every (user, positive) pair of the batch is compared with all {@link #sharedCount()} pool
 * items, except those marked 0 in {@link #sharedValid()} (row-major {@code [size, sharedCount]}),
 * which are training positives of that pair's user.
 */
public final class BprBatch {
  private final int[] users;
  private final int[] pos;
  private final int[] neg;
  private final int[] shared;
  private final byte[] sharedValid;
  private int size;

  public BprBatch(int capacity) {
    this(capacity, 0);
  }

  /** A buffer whose batches carry a pool of {@code sharedNegatives} negatives (0: per-triple negatives). */
  public BprBatch(int capacity, int sharedNegatives) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + capacity);
    }
    if (sharedNegatives < 0 || (long) capacity * sharedNegatives > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("shared negatives must be >= 0 and batch x shared must fit an array, got "
          + capacity + " x " + sharedNegatives);
    }
    users = new int[capacity];
    pos = new int[capacity];
    neg = new int[capacity];
    shared = new int[sharedNegatives];
    sharedValid = new byte[capacity * sharedNegatives];
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

  /** Size of the shared-negative pool (0: this buffer uses per-triple negatives). */
  public int sharedCount() {
    return shared.length;
  }

  /** The pool's item ids (the first {@link #sharedCount()} are valid). */
  public int[] shared() {
    return shared;
  }

  /** 1 where pair {@code b} is compared with pool item {@code j} (index {@code b * sharedCount() + j}), else 0. */
  public byte[] sharedValid() {
    return sharedValid;
  }
}
