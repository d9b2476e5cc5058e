package org.recsys4j.eval;

/**
 * Click probabilities of (user, item) links, by node index: what a link model answers once it has
 * embedded the nodes of a graph.
 */
public interface LinkScorer {

  /** Writes the probability of link ({@code users[k]}, {@code items[k]}) to {@code out[k]}. */
  void scoreLinks(int[] users, int[] items, float[] out);

  /**
   * Writes the probability of link ({@code users[k]}, {@code items[k]}) shown at {@code times[k]}
   * (epoch seconds) to {@code out[k]}. A scorer over one fixed graph ignores the times; one that
   * sees the graph as it was when each link was shown uses them.
   */
  default void scoreLinks(int[] users, int[] items, long[] times, float[] out) {
    scoreLinks(users, items, out);
  }
}
