package org.recsys4j.models.mf;

import java.util.LinkedHashMap;
import java.util.Map;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.Rng;
import org.recsys4j.core.autograd.Sparse;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.core.io.SafeTensors;
import org.recsys4j.core.nn.EmbeddingTable;
import org.recsys4j.core.nn.ParameterSet;
import org.recsys4j.data.sampling.BprBatch;
import org.recsys4j.eval.DotProductRecommender;
import org.recsys4j.models.BprLoss;
import org.recsys4j.models.RankingModel;

/**
 * MF-BPR: {@code score(u, i) = <P[u], Q[i]>} with user table {@code P [U,D]} and item table {@code
 * Q [I,D]}, trained with the BPR loss; embedding gradients are sparse rows (only the batch's users
 * and items are updated).
 *
 * <pre>{@code
 * var mf = new MatrixFactorization(new MfConfig(64, 1e-4f, 0.1f), users, items, seed);
 * }</pre>
 */
public final class MatrixFactorization implements RankingModel {
  private final MfConfig config;
  private final EmbeddingTable userTable;
  private final EmbeddingTable itemTable;
  private final ParameterSet params = new ParameterSet();
  private final DotProductRecommender scorer;

  public MatrixFactorization(MfConfig config, int users, int items, long seed) {
    this.config = config;
    Rng rng = Rng.derive(seed, 0x4D46);
    userTable =
        params.add(
            new EmbeddingTable("user_embedding", users, config.dim())
                .initNormal(rng, config.initStd()));
    itemTable =
        params.add(
            new EmbeddingTable("item_embedding", items, config.dim())
                .initNormal(rng, config.initStd()));
    scorer =
        new DotProductRecommender(
            userTable.weights(), itemTable.weights(), users, items, config.dim());
  }

  @Override
  public String type() {
    return "mf";
  }

  @Override
  public MfConfig config() {
    return config;
  }

  @Override
  public ParameterSet parameters() {
    return params;
  }

  @Override
  public Variable loss(Tape tape, BprBatch batch) {
    int b = batch.size();
    Variable u = Sparse.embedding(tape, userTable, java.util.Arrays.copyOf(batch.users(), b));
    Variable p = Sparse.embedding(tape, itemTable, java.util.Arrays.copyOf(batch.pos(), b));
    int[] negIds =
        java.util.Arrays.copyOf(BprLoss.negativeIds(batch), BprLoss.negativeCount(batch));
    Variable n = Sparse.embedding(tape, itemTable, negIds);
    return BprLoss.forBatch(tape, batch, u, p, n, u, p, n, config.l2());
  }

  @Override
  public void prepareForScoring(Parallel parallel) {
    // scoring reads the live tables directly
  }

  @Override
  public DotProductRecommender embeddings() {
    return scorer;
  }

  @Override
  public Map<String, SafeTensors.Entry> weights() {
    Map<String, SafeTensors.Entry> w = new LinkedHashMap<>();
    w.put(
        userTable.name(),
        SafeTensors.Entry.f32(userTable.weights(), userTable.rows(), userTable.dim()));
    w.put(
        itemTable.name(),
        SafeTensors.Entry.f32(itemTable.weights(), itemTable.rows(), itemTable.dim()));
    return w;
  }
}
