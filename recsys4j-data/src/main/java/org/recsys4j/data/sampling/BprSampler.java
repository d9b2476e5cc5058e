package org.recsys4j.data.sampling;

import java.util.Locale;
import org.recsys4j.core.Rng;
import org.recsys4j.data.Interactions;

/**
 * Uniform BPR sampling of (user, positive) pairs with their negatives. An epoch holds one pair per
 * training interaction; how the pairs are chosen is the {@link Mode}. Each pair gets the buffer's
 * {@link BprBatch#negativesPerPair()} negatives, drawn uniformly from the items the user has not
 * interacted with in training (rejection sampling against the user's sorted item list), so a
 * batch's loss can be BPR averaged over several negatives per positive. The stream of an epoch is a
 * function of (seed, epoch) only, so a run resumed at an epoch boundary continues identically.
 *
 * <p>With a shared pool of {@code S} negatives (a buffer made with {@link #newBatch newBatch(B,
 * S)}), each batch instead draws S items uniformly and every pair of the batch is compared with all
 * of them, except the ones the pair's user has in training (marked invalid). Many negatives per
 * positive then cost one {@code [B,D] x [D,S]} product rather than S gathers per pair: the
 * published MF-BPR results on Gowalla use hundreds of negatives per positive.
 */
public final class BprSampler {

  /** How an epoch picks its (user, positive item) pairs. */
  public enum Mode {
    /**
     * Users uniformly with replacement, then one of the user's items uniformly: every user carries
     * the same weight whatever their activity. This is the LightGCN and NGCF reference code's
     * sampler ({@code UniformSample_original}), and the per-user average metrics reward it.
     */
    USER,
    /**
     * Every training interaction once, in a shuffled order: heavy users carry weight by activity.
     */
    INTERACTION;

    /** Parses {@code user} or {@code interaction} (the CLI's {@code --sampling}). */
    public static Mode parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "sampling must be 'user' or 'interaction', got '" + s + "'");
      }
    }

    /** The lower-case name used in configs and manifests. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Interactions train;
  private final long seed;
  private final Mode mode;
  private final int negatives;
  private final int[] order;
  private final int[] userOf;
  private Rng pairRng;
  private Rng negRng;
  private long cursor;

  /**
   * For the shared pool: the first pool slot holding an item, -1 if none (reset after every batch).
   */
  private int[] poolHead;

  private int[] poolNext = new int[0];

  /** An interaction-order sampler (the behaviour before {@link Mode} existed). */
  public BprSampler(Interactions train, long seed) {
    this(train, seed, Mode.INTERACTION);
  }

  public BprSampler(Interactions train, long seed, Mode mode) {
    this(train, seed, mode, 1);
  }

  /**
   * A sampler that gives every pair {@code negatives} negatives; batches must be made with {@link
   * #newBatch(int, int)} (or with the same count of negatives per pair).
   */
  public BprSampler(Interactions train, long seed, Mode mode, int negatives) {
    if (negatives < 1) {
      throw new IllegalArgumentException("negatives must be >= 1, got " + negatives);
    }
    if (train.size() == 0) {
      throw new IllegalArgumentException("no training interactions to sample from");
    }
    this.train = train;
    this.seed = seed;
    this.mode = mode;
    this.negatives = negatives;
    for (int u = 0; u < train.numUsers(); u++) {
      if (train.degree(u) >= train.numItems()) {
        throw new IllegalArgumentException(
            "user " + u + " has interacted with every item: no negative exists");
      }
    }
    if (mode == Mode.INTERACTION) {
      this.order = new int[train.size()];
      this.userOf = new int[train.size()];
      int[] ptr = train.userPtr();
      for (int u = 0; u < train.numUsers(); u++) {
        java.util.Arrays.fill(userOf, ptr[u], ptr[u + 1], u);
      }
    } else {
      this.order = null;
      // Users with no training item cannot be drawn: keep the ones that have some.
      int n = 0;
      for (int u = 0; u < train.numUsers(); u++) {
        n += train.degree(u) > 0 ? 1 : 0;
      }
      this.userOf = new int[n];
      n = 0;
      for (int u = 0; u < train.numUsers(); u++) {
        if (train.degree(u) > 0) {
          userOf[n++] = u;
        }
      }
    }
  }

  public Mode mode() {
    return mode;
  }

  /** Starts epoch {@code epoch} (0-based) with its own random streams. */
  public void startEpoch(int epoch) {
    if (mode == Mode.INTERACTION) {
      for (int k = 0; k < order.length; k++) {
        order[k] = k;
      }
      Rng.derive(seed, epoch, 1).shuffle(order, order.length);
    } else {
      pairRng = Rng.derive(seed, epoch, 3);
    }
    negRng = Rng.derive(seed, epoch, 2);
    cursor = 0;
  }

  /** Negatives per positive. */
  public int negatives() {
    return negatives;
  }

  /**
   * A buffer for {@code pairs} pairs with this sampler's negatives, or a shared pool of {@code
   * sharedNegatives}.
   */
  public BprBatch newBatch(int pairs, int sharedNegatives) {
    return new BprBatch(pairs, negatives, sharedNegatives);
  }

  /** Pairs per epoch: one per training interaction. */
  public int epochSize() {
    return train.size();
  }

  /**
   * Fills {@code batch} with the next pairs and their negatives; returns false when the epoch is
   * exhausted.
   */
  public boolean next(BprBatch batch) {
    if (negRng == null) {
      throw new IllegalStateException("call startEpoch(epoch) before next()");
    }
    int n = (int) Math.min(batch.capacity(), train.size() - cursor);
    if (n <= 0) {
      return false;
    }
    boolean pooled = batch.sharedCount() > 0;
    if (pooled && negatives > 1) {
      throw new IllegalArgumentException(
          "a shared negative pool replaces per-pair negatives: negatives must be 1 with it");
    }
    int per = batch.negativesPerPair();
    if (!pooled && per != negatives) {
      throw new IllegalArgumentException(
          "batch holds " + per + " negatives per pair, the sampler draws " + negatives);
    }
    int[] items = train.items();
    int[] ptr = train.userPtr();
    int numItems = train.numItems();
    for (int b = 0; b < n; b++) {
      int u;
      int k;
      if (mode == Mode.INTERACTION) {
        k = order[(int) (cursor + b)];
        u = userOf[k];
      } else {
        u = userOf[pairRng.nextInt(userOf.length)];
        k = ptr[u] + pairRng.nextInt(ptr[u + 1] - ptr[u]);
      }
      batch.users()[b] = u;
      batch.pos()[b] = items[k];
      for (int j = 0; j < per; j++) {
        int neg;
        do {
          neg = negRng.nextInt(numItems);
        } while (train.contains(u, neg));
        batch.neg()[b * per + j] = neg;
      }
    }
    if (pooled) {
      drawPool(batch, n);
    }
    cursor += n;
    batch.setSize(n);
    return true;
  }

  /** Draws the batch's shared pool and marks the pairs whose user has a pool item in training. */
  private void drawPool(BprBatch batch, int n) {
    int s = batch.sharedCount();
    int[] pool = batch.shared();
    byte[] valid = batch.sharedValid();
    if (poolHead == null) {
      poolHead = new int[train.numItems()];
      java.util.Arrays.fill(poolHead, -1);
    }
    if (poolNext.length < s) {
      poolNext = new int[s];
    }
    for (int j = 0; j < s; j++) {
      int item = negRng.nextInt(train.numItems());
      pool[j] = item;
      poolNext[j] = poolHead[item];
      poolHead[item] = j;
    }
    java.util.Arrays.fill(valid, 0, n * s, (byte) 1);
    int[] items = train.items();
    int[] ptr = train.userPtr();
    // Walk each user's training items (tens) rather than testing each pool item (hundreds) per
    // pair.
    for (int b = 0; b < n; b++) {
      int u = batch.users()[b];
      for (int k = ptr[u]; k < ptr[u + 1]; k++) {
        for (int j = poolHead[items[k]]; j >= 0; j = poolNext[j]) {
          valid[b * s + j] = 0;
        }
      }
    }
    for (int j = 0; j < s; j++) {
      poolHead[pool[j]] = -1;
    }
  }
}
