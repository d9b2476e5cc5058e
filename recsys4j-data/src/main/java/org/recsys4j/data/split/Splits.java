package org.recsys4j.data.split;

import java.util.Arrays;
import org.recsys4j.core.Rng;
import org.recsys4j.data.InteractionLog;

/**
 * Train/test splits for logs that come without one. Each returns a mask over the log's entries:
 * {@code true} = test. All are deterministic for a seed.
 */
public final class Splits {
  private Splits() {}

  /** The split strategies, named as on the command line. */
  public enum Kind {
    RANDOM("random"),
    LEAVE_LAST("leave-last"),
    TEMPORAL("temporal");

    private final String cli;

    Kind(String cli) {
      this.cli = cli;
    }

    public static Kind parse(String s) {
      for (Kind k : values()) {
        if (k.cli.equals(s)) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          "unknown split '" + s + "': expected random, leave-last or temporal");
    }
  }

  public static boolean[] split(InteractionLog log, Kind kind, double testRatio, long seed) {
    switch (kind) {
      case RANDOM:
        return randomRatio(log, testRatio, seed);
      case LEAVE_LAST:
        return leaveLastOut(log);
      default:
        return temporalCut(log, testRatio);
    }
  }

  /** Entry indices grouped by user, in log order within a user. */
  private static int[][] byUser(InteractionLog log) {
    int users = log.users().size();
    int[] count = new int[users];
    for (int k = 0; k < log.size(); k++) {
      count[log.user(k)]++;
    }
    int[][] g = new int[users][];
    for (int u = 0; u < users; u++) {
      g[u] = new int[count[u]];
    }
    int[] fill = new int[users];
    for (int k = 0; k < log.size(); k++) {
      int u = log.user(k);
      g[u][fill[u]++] = k;
    }
    return g;
  }

  /**
   * Per user, a random {@code round(testRatio * n)} of the user's interactions go to test, keeping
   * at least one in train. Each user's shuffle is seeded by (seed, user), so adding users elsewhere
   * does not change a user's split.
   */
  public static boolean[] randomRatio(InteractionLog log, double testRatio, long seed) {
    if (!(testRatio > 0 && testRatio < 1)) {
      throw new IllegalArgumentException("testRatio must be in (0, 1), got " + testRatio);
    }
    boolean[] test = new boolean[log.size()];
    int[][] g = byUser(log);
    for (int u = 0; u < g.length; u++) {
      int n = g[u].length;
      int nt = (int) Math.min(n - 1, Math.round(testRatio * n));
      if (nt <= 0) {
        continue;
      }
      int[] idx = g[u].clone();
      Rng.derive(seed, u).shuffle(idx, n);
      for (int j = 0; j < nt; j++) {
        test[idx[j]] = true;
      }
    }
    return test;
  }

  /** Interactions split in two: what is kept for training and what is held out. */
  public record Carved(
      org.recsys4j.data.Interactions kept, org.recsys4j.data.Interactions heldOut) {}

  /**
   * Per user, a random {@code round(ratio * n)} of the user's training interactions are held out (a
   * validation split), keeping at least one; each user's draw is seeded by (seed, user).
   */
  public static Carved carvePerUser(org.recsys4j.data.Interactions train, double ratio, long seed) {
    if (!(ratio > 0 && ratio < 1)) {
      throw new IllegalArgumentException("validRatio must be in (0, 1), got " + ratio);
    }
    int[] ptr = train.userPtr();
    int[] items = train.items();
    int n = train.size();
    int[] ku = new int[n];
    int[] ki = new int[n];
    int[] hu = new int[n];
    int[] hi = new int[n];
    int kept = 0;
    int held = 0;
    for (int u = 0; u < train.numUsers(); u++) {
      int deg = ptr[u + 1] - ptr[u];
      int nh = (int) Math.min(deg - 1, Math.round(ratio * deg));
      int[] idx = new int[deg];
      for (int j = 0; j < deg; j++) {
        idx[j] = ptr[u] + j;
      }
      if (nh > 0) {
        Rng.derive(seed, 0x7A11D, u).shuffle(idx, deg);
      }
      for (int j = 0; j < deg; j++) {
        if (j < nh) {
          hu[held] = u;
          hi[held++] = items[idx[j]];
        } else {
          ku[kept] = u;
          ki[kept++] = items[idx[j]];
        }
      }
    }
    if (held == 0) {
      throw new IllegalArgumentException(
          "validRatio " + ratio + " holds out no interaction (every user has too few)");
    }
    int nu = train.numUsers();
    int ni = train.numItems();
    return new Carved(
        org.recsys4j.data.Interactions.fromPairs(nu, ni, ku, ki, kept),
        org.recsys4j.data.Interactions.fromPairs(nu, ni, hu, hi, held));
  }

  /**
   * Per user with two or more interactions, the latest (last in the file on equal times) goes to
   * test.
   */
  public static boolean[] leaveLastOut(InteractionLog log) {
    boolean[] test = new boolean[log.size()];
    for (int[] entries : byUser(log)) {
      if (entries.length < 2) {
        continue;
      }
      int best = entries[0];
      for (int k : entries) {
        if (log.time(k) >= log.time(best)) {
          best = k;
        }
      }
      test[best] = true;
    }
    return test;
  }

  /** A global cut: the latest {@code testRatio} of interactions by timestamp go to test. */
  public static boolean[] temporalCut(InteractionLog log, double testRatio) {
    if (!(testRatio > 0 && testRatio < 1)) {
      throw new IllegalArgumentException("testRatio must be in (0, 1), got " + testRatio);
    }
    long[] times = new long[log.size()];
    for (int k = 0; k < log.size(); k++) {
      times[k] = log.time(k);
    }
    long[] sorted = times.clone();
    Arrays.sort(sorted);
    if (sorted[0] == sorted[sorted.length - 1]) {
      throw new IllegalArgumentException(
          log.source()
              + ": a temporal split needs timestamps, and every row has "
              + "the same time ("
              + sorted[0]
              + "); name a timestamp column, or use split random or leave-last");
    }
    int cutIndex = (int) Math.floor((1 - testRatio) * sorted.length);
    long cutoff = sorted[Math.min(cutIndex, sorted.length - 1)];
    boolean[] test = new boolean[log.size()];
    for (int k = 0; k < log.size(); k++) {
      test[k] = times[k] > cutoff;
    }
    return test;
  }
}
