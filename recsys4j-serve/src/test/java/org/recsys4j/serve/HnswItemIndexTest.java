package org.recsys4j.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.Rng;

/**
 * HNSW against the exact scan on clustered vectors (as trained embeddings are): it finds nearly all
 * of the exact top items, reports them with their exact scores, best first, and answers the same
 * from many threads at once.
 */
class HnswItemIndexTest {
  static float[] clustered(Rng r, int n, int d, int clusters) {
    float[][] centres = new float[clusters][d];
    for (float[] c : centres) {
      for (int t = 0; t < d; t++) {
        c[t] = (float) r.nextGaussian();
      }
    }
    float[] out = new float[n * d];
    for (int i = 0; i < n; i++) {
      float[] c = centres[r.nextInt(clusters)];
      for (int t = 0; t < d; t++) {
        out[i * d + t] = c[t] + 0.5f * (float) r.nextGaussian();
      }
    }
    return out;
  }

  @Test
  void findsNearlyAllOfTheExactTopItemsWithExactScores() throws Exception {
    Rng r = new Rng(3);
    int n = 4000;
    int d = 16;
    ExactItemIndex exact = new ExactItemIndex(clustered(r, n, d, 20), n, d);
    HnswItemIndex hnsw = new HnswItemIndex(exact, 16, 100, 200, 4, 2, 7L);
    int k = 10;
    int hits = 0;
    int queries = 50;
    float[][] qs = new float[queries][];
    int[][] answers = new int[queries][];
    for (int q = 0; q < queries; q++) {
      float[] query = clustered(r, 1, d, 20);
      qs[q] = query;
      int[] ei = new int[k];
      float[] es = new float[k];
      exact.search(query, k, ei, es);
      int[] hi = new int[k];
      float[] hs = new float[k];
      assertThat(hnsw.search(query, k, hi, hs)).isEqualTo(k);
      answers[q] = hi;
      Set<Integer> truth = new HashSet<>();
      Arrays.stream(ei).forEach(truth::add);
      for (int j = 0; j < k; j++) {
        hits += truth.contains(hi[j]) ? 1 : 0;
        assertThat(hs[j]).isEqualTo(exact.score(query, hi[j]));
        if (j > 0) {
          assertThat(hs[j]).isLessThanOrEqualTo(hs[j - 1]);
        }
      }
    }
    assertThat(hits / (double) (k * queries)).isGreaterThanOrEqualTo(0.95);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      var futures = new java.util.ArrayList<java.util.concurrent.Future<int[]>>();
      for (int q = 0; q < queries; q++) {
        float[] query = qs[q];
        futures.add(
            pool.submit(
                () -> {
                  int[] ids = new int[k];
                  hnsw.search(query, k, ids, new float[k]);
                  return ids;
                }));
      }
      for (int q = 0; q < queries; q++) {
        assertThat(futures.get(q).get()).isEqualTo(answers[q]);
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void aCatalogueAboveTheThresholdIsSearchedWithHnsw() {
    Rng r = new Rng(5);
    ExactItemIndex exact = new ExactItemIndex(clustered(r, 100, 4, 3), 100, 4);
    assertThat(exact.kind()).isEqualTo("exact");
    assertThat(new HnswItemIndex(exact, 8, 20, 10, 1, 1, 1L).kind()).isEqualTo("hnsw");
  }
}
