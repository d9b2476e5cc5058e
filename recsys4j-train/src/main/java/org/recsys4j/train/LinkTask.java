package org.recsys4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.recsys4j.core.CsrMatrix;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.Rng;
import org.recsys4j.core.autograd.Losses;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.data.graph.HeteroGraph;
import org.recsys4j.data.graph.LinkData;
import org.recsys4j.data.graph.LinkLabels;
import org.recsys4j.eval.EvalResult;
import org.recsys4j.eval.LinkEvaluator;
import org.recsys4j.models.LinkModel;
import org.recsys4j.models.Model;
import org.recsys4j.models.graphsage.GraphInput;

/**
 * Training a {@link LinkModel} on an impression log split for link prediction ({@link LinkData}): a
 * step embeds the nodes over the training graph (the message-passing links only) and takes the
 * binary cross-entropy of the supervision links (clicks against real negatives) plus {@code
 * negRatio} random negatives per click, drawn afresh each epoch and never a training click.
 * Evaluation embeds over the graph each split is allowed to see (validation: all training links;
 * test: training and validation links) and scores its labelled links (AUC, log loss).
 *
 * <p>This is full-batch training: one step per epoch over the whole graph, as PyG's link-prediction
 * recipe trains.
 */
public final class LinkTask implements TrainingTask {
  private final LinkModel model;
  private final LinkData data;
  private final CsrMatrix userFeatures;
  private final CsrMatrix itemFeatures;
  private final double negRatio;
  private Parallel parallel;
  private long seed;
  private GraphInput trainInput;
  private LinkLabels epochLinks;
  private int epoch;
  private Tape tape;

  /**
   * @param userFeatures feature rows of every user node (null: users have no features)
   * @param itemFeatures feature rows of every item node (null: items have no features)
   * @param negRatio random negatives per supervision click, per epoch
   */
  public LinkTask(
      LinkModel model,
      LinkData data,
      CsrMatrix userFeatures,
      CsrMatrix itemFeatures,
      double negRatio) {
    if (!(negRatio >= 0) || negRatio > 1000) {
      throw new IllegalArgumentException("negRatio must be in [0, 1000], got " + negRatio);
    }
    this.model = model;
    this.data = data;
    this.userFeatures = userFeatures;
    this.itemFeatures = itemFeatures;
    this.negRatio = negRatio;
    LinkLabels s = data.trainLinks();
    if (s.positives() == 0) {
      throw new IllegalArgumentException("the training period has no clicks to learn from");
    }
    if (s.positives() == s.size() && negRatio == 0) {
      throw new IllegalArgumentException(
          "the training links are all clicks and negRatio is 0: there is nothing to tell a click"
              + " from; set a negative ratio (e.g. 1)");
    }
  }

  @Override
  public Model model() {
    return model;
  }

  @Override
  public Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("negRatio", negRatio);
    m.put("supervisionLinks", data.trainLinks().size());
    m.put("messageEdges", data.trainGraph().edges());
    m.put("batching", "full-batch");
    return m;
  }

  /** The graph input of {@code graph}: every node, the model's layers. */
  public GraphInput input(HeteroGraph graph) {
    return GraphInput.full(graph, userFeatures, itemFeatures, model.layers());
  }

  @Override
  public void open(Parallel parallel, long seed, int batchSize) {
    this.parallel = parallel;
    this.seed = seed;
    this.trainInput = input(data.trainGraph());
    this.tape = new Tape(parallel).recycling();
  }

  @Override
  public int stepsPerEpoch() {
    return 1;
  }

  @Override
  public void startEpoch(int epoch, int firstStep) {
    this.epoch = epoch;
    LinkLabels sup = data.trainLinks();
    epochLinks =
        negRatio == 0
            ? sup
            : sup.concat(
                LinkData.negatives(
                    sup,
                    negRatio,
                    data.users().size(),
                    data.items().size(),
                    data.trainPositives(),
                    Rng.derive(seed, 0x11E6, epoch)));
  }

  @Override
  public StepLoss step() {
    tape.reset();
    LinkModel.Embedded e = model.embed(tape, trainInput, true, Rng.derive(seed, 0xD0, epoch));
    Variable z = model.logits(tape, e.users(), e.items(), epochLinks.users(), epochLinks.items());
    Variable loss = Losses.bceWithLogitsMean(tape, z, epochLinks.labels());
    tape.backward(loss);
    float l = loss.item();
    return new StepLoss(l, l);
  }

  @Override
  public boolean hasValidation() {
    return data.valid() != null;
  }

  @Override
  public boolean hasTest() {
    return data.test() != null;
  }

  @Override
  public EvalResult evaluate(Split split) {
    boolean valid = split == Split.VALIDATION;
    LinkLabels links = valid ? data.valid() : data.test();
    HeteroGraph graph = valid ? data.validGraph() : data.testGraph();
    return LinkEvaluator.on(links.users(), links.items(), links.labels())
        .evaluate(model.scorer(input(graph), parallel), parallel);
  }

  @Override
  public String defaultMonitor() {
    return "auc";
  }

  @Override
  public boolean higherIsBetter(String metric) {
    switch (metric) {
      case "auc":
      case "accuracy":
        return true;
      case "logloss":
      case "ne":
        return false;
      default:
        throw new IllegalArgumentException(
            "monitor for link models must be auc, logloss, accuracy or ne, got '" + metric + "'");
    }
  }
}
