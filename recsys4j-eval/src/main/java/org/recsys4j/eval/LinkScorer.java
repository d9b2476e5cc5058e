package org.recsys4j.eval;

/**
 * Click probabilities of (user, item) links, by node index: what a link model answers once it has
 * embedded the nodes of a graph.
 */
public interface LinkScorer {

  /** Writes the probability of link ({@code users[k]}, {@code items[k]}) to {@code out[k]}. */
  void scoreLinks(int[] users, int[] items, float[] out);
}
