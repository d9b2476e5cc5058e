package org.recsys4j.train;

/**
 * The shape of a run: how long, how wide, how many threads and from which seed. The same seed and
 * thread count give the same numbers.
 *
 * @param epochs passes over the training data
 * @param batchSize rows per optimizer step (BPR: (user, positive) pairs; CTR: click-log rows)
 * @param threads worker threads
 * @param seed the seed of initialisation, shuffling and sampling
 */
public record RunConfig(int epochs, int batchSize, int threads, long seed) {
  public RunConfig {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
  }
}
