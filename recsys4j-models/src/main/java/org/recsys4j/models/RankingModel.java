package org.recsys4j.models;

import org.recsys4j.core.Parallel;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.data.sampling.BprBatch;
import org.recsys4j.eval.DotProductRecommender;
import org.recsys4j.eval.Recommender;

/**
 * A trainable model that ranks items for users from implicit feedback, trained with a pairwise
 * (BPR) loss. The trainer calls {@link #loss} and the optimizer; before scoring it calls {@link
 * #prepareForScoring} once, which lets graph models propagate embeddings once rather than per user.
 */
public interface RankingModel extends Model, Recommender {

  /** Builds the batch's loss on the tape and returns it as a scalar. */
  Variable loss(Tape tape, BprBatch batch);

  /** Computes whatever scoring needs from the current parameters (called after training steps). */
  @Override
  void prepareForScoring(Parallel parallel);

  /**
   * The final user and item embeddings used for scoring (valid after {@link #prepareForScoring}).
   */
  DotProductRecommender embeddings();

  @Override
  default int numUsers() {
    return embeddings().numUsers();
  }

  @Override
  default int numItems() {
    return embeddings().numItems();
  }

  @Override
  default void scoreAll(int[] users, int from, int to, float[] out) {
    embeddings().scoreAll(users, from, to, out);
  }
}
