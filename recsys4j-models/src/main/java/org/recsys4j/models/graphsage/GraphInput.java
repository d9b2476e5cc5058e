package org.recsys4j.models.graphsage;

import org.recsys4j.core.CsrMatrix;
import org.recsys4j.data.graph.HeteroGraph;
import org.recsys4j.data.graph.SampledSubgraph;

/**
 * What a GraphSAGE forward pass reads: the input nodes of each type (global ids, {@code null} = all
 * nodes in id order), their feature rows, and one {@link MessageBlock} per layer from the input
 * nodes towards the target nodes. In a layered mini-batch the nodes of layer l+1 are the first rows
 * of layer l (PyG's convention), so a layer's own-node term reads the leading rows of its input.
 *
 * @param users all users of the graph (-1 when unknown to a sampled input without features)
 * @param userIds global ids of the input users (null: all {@code users} nodes)
 * @param userFeatures their feature rows, or null when users have no features
 * @param userFeaturesT its transpose (for the gradient of the projection)
 */
public record GraphInput(
    int users,
    int items,
    int[] userIds,
    int[] itemIds,
    CsrMatrix userFeatures,
    CsrMatrix userFeaturesT,
    CsrMatrix itemFeatures,
    CsrMatrix itemFeaturesT,
    MessageBlock[] blocks) {

  /**
   * The whole graph, every layer over all nodes (full-batch training and layer-wise inference): the
   * features are all nodes' rows.
   */
  public static GraphInput full(
      HeteroGraph graph, CsrMatrix userFeatures, CsrMatrix itemFeatures, int layers) {
    MessageBlock b = MessageBlock.full(graph);
    MessageBlock[] blocks = new MessageBlock[layers];
    java.util.Arrays.fill(blocks, b);
    return new GraphInput(
        graph.users(),
        graph.items(),
        null,
        null,
        userFeatures,
        transpose(userFeatures),
        itemFeatures,
        transpose(itemFeatures),
        blocks);
  }

  /**
   * A sampled subgraph's input: its local nodes (global ids), their feature rows taken from the
   * rows of all nodes ({@code null}: no features), and one block per hop.
   */
  public static GraphInput sampled(
      SampledSubgraph g, CsrMatrix allUserFeatures, CsrMatrix allItemFeatures) {
    int[] users = java.util.Arrays.copyOf(g.userIds(), g.users());
    int[] items = java.util.Arrays.copyOf(g.itemIds(), g.items());
    CsrMatrix uf = allUserFeatures == null ? null : allUserFeatures.selectRows(users, users.length);
    CsrMatrix itf =
        allItemFeatures == null ? null : allItemFeatures.selectRows(items, items.length);
    MessageBlock[] blocks = new MessageBlock[g.hops()];
    for (int l = 0; l < blocks.length; l++) {
      blocks[l] = MessageBlock.sampled(g, l);
    }
    return new GraphInput(
        allUserFeatures == null ? -1 : allUserFeatures.rows(),
        allItemFeatures == null ? -1 : allItemFeatures.rows(),
        users,
        items,
        uf,
        transpose(uf),
        itf,
        transpose(itf),
        blocks);
  }

  private static CsrMatrix transpose(CsrMatrix m) {
    return m == null || m.cols() == 0 ? null : m.transpose();
  }

  /** Users in the output (the targets of the last block). */
  public int targetUsers() {
    return blocks.length == 0 ? users : blocks[blocks.length - 1].dstUsers();
  }

  /** Items in the output. */
  public int targetItems() {
    return blocks.length == 0 ? items : blocks[blocks.length - 1].dstItems();
  }
}
