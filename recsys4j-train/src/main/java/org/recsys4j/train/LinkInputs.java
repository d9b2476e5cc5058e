package org.recsys4j.train;

import java.util.List;
import org.recsys4j.core.CsrMatrix;
import org.recsys4j.data.graph.LinkData;
import org.recsys4j.data.graph.LinkSplitOptions;
import org.recsys4j.data.graph.NeighborSampler;
import org.recsys4j.data.graph.NodeFeatures;
import org.recsys4j.data.impressions.ImpressionDataset;
import org.recsys4j.models.LinkModel;
import org.recsys4j.models.ModelInputs;

/**
 * An impression dataset made ready for a link model: split ({@link LinkData}), node features fitted
 * on the nodes known in training and encoded for every node. The command line and the benchmarks
 * build link runs through this one path.
 */
public record LinkInputs(
    ImpressionDataset dataset,
    LinkData data,
    NodeFeatures userFeatures,
    NodeFeatures itemFeatures,
    CsrMatrix userRows,
    CsrMatrix itemRows) {

  /** Splits {@code ds} and fits its node features ({@code textBuckets} hash buckets per text). */
  public static LinkInputs prepare(ImpressionDataset ds, LinkSplitOptions o, int textBuckets) {
    LinkData data = LinkData.split(ds, o);
    NodeFeatures uf =
        NodeFeatures.fit(ds.users(), data.users(), data.knownUsers(), textBuckets, "users");
    NodeFeatures itf =
        NodeFeatures.fit(ds.items(), data.items(), data.knownItems(), textBuckets, "items");
    return new LinkInputs(
        ds,
        data,
        uf,
        itf,
        uf.encode(ds.users(), data.users()),
        itf.encode(ds.items(), data.items()));
  }

  /**
   * {@code ds} split for a warm-started retrain of {@code parent}: the parent's nodes keep their
   * ids, and its fitted node features encode every node unchanged (the model's input projection was
   * trained on them).
   */
  public static LinkInputs prepareWarm(
      ImpressionDataset ds, LinkSplitOptions o, ModelBundle parent) {
    GraphSection g = parent.graph();
    LinkData data = LinkData.split(ds, o, parent.users(), parent.items());
    NodeFeatures uf = g.userFeatures();
    NodeFeatures itf = g.itemFeatures();
    return new LinkInputs(
        ds,
        data,
        uf,
        itf,
        uf.encode(ds.users(), data.users()),
        itf.encode(ds.items(), data.items()));
  }

  /** The model shape: known nodes, feature widths, the edge types that pass messages. */
  public ModelInputs.GraphShape shape() {
    return new ModelInputs.GraphShape(
        data.knownUsers(),
        data.knownItems(),
        userFeatures.width(),
        itemFeatures.width(),
        List.of(data.messageTypes()));
  }

  /** The full-batch training task of {@code model}. */
  public LinkTask task(LinkModel model, double negRatio) {
    return new LinkTask(
        model,
        data,
        userFeatures.width() == 0 ? null : userRows,
        itemFeatures.width() == 0 ? null : itemRows,
        negRatio);
  }

  /**
   * The mini-batch training task of {@code model}: {@code fanouts} per hop, subgraphs shared,
   * disjoint or temporal.
   */
  public LinkTask task(
      LinkModel model, double negRatio, int[] fanouts, NeighborSampler.Mode subgraphs) {
    return LinkTask.miniBatch(
        model,
        data,
        userFeatures.width() == 0 ? null : userRows,
        itemFeatures.width() == 0 ? null : itemRows,
        negRatio,
        fanouts,
        subgraphs);
  }

  /**
   * The bundle's graph section: the graph of everything before the test (the links a trained model
   * may use when it embeds nodes afterwards).
   */
  public GraphSection section() {
    return new GraphSection(
        data.knownUsers(),
        data.knownItems(),
        List.of(data.messageTypes()),
        userFeatures,
        itemFeatures,
        data.testGraph(),
        userRows,
        itemRows);
  }
}
