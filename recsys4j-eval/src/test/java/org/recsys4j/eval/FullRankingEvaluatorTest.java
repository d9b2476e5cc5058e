package org.recsys4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.Rng;
import org.recsys4j.data.Interactions;

class FullRankingEvaluatorTest {
  private final long seed = Long.getLong("test.seed", 99L);

  private static Interactions randomInteractions(
      Rng r, int users, int items, int maxDeg, Interactions exclude) {
    int[] us = new int[users * maxDeg];
    int[] is = new int[users * maxDeg];
    int n = 0;
    for (int u = 0; u < users; u++) {
      int deg = r.nextInt(maxDeg + 1);
      boolean[] used = new boolean[items];
      for (int j = 0; j < deg; j++) {
        int it = r.nextInt(items);
        if (!used[it] && (exclude == null || !exclude.contains(u, it))) {
          used[it] = true;
          us[n] = u;
          is[n++] = it;
        }
      }
    }
    return Interactions.fromPairs(users, items, us, is, n);
  }

  /**
   * Brute force: sort all unmasked items by (score desc, id asc), then count by the definitions.
   */
  private static double[] bruteForce(Recommender m, Interactions train, Interactions test, int k) {
    double recall = 0;
    double ndcg = 0;
    double prec = 0;
    int users = 0;
    for (int u = 0; u < test.numUsers(); u++) {
      if (test.degree(u) == 0) {
        continue;
      }
      users++;
      float[] s = m.scores(u);
      final int uu = u;
      Integer[] order =
          IntStream.range(0, m.numItems())
              .filter(i -> !train.contains(uu, i))
              .boxed()
              .sorted(Comparator.<Integer>comparingDouble(i -> -s[i]).thenComparingInt(i -> i))
              .toArray(Integer[]::new);
      int hits = 0;
      double dcg = 0;
      for (int p = 0; p < Math.min(k, order.length); p++) {
        if (test.contains(u, order[p])) {
          hits++;
          dcg += 1 / (Math.log(p + 2) / Math.log(2));
        }
      }
      double idcg = 0;
      for (int p = 0; p < Math.min(k, test.degree(u)); p++) {
        idcg += 1 / (Math.log(p + 2) / Math.log(2));
      }
      recall += (double) hits / test.degree(u);
      prec += (double) hits / k;
      ndcg += dcg / idcg;
    }
    return new double[] {recall / users, prec / users, ndcg / users};
  }

  @Test
  void matchesBruteForceAndIgnoresBatchSizeAndThreads() {
    Rng r = new Rng(seed);
    int users = 57;
    int items = 43;
    int dim = 5;
    float[] ue = new float[users * dim];
    float[] ie = new float[items * dim];
    for (int i = 0; i < ue.length; i++) {
      ue[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < ie.length; i++) {
      // coarse values create exact score ties, which must break by item id
      ie[i] = r.nextInt(3) - 1;
    }
    Recommender m = new DotProductRecommender(ue, ie, users, items, dim);
    Interactions train = randomInteractions(r, users, items, 12, null);
    Interactions test = randomInteractions(r, users, items, 6, train);
    double[] bf = bruteForce(m, train, test, 10);
    EvalResult ref =
        new FullRankingEvaluator(new int[] {10, 5}, 7, Parallel.serial()).evaluate(m, train, test);
    assertThat(ref.get("recall@10")).as("seed %d", seed).isCloseTo(bf[0], offset(1e-12));
    assertThat(ref.get("precision@10")).isCloseTo(bf[1], offset(1e-12));
    assertThat(ref.get("ndcg@10")).isCloseTo(bf[2], offset(1e-12));
    try (Parallel p = new Parallel(3)) {
      for (int bs : new int[] {1, 13, 1000}) {
        EvalResult other =
            new FullRankingEvaluator(new int[] {5, 10}, bs, p).evaluate(m, train, test);
        assertThat(other.metrics()).isEqualTo(ref.metrics());
      }
    }
  }

  @Test
  void recommendExcludesAndBreaksTiesById() {
    float[] ue = {1f};
    float[] ie = {1f, 3f, 3f, 2f};
    Recommender m = new DotProductRecommender(ue, ie, 1, 4, 1);
    assertThat(m.recommend(0, 3, null)).containsExactly(1, 2, 3);
    assertThat(m.recommend(0, 10, new int[] {1})).containsExactly(2, 3, 0);
    assertThat(m.scores(0)).containsExactly(1f, 3f, 3f, 2f);
  }
}
