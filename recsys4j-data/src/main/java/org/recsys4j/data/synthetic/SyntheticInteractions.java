package org.recsys4j.data.synthetic;

import java.util.Arrays;
import org.recsys4j.core.Rng;
import org.recsys4j.data.Dataset;
import org.recsys4j.data.IdMap;
import org.recsys4j.data.InteractionLog;
import org.recsys4j.data.Interactions;
import org.recsys4j.data.split.Splits;

/**
 * Generates implicit-feedback data with a planted community structure, so that a model that learns
 * collaborative signal measurably beats popularity: items and users belong to {@code communities};
 * a user draws most items from its own community and the rest from the global catalogue, both with
 * Zipf-distributed item popularity. The result is split per user at random (80/20).
 *
 * @param users number of users
 * @param items number of items
 * @param communities number of planted communities
 * @param meanPerUser average interactions per user (geometric, at least 5)
 * @param inCommunity probability that an interaction stays in the user's community
 * @param zipf the Zipf exponent of item popularity
 * @param seed the seed; the same seed gives the same dataset
 */
public record SyntheticInteractions(
    int users,
    int items,
    int communities,
    int meanPerUser,
    double inCommunity,
    double zipf,
    long seed) {

  public SyntheticInteractions {
    if (users < 2 || items < 10 || communities < 1 || communities > items || meanPerUser < 5) {
      throw new IllegalArgumentException(
          "synthetic data needs users >= 2, items >= 10, 1 <= communities <= items, "
              + "meanPerUser >= 5");
    }
    if (!(inCommunity >= 0 && inCommunity <= 1) || !(zipf >= 0)) {
      throw new IllegalArgumentException("inCommunity must be in [0, 1] and zipf >= 0");
    }
  }

  /** The quickstart's default: 3,000 users, 2,000 items, 20 communities, ~40 interactions each. */
  public static SyntheticInteractions quickstart(long seed) {
    return new SyntheticInteractions(3000, 2000, 20, 40, 0.8, 0.8, seed);
  }

  public Dataset generate() {
    Rng rng = new Rng(seed);
    IdMap userIds = new IdMap();
    IdMap itemIds = new IdMap();
    for (int u = 0; u < users; u++) {
      userIds.add("u" + u);
    }
    for (int i = 0; i < items; i++) {
      itemIds.add("i" + i);
    }
    int[] itemCommunity = new int[items];
    for (int i = 0; i < items; i++) {
      itemCommunity[i] = rng.nextInt(communities);
    }
    // Zipf weights by a random popularity rank; cumulative tables for the global and each
    // community.
    int[] rank = new int[items];
    for (int i = 0; i < items; i++) {
      rank[i] = i;
    }
    rng.shuffle(rank, items);
    double[] weight = new double[items];
    for (int i = 0; i < items; i++) {
      weight[rank[i]] = 1.0 / Math.pow(i + 1, zipf);
    }
    int[][] members = new int[communities][];
    double[][] cum = new double[communities][];
    for (int c = 0; c < communities; c++) {
      final int cc = c;
      members[c] =
          java.util.stream.IntStream.range(0, items).filter(i -> itemCommunity[i] == cc).toArray();
      cum[c] = cumulative(members[c], weight);
    }
    int[] all = new int[items];
    for (int i = 0; i < items; i++) {
      all[i] = i;
    }
    double[] cumAll = cumulative(all, weight);
    InteractionLog log = new InteractionLog("synthetic", userIds, itemIds);
    boolean[] taken = new boolean[items];
    int[] chosen = new int[items];
    for (int u = 0; u < users; u++) {
      int c = rng.nextInt(communities);
      int n = Math.min(items / 2, 5 + (int) (-Math.log(1 - rng.nextDouble()) * (meanPerUser - 5)));
      int got = 0;
      for (int attempts = 0; got < n && attempts < 50 * n; attempts++) {
        boolean own = members[c].length > 0 && rng.nextDouble() < inCommunity;
        int item = own ? members[c][draw(cum[c], rng)] : all[draw(cumAll, rng)];
        if (!taken[item]) {
          taken[item] = true;
          chosen[got++] = item;
          log.add(u, item, 1f, attempts, 0);
        }
      }
      for (int j = 0; j < got; j++) {
        taken[chosen[j]] = false;
      }
    }
    boolean[] test = Splits.randomRatio(log, 0.2, seed + 1);
    boolean[] train = new boolean[test.length];
    for (int k = 0; k < test.length; k++) {
      train[k] = !test[k];
    }
    Interactions tr = log.toInteractions(train, users, items, false);
    Interactions te = log.toInteractions(test, users, items, false);
    return new Dataset("synthetic-" + users + "x" + items, userIds, itemIds, tr, te);
  }

  private static double[] cumulative(int[] ids, double[] weight) {
    double[] c = new double[ids.length];
    double s = 0;
    for (int j = 0; j < ids.length; j++) {
      s += weight[ids[j]];
      c[j] = s;
    }
    return c;
  }

  private static int draw(double[] cum, Rng rng) {
    double x = rng.nextDouble() * cum[cum.length - 1];
    int j = Arrays.binarySearch(cum, x);
    return Math.min(cum.length - 1, j >= 0 ? j : -j - 1);
  }
}
