package org.recsys4j.models.lightgcn;

import java.util.LinkedHashMap;
import java.util.Map;
import org.recsys4j.core.CsrMatrix;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.Rng;
import org.recsys4j.core.Tensor;
import org.recsys4j.core.autograd.Dense;
import org.recsys4j.core.autograd.Sparse;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.core.io.SafeTensors;
import org.recsys4j.core.nn.Parameter;
import org.recsys4j.core.nn.ParameterSet;
import org.recsys4j.data.Interactions;
import org.recsys4j.data.graph.BipartiteGraph;
import org.recsys4j.data.sampling.BprBatch;
import org.recsys4j.eval.DotProductRecommender;
import org.recsys4j.models.BprLoss;
import org.recsys4j.models.RankingModel;

/**
 * LightGCN (He, Deng, Wang, Li, Zhang, Wang: "LightGCN: Simplifying and Powering Graph Convolution
 * Network for Recommendation", SIGIR 2020). Ego embeddings {@code E0 [U+I, D]} are propagated over
 * the symmetrically normalised user-item graph, {@code E(k+1) = A E(k)}, with no feature transforms
 * or non-linearities; the final embedding is the mean of the K+1 layers (paper eq. 4 with
 * {@code alpha_k = 1/(K+1)}), and {@code score(u, i) = <F[u], F[U+i]>}. Trained with BPR and L2 on
 * the batch's layer-0 embeddings (paper eq. 15).
 *
 * <pre>{@code
 * var model = new LightGcn(new LightGcnConfig(64, 3, 1e-4f, 0.1f), dataset.train(), seed);
 * }</pre>
 */
public final class LightGcn implements RankingModel {
  private final LightGcnConfig config;
  private final int users;
  private final int items;
  private final Parameter ego;
  private final ParameterSet params = new ParameterSet();
  private final Propagation propagation;
  private final CsrMatrix adjacency;
  private DotProductRecommender scorer;

  public LightGcn(LightGcnConfig config, Interactions train, long seed) {
    this.config = config;
    this.users = train.numUsers();
    this.items = train.numItems();
    int n = users + items;
    int d = config.dim();
    Tensor e0 = Tensor.zeros(n, d);
    Rng rng = Rng.derive(seed, 0x4C47434EL);
    float[] w = e0.data();
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (rng.nextGaussian() * config.initStd());
    }
    this.ego = params.add(new Parameter("ego_embedding", e0));
    this.adjacency = BipartiteGraph.normalizedAdjacency(train);
    this.propagation = new Propagation(adjacency, d, config.layers());
  }

  @Override
  public String type() {
    return "lightgcn";
  }

  @Override
  public LightGcnConfig config() {
    return config;
  }

  @Override
  public ParameterSet parameters() {
    return params;
  }

  public CsrMatrix adjacency() {
    return adjacency;
  }

  @Override
  public Variable loss(Tape tape, BprBatch batch) {
    int b = batch.size();
    int[] rows = new int[3 * b];
    for (int i = 0; i < b; i++) {
      rows[i] = batch.users()[i];
      rows[b + i] = users + batch.pos()[i];
      rows[2 * b + i] = users + batch.neg()[i];
    }
    for (int r : rows) {
      if (r < 0 || r >= users + items) {
        throw new IllegalArgumentException("batch id out of range: node " + r + " of " + (users + items));
      }
    }
    Variable e0 = tape.param(ego);
    Variable fin = propagation.finalRows(tape, e0, rows);
    Variable egoRows = Sparse.gatherRows(tape, e0, rows);
    scorer = null; // parameters are about to change
    return BprLoss.loss(tape,
        Dense.sliceRows(tape, fin, 0, b), Dense.sliceRows(tape, fin, b, 2 * b), Dense.sliceRows(tape, fin, 2 * b, 3 * b),
        Dense.sliceRows(tape, egoRows, 0, b), Dense.sliceRows(tape, egoRows, b, 2 * b),
        Dense.sliceRows(tape, egoRows, 2 * b, 3 * b), config.l2());
  }

  @Override
  public void prepareForScoring(Parallel parallel) {
    int d = config.dim();
    float[] fin = new float[(users + items) * d];
    propagation.full(parallel, ego.value().data(), fin);
    float[] u = java.util.Arrays.copyOfRange(fin, 0, users * d);
    float[] it = java.util.Arrays.copyOfRange(fin, users * d, fin.length);
    scorer = new DotProductRecommender(u, it, users, items, d);
  }

  @Override
  public DotProductRecommender embeddings() {
    if (scorer == null) {
      throw new IllegalStateException("LightGCN embeddings are stale: call prepareForScoring() after training");
    }
    return scorer;
  }

  @Override
  public Map<String, SafeTensors.Entry> weights() {
    Map<String, SafeTensors.Entry> w = new LinkedHashMap<>();
    w.put(ego.name(), SafeTensors.Entry.f32(ego.value().data(), users + items, config.dim()));
    return w;
  }
}
