package org.recsys4j.data.sampling;

import org.recsys4j.core.Rng;
import org.recsys4j.data.Interactions;

/**
 * Uniform BPR sampling: an epoch visits every training interaction once in a shuffled order, and
 * pairs it with an item drawn uniformly from those the user has not interacted with in training
 * (rejection sampling against the user's sorted item list). The stream of an epoch is a function
 * of (seed, epoch) only, so a run resumed at an epoch boundary continues identically.
 */
public final class BprSampler {
  private final Interactions train;
  private final long seed;
  private final int[] order;
  private final int[] userOf;
  private Rng negRng;
  private int cursor;

  public BprSampler(Interactions train, long seed) {
    if (train.size() == 0) {
      throw new IllegalArgumentException("no training interactions to sample from");
    }
    this.train = train;
    this.seed = seed;
    this.order = new int[train.size()];
    this.userOf = new int[train.size()];
    int[] ptr = train.userPtr();
    for (int u = 0; u < train.numUsers(); u++) {
      if (train.degree(u) >= train.numItems()) {
        throw new IllegalArgumentException("user " + u + " has interacted with every item: no negative exists");
      }
      java.util.Arrays.fill(userOf, ptr[u], ptr[u + 1], u);
    }
  }

  /** Starts epoch {@code epoch} (0-based): reshuffles the interactions with its own stream. */
  public void startEpoch(int epoch) {
    for (int k = 0; k < order.length; k++) {
      order[k] = k;
    }
    Rng.derive(seed, epoch, 1).shuffle(order, order.length);
    negRng = Rng.derive(seed, epoch, 2);
    cursor = 0;
  }

  /** Interactions per epoch. */
  public int epochSize() {
    return order.length;
  }

  /** Fills {@code batch} with the next triples; returns false when the epoch is exhausted. */
  public boolean next(BprBatch batch) {
    if (negRng == null) {
      throw new IllegalStateException("call startEpoch(epoch) before next()");
    }
    int n = Math.min(batch.capacity(), order.length - cursor);
    if (n <= 0) {
      return false;
    }
    int[] items = train.items();
    int numItems = train.numItems();
    for (int b = 0; b < n; b++) {
      int k = order[cursor + b];
      int u = userOf[k];
      batch.users()[b] = u;
      batch.pos()[b] = items[k];
      int neg;
      do {
        neg = negRng.nextInt(numItems);
      } while (train.contains(u, neg));
      batch.neg()[b] = neg;
    }
    cursor += n;
    batch.setSize(n);
    return true;
  }
}
