package org.recsys4j.models.graphsage;

/**
 * GraphSAGE for link prediction.
 *
 * @param dim width of the node inputs and of every layer's output
 * @param layers SAGE layers (hops of message passing)
 * @param idEmbeddings add a learned embedding per node known in training (transductive); false =
 *     fully inductive, nodes are their features and links
 * @param scorer {@code dot} (inner product of the two embeddings) or {@code mlp} (an MLP over
 *     {@code [h_u, h_i, h_u * h_i]})
 * @param topMlp the hidden sizes of the {@code mlp} scorer
 * @param normalize L2-normalise each layer's output (PyG {@code SAGEConv(normalize=True)})
 * @param dropout dropout probability between layers in training
 */
public record GraphSageConfig(
    int dim,
    int layers,
    boolean idEmbeddings,
    String scorer,
    int[] topMlp,
    boolean normalize,
    float dropout) {
  public GraphSageConfig {
    if (dim < 1) {
      throw new IllegalArgumentException("dim must be >= 1, got " + dim);
    }
    if (layers < 1 || layers > 8) {
      throw new IllegalArgumentException("layers must be in 1..8, got " + layers);
    }
    if (!scorer.equals("dot") && !scorer.equals("mlp")) {
      throw new IllegalArgumentException("scorer must be dot or mlp, got '" + scorer + "'");
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    topMlp = topMlp == null ? new int[] {64} : topMlp.clone();
  }

  @Override
  public int[] topMlp() {
    return topMlp.clone();
  }
}
