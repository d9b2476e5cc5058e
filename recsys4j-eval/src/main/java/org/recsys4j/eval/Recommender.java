package org.recsys4j.eval;

import org.recsys4j.core.util.TopK;

/**
 * Anything that scores items for users. The batch method is the fast path used by evaluation and
 * serving; {@link #recommend} is the convenience for one user.
 */
public interface Recommender {
  int numUsers();

  int numItems();

  /**
   * Scores every item for {@code users[from..to)} into {@code out}, row-major {@code (to - from) x
   * numItems()}. Higher is better. Implementations must be safe to call from several threads at
   * once on different output buffers.
   */
  void scoreAll(int[] users, int from, int to, float[] out);

  /** Scores of all items for one user. */
  default float[] scores(int user) {
    checkUser(user);
    float[] out = new float[numItems()];
    scoreAll(new int[] {user}, 0, 1, out);
    return out;
  }

  /**
   * The {@code k} best items for {@code user}, best first, never one of {@code exclude} (for
   * example the user's training items; may be null). Ties go to the smaller item index.
   */
  default int[] recommend(int user, int k, int[] exclude) {
    float[] s = scores(user);
    if (exclude != null) {
      for (int it : exclude) {
        s[it] = Float.NEGATIVE_INFINITY;
      }
    }
    TopK top = new TopK(Math.max(1, Math.min(k, numItems())));
    top.offerAll(s, 0, s.length);
    int[] ids = new int[top.k()];
    int n = top.drainSorted(ids, null);
    return java.util.Arrays.copyOf(ids, n);
  }

  default void checkUser(int user) {
    if (user < 0 || user >= numUsers()) {
      throw new IllegalArgumentException("user index " + user + " outside [0, " + numUsers() + ")");
    }
  }
}
