package org.recsys4j.models;

import java.util.Map;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.core.io.SafeTensors;
import org.recsys4j.core.nn.ParameterSet;
import org.recsys4j.data.sampling.BprBatch;
import org.recsys4j.eval.DotProductRecommender;
import org.recsys4j.eval.Recommender;

/**
 * A trainable model that ranks items for users from implicit feedback, trained with a pairwise
 * (BPR) loss. The trainer calls {@link #loss} and the optimizer; before scoring it calls
 * {@link #prepareForScoring} once, which lets graph models propagate embeddings once rather than
 * per user.
 */
public interface RankingModel extends Recommender {

  /** The model type as written in bundles and on the command line, e.g. {@code lightgcn}. */
  String type();

  /** The model's configuration record (serialised into the bundle manifest). */
  Record config();

  ParameterSet parameters();

  /** Builds the batch's loss on the tape and returns it as a scalar. */
  Variable loss(Tape tape, BprBatch batch);

  /** Computes whatever scoring needs from the current parameters (called after training steps). */
  void prepareForScoring(Parallel parallel);

  /** The final user and item embeddings used for scoring (valid after {@link #prepareForScoring}). */
  DotProductRecommender embeddings();

  /**
   * The live trainable state by name, in the model's internal layout (checkpoints and in-memory
   * snapshots copy these arrays; writing into them changes the model).
   */
  Map<String, SafeTensors.Entry> weights();

  /**
   * The weights in canonical layout (rows in user/item id order), for bundles that other tools read.
   * The same as {@link #weights()} unless the model reorders rows internally.
   */
  default Map<String, SafeTensors.Entry> exportWeights() {
    return weights();
  }

  /**
   * Identifies the internal row layout of {@link #weights()} (and of optimizer state that mirrors
   * it), so that a checkpoint is never resumed into a model that lays its rows out differently.
   */
  default String layout() {
    return "canonical";
  }

  /** Loads weights in the layout of {@link #exportWeights()}; names and shapes must match. */
  default void loadWeights(Map<String, SafeTensors.Entry> saved) {
    copyInto(weights(), saved);
  }

  /** Copies {@code saved} into the arrays of {@code target}, checking names and shapes. */
  static void copyInto(Map<String, SafeTensors.Entry> target, Map<String, SafeTensors.Entry> saved) {
    for (Map.Entry<String, SafeTensors.Entry> e : target.entrySet()) {
      SafeTensors.Entry s = saved.get(e.getKey());
      if (s == null) {
        throw new IllegalArgumentException("weights file has no tensor '" + e.getKey() + "'; has " + saved.keySet());
      }
      if (!java.util.Arrays.equals(s.shape(), e.getValue().shape())) {
        throw new IllegalArgumentException("tensor '" + e.getKey() + "' has shape "
            + java.util.Arrays.toString(s.shape()) + ", the model expects " + java.util.Arrays.toString(e.getValue().shape()));
      }
      float[] dst = e.getValue().floats();
      System.arraycopy(s.floats(), 0, dst, 0, dst.length);
    }
  }

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
