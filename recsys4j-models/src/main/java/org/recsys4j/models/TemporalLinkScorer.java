package org.recsys4j.models;

import java.util.Arrays;
import org.recsys4j.core.CsrMatrix;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.Rng;
import org.recsys4j.core.autograd.Activations;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.data.graph.HeteroGraph;
import org.recsys4j.data.graph.NeighborSampler;
import org.recsys4j.data.graph.SampledSubgraph;
import org.recsys4j.eval.LinkScorer;
import org.recsys4j.models.graphsage.GraphInput;

/**
 * Scores every link over the graph as it was just before the link was shown: a link at time t gets
 * its own subgraph of the message-passing links before t ({@link NeighborSampler.Mode#TEMPORAL}),
 * so a user first seen in the test period is embedded from the clicks it made earlier in that
 * period and nothing from t on (its own click included) is ever visible. This is how an online
 * system scores: the graph it reads grows with the log.
 *
 * <p>Links go in batches of {@link #BATCH}; the batches are spread over the threads, each with its
 * own sampler and buffers, and a batch's draws are seeded by (seed, batch) alone, so the scores do
 * not depend on the thread count.
 */
public final class TemporalLinkScorer implements LinkScorer {
  /** Links per sampled batch. */
  static final int BATCH = 256;

  private final LinkModel model;
  private final HeteroGraph graph;
  private final int[] fanouts;
  private final CsrMatrix userFeatures;
  private final CsrMatrix itemFeatures;
  private final long seed;
  private final Parallel parallel;

  /**
   * @param graph every message-passing link with its time (later links included: the cut is per
   *     scored link)
   * @param fanouts neighbours per node and edge type at each hop, one per model layer (-1 = all)
   * @param userFeatures feature rows of every user node of {@code graph} (null: none)
   * @param itemFeatures feature rows of every item node (null: none)
   */
  public TemporalLinkScorer(
      LinkModel model,
      HeteroGraph graph,
      int[] fanouts,
      CsrMatrix userFeatures,
      CsrMatrix itemFeatures,
      long seed,
      Parallel parallel) {
    if (fanouts.length != model.layers()) {
      throw new IllegalArgumentException(
          "fanouts: one per layer expected ("
              + model.layers()
              + "), got "
              + Arrays.toString(fanouts));
    }
    this.model = model;
    this.graph = graph;
    this.fanouts = fanouts.clone();
    this.userFeatures = userFeatures;
    this.itemFeatures = itemFeatures;
    this.seed = seed;
    this.parallel = parallel;
  }

  @Override
  public void scoreLinks(int[] users, int[] items, float[] out) {
    throw new IllegalArgumentException(
        "scoring over the graph as of each link needs the links' times");
  }

  @Override
  public void scoreLinks(int[] users, int[] items, long[] times, float[] out) {
    int batches = (users.length + BATCH - 1) / BATCH;
    parallel.forRange(
        batches,
        1,
        (chunk, from, to) -> {
          NeighborSampler sampler =
              new NeighborSampler(graph, fanouts, NeighborSampler.Mode.TEMPORAL);
          SampledSubgraph g = new SampledSubgraph();
          for (int b = from; b < to; b++) {
            int lo = b * BATCH;
            int n = Math.min(BATCH, users.length - lo);
            int[] u = Arrays.copyOfRange(users, lo, lo + n);
            int[] i = Arrays.copyOfRange(items, lo, lo + n);
            long[] t = Arrays.copyOfRange(times, lo, lo + n);
            sampler.sample(u, i, t, n, Rng.derive(seed, 0x7E5C, b), g);
            Tape tape = new Tape(Parallel.serial());
            GraphInput input = GraphInput.sampled(g, userFeatures, itemFeatures);
            LinkModel.Embedded e = model.embed(tape, input, false, null);
            float[] z =
                model
                    .logits(
                        tape,
                        e.users(),
                        e.items(),
                        Arrays.copyOf(g.linkUsers(), n),
                        Arrays.copyOf(g.linkItems(), n))
                    .value()
                    .toArray();
            for (int k = 0; k < n; k++) {
              out[lo + k] = (float) Activations.sigmoid(z[k]);
            }
          }
        });
  }
}
