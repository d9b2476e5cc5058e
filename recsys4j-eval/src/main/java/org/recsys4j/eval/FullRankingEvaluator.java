package org.recsys4j.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.util.TopK;
import org.recsys4j.data.Interactions;

/**
 * Full-ranking evaluation: every user with at least one test item gets all items scored, the user's
 * training items masked, and the top max-K compared with the test items. Per-user values are kept
 * and summed in user order, so the result does not depend on the batch size or thread count.
 */
public final class FullRankingEvaluator {
  private final int[] ks;
  private final int batchSize;
  private final Parallel parallel;

  public FullRankingEvaluator(int[] ks, int batchSize, Parallel parallel) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException(
          "evaluation batch size must be positive, got " + batchSize);
    }
    this.ks = RankingMetrics.checkKs(ks);
    this.batchSize = batchSize;
    this.parallel = parallel;
  }

  /**
   * An evaluator bound to its data: ranks every item for each user with held-out interactions in
   * {@code test}, never counting the user's {@code train} items.
   */
  public static Evaluator<Recommender> on(
      int[] ks, int batchSize, Interactions train, Interactions test) {
    RankingMetrics.checkKs(ks);
    int[] cuts = ks.clone();
    return (model, parallel) ->
        new FullRankingEvaluator(cuts, batchSize, parallel).evaluate(model, train, test);
  }

  public EvalResult evaluate(Recommender model, Interactions train, Interactions test) {
    long t0 = System.nanoTime();
    int items = model.numItems();
    if (test.numItems() > items || train.numItems() > items) {
      throw new IllegalArgumentException(
          "the model scores "
              + items
              + " items but the data has "
              + Math.max(test.numItems(), train.numItems()));
    }
    int[] users =
        java.util.stream.IntStream.range(0, test.numUsers())
            .filter(u -> test.degree(u) > 0)
            .toArray();
    int nm = RankingMetrics.NAMES.size() * ks.length;
    double[] perUser = new double[users.length * nm];
    int batches = (users.length + batchSize - 1) / batchSize;
    int maxK = Math.min(ks[ks.length - 1], items);
    parallel.forRange(
        batches,
        1,
        (chunk, bFrom, bTo) -> {
          float[] scores = new float[Math.min(batchSize, users.length) * items];
          TopK top = new TopK(maxK);
          int[] ranked = new int[maxK];
          for (int b = bFrom; b < bTo; b++) {
            int from = b * batchSize;
            int to = Math.min(users.length, from + batchSize);
            model.scoreAll(users, from, to, scores);
            for (int i = from; i < to; i++) {
              int u = users[i];
              int row = (i - from) * items;
              if (u < train.numUsers()) {
                int[] tp = train.userPtr();
                int[] ti = train.items();
                for (int j = tp[u]; j < tp[u + 1]; j++) {
                  scores[row + ti[j]] = Float.NEGATIVE_INFINITY;
                }
              }
              top.offerAll(scores, row, items);
              int n = top.drainSorted(ranked, null);
              RankingMetrics.compute(
                  ranked,
                  n,
                  test.items(),
                  test.userPtr()[u],
                  test.userPtr()[u + 1],
                  ks,
                  perUser,
                  i * nm);
            }
          }
        });
    double[] sums = new double[nm];
    for (int i = 0; i < users.length; i++) {
      for (int m = 0; m < nm; m++) {
        sums[m] += perUser[i * nm + m];
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (int m = 0; m < RankingMetrics.NAMES.size(); m++) {
      for (int j = 0; j < ks.length; j++) {
        out.put(
            RankingMetrics.key(RankingMetrics.NAMES.get(m), ks[j]),
            users.length == 0 ? 0.0 : sums[m * ks.length + j] / users.length);
      }
    }
    return new EvalResult(out, users.length, (System.nanoTime() - t0) / 1e9);
  }
}
