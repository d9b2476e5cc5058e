package org.recsys4j.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.Rng;

class TopKTest {
  @Test
  void matchesFullSortIncludingTiesAndNegatives() {
    long seed = Long.getLong("test.seed", 7L);
    Rng r = new Rng(seed);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + r.nextInt(300);
      int k = 1 + r.nextInt(40);
      float[] s = new float[n];
      for (int i = 0; i < n; i++) {
        // few distinct values force ties; some -inf are masked entries
        s[i] = r.nextInt(10) == 0 ? Float.NEGATIVE_INFINITY : (r.nextInt(7) - 3) * 0.5f;
      }
      Integer[] order =
          IntStream.range(0, n)
              .boxed()
              .filter(i -> s[i] != Float.NEGATIVE_INFINITY)
              .sorted(Comparator.<Integer>comparingDouble(i -> -s[i]).thenComparingInt(i -> i))
              .toArray(Integer[]::new);
      int expectN = Math.min(k, order.length);
      TopK top = new TopK(k);
      top.offerAll(s, 0, n);
      int[] ids = new int[k];
      float[] sc = new float[k];
      int got = top.drainSorted(ids, sc);
      assertThat(got).as("seed %d trial %d", seed, trial).isEqualTo(expectN);
      for (int i = 0; i < got; i++) {
        assertThat(ids[i]).as("seed %d trial %d rank %d", seed, trial, i).isEqualTo(order[i]);
        assertThat(sc[i]).isEqualTo(s[order[i]]);
      }
    }
  }

  @Test
  void theThresholdIsTheSmallestScoreKeptAndChunkedOffersKeepTheirIds() {
    TopK t = new TopK(3);
    assertThat(t.threshold()).isEqualTo(Float.NEGATIVE_INFINITY);
    t.offerAll(new float[] {0.5f, -2f, 3f, 1f, 7f}, 0, 5, 100);
    assertThat(t.threshold()).isEqualTo(1f);
    int[] ids = new int[3];
    float[] scores = new float[3];
    assertThat(t.drainSorted(ids, scores)).isEqualTo(3);
    assertThat(ids).containsExactly(104, 102, 103);
    assertThat(scores).containsExactly(7f, 3f, 1f);
  }

  @Test
  void sortableEncodingPreservesOrder() {
    float[] v = {
      Float.NEGATIVE_INFINITY, -3e30f, -1f, -0f, 0f, 1e-30f, 2f, Float.POSITIVE_INFINITY
    };
    int[] enc = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      enc[i] = TopK.sortable(v[i]);
    }
    int[] sorted = enc.clone();
    Arrays.sort(sorted);
    assertThat(enc).containsExactly(sorted);
  }
}
