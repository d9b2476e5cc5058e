package org.recsys4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.recsys4j.core.CsrMatrix;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.Rng;
import org.recsys4j.core.autograd.Losses;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.data.graph.HeteroGraph;
import org.recsys4j.data.graph.LinkData;
import org.recsys4j.data.graph.LinkLabels;
import org.recsys4j.data.graph.NeighborSampler;
import org.recsys4j.data.graph.SampledSubgraph;
import org.recsys4j.eval.EvalResult;
import org.recsys4j.eval.Evaluator;
import org.recsys4j.eval.LinkEvaluator;
import org.recsys4j.eval.LinkScorer;
import org.recsys4j.models.LinkModel;
import org.recsys4j.models.Model;
import org.recsys4j.models.TemporalLinkScorer;
import org.recsys4j.models.graphsage.GraphInput;

/**
 * Training a {@link LinkModel} on an impression log split for link prediction ({@link LinkData}): a
 * step embeds the nodes over the training graph (the message-passing links only) and takes the
 * binary cross-entropy of the supervision links (clicks against real negatives) plus {@code
 * negRatio} random negatives per click, drawn afresh each epoch and never a training click.
 * Evaluation embeds over the graph each split is allowed to see (validation: all training links;
 * test: training and validation links) and scores its labelled links (AUC, log loss).
 *
 * <p>Full-batch ({@link #LinkTask(LinkModel, LinkData, CsrMatrix, CsrMatrix, double)}): one step
 * per epoch over the whole graph, as PyG's link-prediction recipe trains. Mini-batch ({@link
 * #miniBatch}): each step takes a batch of supervision links in an order shuffled per epoch, adds
 * its random negatives, samples the layered neighbourhoods of all their endpoints ({@link
 * NeighborSampler}) and trains on that subgraph, as PyG's {@code LinkNeighborLoader}; a background
 * thread prepares the next batch while this one trains, its draws seeded by (seed, epoch, step) so
 * that the numbers do not depend on timing. Evaluation embeds every node over the whole graph
 * (exact layer-wise inference) in both modes.
 */
public final class LinkTask implements TrainingTask {
  private final LinkModel model;
  private final LinkData data;
  private final CsrMatrix userFeatures;
  private final CsrMatrix itemFeatures;
  private final double negRatio;
  private final int[] fanouts;
  private final NeighborSampler.Mode subgraphs;
  private boolean resplit;
  private LinkLabels epochSup;
  private ExecutorService prefetcher;
  // used by the prefetch thread only, one batch at a time
  private NeighborSampler sampler;
  private SampledSubgraph buffer;
  private Future<Batch> next;
  private int[] order;
  private int nextStep;
  private int batchSize;
  private Parallel parallel;
  private long seed;
  private GraphInput trainInput;
  private LinkLabels epochLinks;
  private int epoch;
  private Tape tape;
  private int[] onlineFanouts;

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
    this(model, data, userFeatures, itemFeatures, negRatio, null, null);
  }

  /**
   * A mini-batch task: {@code fanouts} neighbours per node and edge type at each hop (one per model
   * layer), subgraphs shared by the batch, disjoint per link, or temporal.
   */
  public static LinkTask miniBatch(
      LinkModel model,
      LinkData data,
      CsrMatrix userFeatures,
      CsrMatrix itemFeatures,
      double negRatio,
      int[] fanouts,
      NeighborSampler.Mode subgraphs) {
    if (fanouts.length != model.layers()) {
      throw new IllegalArgumentException(
          "fanouts: one per layer expected ("
              + model.layers()
              + "), got "
              + java.util.Arrays.toString(fanouts));
    }
    return new LinkTask(model, data, userFeatures, itemFeatures, negRatio, fanouts, subgraphs);
  }

  private LinkTask(
      LinkModel model,
      LinkData data,
      CsrMatrix userFeatures,
      CsrMatrix itemFeatures,
      double negRatio,
      int[] fanouts,
      NeighborSampler.Mode subgraphs) {
    this.fanouts = fanouts == null ? null : fanouts.clone();
    this.subgraphs = subgraphs;
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
    m.put("batching", fanouts == null ? "full-batch" : "mini-batch");
    m.put("resplitEachEpoch", resplit);
    if (fanouts != null) {
      m.put("fanouts", fanouts.clone());
      m.put("subgraphs", subgraphs.id());
    }
    return m;
  }

  /**
   * Draws the supervision links and the message-passing graph afresh every epoch ({@link
   * LinkData#epochSplit}: a share of all training impressions supervises, keeping the log's click
   * rate) instead of the split's fixed supervision links. Call before training.
   */
  public LinkTask resplitEachEpoch(boolean on) {
    if (on && data.epochSupervisionSize() == 0) {
      throw new IllegalArgumentException(
          "drawing supervision links each epoch needs a disjoint train ratio above 0");
    }
    this.resplit = on;
    return this;
  }

  /**
   * Scores each held-out link over the graph as it was just before that link ({@link
   * LinkData#onlineGraph}, {@link TemporalLinkScorer}) with {@code fanouts} neighbours per hop,
   * instead of over the graph at the split's cut; temporal splits only. Call before training.
   */
  public LinkTask scoreOnline(int[] fanouts) {
    if (data.testFrom() == Long.MIN_VALUE) {
      throw new IllegalArgumentException(
          "scoring over the graph as of each link needs a temporal split");
    }
    if (fanouts.length != model.layers()) {
      throw new IllegalArgumentException(
          "eval fanouts: one per layer expected ("
              + model.layers()
              + "), got "
              + java.util.Arrays.toString(fanouts));
    }
    this.onlineFanouts = fanouts.clone();
    return this;
  }

  /** The graph input of {@code graph}: every node, the model's layers. */
  public GraphInput input(HeteroGraph graph) {
    return GraphInput.full(graph, userFeatures, itemFeatures, model.layers());
  }

  @Override
  public void open(Parallel parallel, long seed, int batchSize) {
    this.parallel = parallel;
    this.seed = seed;
    this.batchSize = batchSize;
    this.tape = new Tape(parallel).recycling();
    if (fanouts == null) {
      this.trainInput = input(data.trainGraph());
    } else {
      this.sampler = new NeighborSampler(data.trainGraph(), fanouts, subgraphs);
      this.buffer = new SampledSubgraph();
      this.prefetcher =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "recsys4j-sampler");
                t.setDaemon(true);
                return t;
              });
    }
  }

  @Override
  public int stepsPerEpoch() {
    if (fanouts == null) {
      return 1;
    }
    int n = resplit ? data.epochSupervisionSize() : data.trainLinks().size();
    return (n + batchSize - 1) / batchSize;
  }

  @Override
  public void startEpoch(int epoch, int firstStep) {
    this.epoch = epoch;
    HeteroGraph graph = data.trainGraph();
    epochSup = data.trainLinks();
    if (resplit) {
      LinkData.Epoch e = data.epochSplit(seed, epoch);
      graph = e.graph();
      epochSup = e.supervision();
      if (fanouts == null) {
        trainInput = input(graph);
      }
    }
    if (fanouts != null) {
      if (resplit) {
        sampler = new NeighborSampler(graph, fanouts, subgraphs);
      }
      order = new int[epochSup.size()];
      for (int k = 0; k < order.length; k++) {
        order[k] = k;
      }
      Rng.derive(seed, 0x5EED, epoch).shuffle(order, order.length);
      nextStep = firstStep;
      if (next != null) {
        next.cancel(false);
      }
      next = prefetch(epoch, firstStep);
      return;
    }
    LinkLabels sup = epochSup;
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

  /** One prepared mini-batch: its subgraph input and its labelled links in local rows. */
  private record Batch(GraphInput input, int[] users, int[] items, float[] labels) {}

  private Future<Batch> prefetch(int epoch, int step) {
    if (step >= stepsPerEpoch()) {
      return null;
    }
    int[] ord = order;
    LinkLabels sup = epochSup;
    NeighborSampler s = sampler;
    return prefetcher.submit(() -> prepare(ord, sup, s, epoch, step));
  }

  /** Draws batch {@code step} of {@code epoch}: links, negatives, subgraph (prefetch thread). */
  private Batch prepare(int[] ord, LinkLabels sup, NeighborSampler sampler, int epoch, int step) {
    int from = step * batchSize;
    int n = Math.min(batchSize, sup.size() - from);
    int[] u = new int[n];
    int[] i = new int[n];
    float[] y = new float[n];
    long[] t = new long[n];
    for (int k = 0; k < n; k++) {
      int s = ord[from + k];
      u[k] = sup.users()[s];
      i[k] = sup.items()[s];
      y[k] = sup.labels()[s];
      t[k] = sup.times()[s];
    }
    LinkLabels links = new LinkLabels(u, i, y, t);
    if (negRatio > 0) {
      links =
          links.concat(
              LinkData.negatives(
                  links,
                  negRatio,
                  data.users().size(),
                  data.items().size(),
                  data.trainPositives(),
                  Rng.derive(seed, 0x11E6, epoch, step)));
    }
    SampledSubgraph g = buffer;
    sampler.sample(
        links.users(),
        links.items(),
        links.times(),
        links.size(),
        Rng.derive(seed, 0x5A3, epoch, step),
        g);
    return new Batch(
        GraphInput.sampled(g, userFeatures, itemFeatures),
        g.linkUsers(),
        g.linkItems(),
        links.labels());
  }

  @Override
  public StepLoss step() {
    if (fanouts != null) {
      return miniBatchStep();
    }
    tape.reset();
    LinkModel.Embedded e = model.embed(tape, trainInput, true, Rng.derive(seed, 0xD0, epoch));
    Variable z = model.logits(tape, e.users(), e.items(), epochLinks.users(), epochLinks.items());
    Variable loss = Losses.bceWithLogitsMean(tape, z, epochLinks.labels());
    tape.backward(loss);
    float l = loss.item();
    return new StepLoss(l, l);
  }

  private StepLoss miniBatchStep() {
    Batch b;
    try {
      b = next.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sampling", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    }
    int step = nextStep++;
    next = prefetch(epoch, step + 1);
    tape.reset();
    LinkModel.Embedded e = model.embed(tape, b.input(), true, Rng.derive(seed, 0xD0, epoch, step));
    Variable z = model.logits(tape, e.users(), e.items(), b.users(), b.items());
    Variable loss = Losses.bceWithLogitsMean(tape, z, b.labels());
    tape.backward(loss);
    float l = loss.item();
    return new StepLoss(l, l);
  }

  @Override
  public void finish(Parallel parallel) {
    if (prefetcher != null) {
      prefetcher.shutdownNow();
    }
    TrainingTask.super.finish(parallel);
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
    Held h = held(split);
    LinkScorer scorer =
        onlineFanouts == null
            ? model.scorer(h.input(), parallel)
            : new TemporalLinkScorer(
                model,
                data.onlineGraph(),
                onlineFanouts,
                userFeatures,
                itemFeatures,
                seed,
                parallel);
    return h.evaluator().evaluate(scorer, parallel);
  }

  /** A held-out split's graph input and evaluator, built at its first evaluation and kept. */
  private record Held(GraphInput input, Evaluator<LinkScorer> evaluator) {}

  private final java.util.EnumMap<Split, Held> held = new java.util.EnumMap<>(Split.class);

  private Held held(Split split) {
    return held.computeIfAbsent(
        split,
        s -> {
          boolean valid = s == Split.VALIDATION;
          LinkLabels links = valid ? data.valid() : data.test();
          return new Held(
              onlineFanouts == null ? input(valid ? data.validGraph() : data.testGraph()) : null,
              LinkEvaluator.on(
                  links.users(),
                  links.items(),
                  links.labels(),
                  onlineFanouts == null ? null : links.times(),
                  valid ? java.util.Map.of() : data.testSegments()));
        });
  }

  @Override
  public String defaultMonitor() {
    return "auc";
  }

  @Override
  public boolean higherIsBetter(String metric) {
    return ClickMetrics.higherIsBetter(metric, "link");
  }
}
