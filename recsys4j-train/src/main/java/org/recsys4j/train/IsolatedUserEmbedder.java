package org.recsys4j.train;

import java.util.List;
import java.util.Map;
import org.recsys4j.core.CsrMatrix;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.data.graph.HeteroGraph;
import org.recsys4j.data.graph.NodeFeatures;
import org.recsys4j.data.impressions.NodeSchema;
import org.recsys4j.models.LinkModel;
import org.recsys4j.models.graphsage.GraphInput;
import org.recsys4j.models.graphsage.MessageBlock;

/**
 * The output embedding of a user the link bundle never saw and that has no links yet, from its
 * feature fields alone: the inductive cold start of one request. A node without neighbours
 * aggregates nothing at any layer, so its embedding depends on its own features only; it is
 * computed over a one-user, one-item, linkless graph instead of the whole graph (what {@link
 * LinkEmbedder} would do for the same node, in microseconds instead of a full pass). Its global id
 * is past every known user, so it gets no id embedding, as in {@link LinkEmbedder}.
 */
public final class IsolatedUserEmbedder {
  private final LinkModel model;
  private final NodeFeatures userFeatures;
  private final GraphInput template;

  /** For the link bundle {@code b}. */
  public IsolatedUserEmbedder(ModelBundle b) {
    this.model = b.linkModel("embedding a new user");
    GraphSection g = b.graph();
    this.userFeatures = g.userFeatures();
    String[] types = g.edgeTypes().toArray(String[]::new);
    HeteroGraph lonely =
        HeteroGraph.build(1, 1, types, new int[0], new int[0], new int[0], null, new int[0], 0);
    MessageBlock block = MessageBlock.full(lonely);
    MessageBlock[] blocks = new MessageBlock[model.layers()];
    java.util.Arrays.fill(blocks, block);
    CsrMatrix item =
        g.itemFeatures().width() == 0 ? null : g.itemFeatures().encode(new String[][] {null});
    this.template =
        new GraphInput(
            g.knownUsers() + 1,
            g.knownItems() + 1,
            new int[] {g.knownUsers()},
            new int[] {g.knownItems()},
            null,
            null,
            item,
            item == null ? null : item.transpose(),
            blocks);
  }

  /** The embedding dimension. */
  public int dim() {
    return model.dim();
  }

  /** The user feature columns a request may give, in the node table's order. */
  public List<String> features() {
    return userFeatures.schema().features().stream().map(NodeSchema.Column::name).toList();
  }

  /**
   * The embedding of a new user with the given feature fields by column name (absent: missing); a
   * name that is no feature column is an error naming the columns.
   */
  public float[] embed(Map<String, String> fields) {
    List<NodeSchema.Column> cols = userFeatures.schema().features();
    for (String name : fields.keySet()) {
      if (cols.stream().noneMatch(c -> c.name().equals(name))) {
        throw new IllegalArgumentException(
            "'" + name + "' is not a user feature; the features are " + features());
      }
    }
    String[] row = new String[cols.size()];
    for (int j = 0; j < row.length; j++) {
      row[j] = fields.get(cols.get(j).name());
    }
    CsrMatrix user = userFeatures.width() == 0 ? null : userFeatures.encode(new String[][] {row});
    GraphInput in =
        new GraphInput(
            template.users(),
            template.items(),
            template.userIds(),
            template.itemIds(),
            user,
            user == null ? null : user.transpose(),
            template.itemFeatures(),
            template.itemFeaturesT(),
            template.blocks());
    return model.embed(new Tape(Parallel.serial()), in, false, null).users().value().toArray();
  }
}
