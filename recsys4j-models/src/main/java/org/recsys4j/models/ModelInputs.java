package org.recsys4j.models;

import org.recsys4j.data.Interactions;

/**
 * What a model is built over, taken from the training data: the interactions of a ranking model (it
 * sizes its tables from them, graph models also build their graph), or the feature shape of a CTR
 * model (dense width, the categorical tables' sizes and the multi-hot vocabularies' sizes). Exactly
 * one is present.
 */
public record ModelInputs(Interactions interactions, FeatureShape features, GraphShape graph) {
  public ModelInputs {
    int present =
        (interactions != null ? 1 : 0) + (features != null ? 1 : 0) + (graph != null ? 1 : 0);
    if (present != 1) {
      throw new IllegalArgumentException(
          "model inputs: exactly one of interactions, features and graph is required");
    }
  }

  /** Inputs of a ranking model. */
  public static ModelInputs of(Interactions train) {
    return new ModelInputs(train, null, null);
  }

  /** Inputs of a CTR model. */
  public static ModelInputs of(FeatureShape features) {
    return new ModelInputs(null, features, null);
  }

  /** Inputs of a link model. */
  public static ModelInputs of(GraphShape graph) {
    return new ModelInputs(null, null, graph);
  }

  /**
   * The shape of a user-item graph with node features: the nodes known in training (they get id
   * embeddings), the width of each node type's feature rows, and the edge types that pass messages.
   */
  public record GraphShape(
      int knownUsers,
      int knownItems,
      int userFeatures,
      int itemFeatures,
      java.util.List<String> edgeTypes) {
    public GraphShape {
      if (knownUsers < 0 || knownItems < 0 || userFeatures < 0 || itemFeatures < 0) {
        throw new IllegalArgumentException("graph shape sizes must be >= 0");
      }
      if (edgeTypes.isEmpty()) {
        throw new IllegalArgumentException("a graph needs at least one edge type");
      }
      edgeTypes = java.util.List.copyOf(edgeTypes);
    }
  }

  /** The graph shape, or an error naming the model that needed it. */
  public GraphShape requireGraph(String type) {
    if (graph == null) {
      throw new IllegalArgumentException(
          type + " is a link model: it trains on an impression log with its user-item graph");
    }
    return graph;
  }

  /**
   * The shape of CTR feature rows: {@code dense} dense inputs, one table per categorical column and
   * per multi-hot column, and the dense blocks fine-tuned per id ({@code tuned}: joined node
   * embeddings that the model adjusts, see {@link Tuned}).
   */
  public record FeatureShape(
      int dense, int[] cardinalities, int[] bagCardinalities, java.util.List<Tuned> tuned) {
    public FeatureShape {
      if (dense < 0) {
        throw new IllegalArgumentException("dense width must be >= 0, got " + dense);
      }
      cardinalities = cardinalities.clone();
      bagCardinalities = bagCardinalities == null ? new int[0] : bagCardinalities.clone();
      tuned = tuned == null ? java.util.List.of() : java.util.List.copyOf(tuned);
      for (Tuned t : tuned) {
        if (t.denseFrom() < 0 || t.width() < 1 || t.denseFrom() + t.width() > dense) {
          throw new IllegalArgumentException(
              "fine-tuned dense block ["
                  + t.denseFrom()
                  + ", +"
                  + t.width()
                  + ") outside "
                  + dense);
        }
        if (t.column() < 0 || t.column() >= cardinalities.length) {
          throw new IllegalArgumentException(
              "fine-tuned block keyed by categorical column "
                  + t.column()
                  + " of "
                  + cardinalities.length);
        }
      }
    }

    /** A shape without fine-tuned blocks. */
    public FeatureShape(int dense, int[] cardinalities, int[] bagCardinalities) {
      this(dense, cardinalities, bagCardinalities, null);
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

  /**
   * Dense inputs {@code [denseFrom, denseFrom + width)} that the model fine-tunes per id of
   * categorical column {@code column}: a learned correction per id, starting at zero, is added to
   * them (the joined node embedding of a row's user or item), which is the same as training a table
   * that starts from the joined vectors.
   */
  public record Tuned(int denseFrom, int width, int column) {}

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
