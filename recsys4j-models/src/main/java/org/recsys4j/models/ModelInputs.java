package org.recsys4j.models;

import org.recsys4j.data.Interactions;

/**
 * What a model is built over, taken from the training data: the interactions of a ranking model (it
 * sizes its tables from them, graph models also build their graph), or the feature shape of a CTR
 * model (dense width, the categorical tables' sizes and the multi-hot vocabularies' sizes). Exactly
 * one is present.
 */
public record ModelInputs(Interactions interactions, FeatureShape features) {
  public ModelInputs {
    if ((interactions == null) == (features == null)) {
      throw new IllegalArgumentException(
          "model inputs: exactly one of interactions and features is required");
    }
  }

  /** Inputs of a ranking model. */
  public static ModelInputs of(Interactions train) {
    return new ModelInputs(train, null);
  }

  /** Inputs of a CTR model. */
  public static ModelInputs of(FeatureShape features) {
    return new ModelInputs(null, features);
  }

  /** The shape of CTR feature rows. */
  public record FeatureShape(int dense, int[] cardinalities, int[] bagCardinalities) {
    public FeatureShape {
      if (dense < 0) {
        throw new IllegalArgumentException("dense width must be >= 0, got " + dense);
      }
      cardinalities = cardinalities.clone();
      bagCardinalities = bagCardinalities == null ? new int[0] : bagCardinalities.clone();
    }

    @Override
    public int[] cardinalities() {
      return cardinalities.clone();
    }

    @Override
    public int[] bagCardinalities() {
      return bagCardinalities.clone();
    }
  }

  /** The interactions, or an error naming the model that needed them. */
  public Interactions requireInteractions(String type) {
    if (interactions == null) {
      throw new IllegalArgumentException(
          type + " is a ranking model: it trains on interactions, not feature rows");
    }
    return interactions;
  }

  /** The feature shape, or an error naming the model that needed it. */
  public FeatureShape requireFeatures(String type) {
    if (features == null) {
      throw new IllegalArgumentException(
          type + " is a CTR model: it trains on feature rows, not interactions");
    }
    return features;
  }
}
