package org.recsys4j.data.sampling;

/**
 * A caller-owned buffer of (user, positive item) pairs with their negatives; {@link #size()} pairs
 * are valid. Samplers fill it in place so that no arrays are allocated per batch.
 *
 * <p>Negatives come in one of two forms. Per pair: {@link #negativesPerPair()} items for each pair,
 * pair {@code b}'s at {@code neg()[b * negativesPerPair() + j]}. Or a shared pool ({@link
 * #sharedCount()} > 0): every pair of the batch is compared with all pool items, except those
 * marked 0 in {@link #sharedValid()} (row-major {@code [size, sharedCount]}), which are training
 * positives of that pair's user.
 */
public final class BprBatch {
  private final int[] users;
  private final int[] pos;
  private final int[] neg;
  private final int negativesPerPair;
  private final int[] shared;
  private final byte[] sharedValid;
  private int size;

  /** Pairs with one negative each. */
  public BprBatch(int capacity) {
    this(capacity, 1, 0);
  }

  /**
   * @param capacity pairs per batch
   * @param negativesPerPair negatives drawn for each pair (ignored with a shared pool)
   * @param sharedNegatives size of the shared pool, 0 for per-pair negatives
   */
  public BprBatch(int capacity, int negativesPerPair, int sharedNegatives) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + capacity);
    }
    if (negativesPerPair < 1 || sharedNegatives < 0) {
      throw new IllegalArgumentException(
          "negatives per pair must be >= 1 and the shared pool >= 0, got "
              + negativesPerPair
              + " and "
              + sharedNegatives);
    }
    int perPair = sharedNegatives > 0 ? 0 : negativesPerPair;
    if ((long) capacity * Math.max(perPair, sharedNegatives) > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "batch of "
              + capacity
              + " pairs with "
              + Math.max(perPair, sharedNegatives)
              + " negatives each does not fit an array");
    }
    users = new int[capacity];
    pos = new int[capacity];
    this.negativesPerPair = perPair;
    neg = new int[capacity * perPair];
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

  /** Negatives per pair (0 when the batch uses a shared pool). */
  public int negativesPerPair() {
    return negativesPerPair;
  }

  /** Per-pair negatives: pair {@code b}'s {@code j}-th at {@code b * negativesPerPair() + j}. */
  public int[] neg() {
    return neg;
  }

  /** Size of the shared-negative pool (0: this buffer uses per-pair negatives). */
  public int sharedCount() {
    return shared.length;
  }

  /** The pool's item ids. */
  public int[] shared() {
    return shared;
  }

  /**
   * 1 where pair {@code b} is compared with pool item {@code j} (index {@code b * sharedCount() +
   * j}), else 0.
   */
  public byte[] sharedValid() {
    return sharedValid;
  }
}
