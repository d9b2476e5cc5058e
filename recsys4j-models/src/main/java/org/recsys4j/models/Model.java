package org.recsys4j.models;

import java.util.Arrays;
import java.util.Map;
import org.recsys4j.core.io.SafeTensors;
import org.recsys4j.core.nn.ParameterSet;

/**
 * What every trainable model is to the training lifecycle and the bundle format, whatever its
 * family: a type name, a configuration record, parameters for the optimizer, and named weights to
 * checkpoint, snapshot and save. What a model can answer (a {@code Recommender}, a {@code Scorer})
 * is a separate interface in eval.
 */
public interface Model {

  /** The model type as written in bundles and on the command line, e.g. {@code lightgcn}. */
  String type();

  /** The model's configuration record (serialised into the bundle manifest). */
  Record config();

  ParameterSet parameters();

  /**
   * The live trainable state by name, in the model's internal layout (checkpoints and in-memory
   * snapshots copy these arrays; writing into them changes the model).
   */
  Map<String, SafeTensors.Entry> weights();

  /**
   * The weights in canonical layout (rows in user/item id order), for bundles that other tools
   * read. The same as {@link #weights()} unless the model reorders rows internally.
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

  /**
   * Loads weights in the layout of {@link #exportWeights()}; names and shapes must match, values be
   * finite.
   */
  default void loadWeights(Map<String, SafeTensors.Entry> saved) {
    copyInto(weights(), saved);
  }

  /**
   * Called after the parameters changed and before the model answers queries (graph models
   * propagate their embeddings here once rather than per query). Does nothing by default.
   */
  default void prepareForScoring(org.recsys4j.core.Parallel parallel) {}

  /**
   * Copies {@code saved} into the arrays of {@code target}, checking names and shapes, and that
   * every value is finite: a NaN or infinite weight (a damaged file, a bit flip) is an error naming
   * the tensor, never something served.
   */
  static void copyInto(
      Map<String, SafeTensors.Entry> target, Map<String, SafeTensors.Entry> saved) {
    for (Map.Entry<String, SafeTensors.Entry> e : target.entrySet()) {
      SafeTensors.Entry s = saved.get(e.getKey());
      if (s == null) {
        throw new IllegalArgumentException(
            "weights file has no tensor '" + e.getKey() + "'; has " + saved.keySet());
      }
      if (!Arrays.equals(s.shape(), e.getValue().shape())) {
        throw new IllegalArgumentException(
            "tensor '"
                + e.getKey()
                + "' has shape "
                + Arrays.toString(s.shape())
                + ", the model expects "
                + Arrays.toString(e.getValue().shape()));
      }
      float[] src = s.floats();
      for (int i = 0; i < src.length; i++) {
        if (!Float.isFinite(src[i])) {
          throw new IllegalArgumentException(
              "tensor '"
                  + e.getKey()
                  + "' holds "
                  + src[i]
                  + " at index "
                  + i
                  + "; the weights are damaged");
        }
      }
      float[] dst = e.getValue().floats();
      System.arraycopy(src, 0, dst, 0, dst.length);
    }
  }

  /**
   * The weights of a parameter set by name (dense parameters, then tables), aliasing the live
   * arrays: what most models return from {@link #weights()}.
   */
  static Map<String, SafeTensors.Entry> weightsOf(ParameterSet params) {
    Map<String, SafeTensors.Entry> w = new java.util.LinkedHashMap<>();
    for (org.recsys4j.core.nn.Parameter p : params.dense()) {
      w.put(p.name(), SafeTensors.Entry.f32(p.value().data(), p.value().shape()));
    }
    for (org.recsys4j.core.nn.EmbeddingTable t : params.tables()) {
      w.put(t.name(), SafeTensors.Entry.f32(t.weights(), t.rows(), t.dim()));
    }
    return w;
  }
}
