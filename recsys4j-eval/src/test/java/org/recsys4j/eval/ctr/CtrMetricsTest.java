package org.recsys4j.eval.ctr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.Rng;

/** CTR metrics against brute-force definitions, with heavy ties and negative scores. */
class CtrMetricsTest {
  private final long seed = Long.getLong("test.seed", 3L);

  /**
   * AUC by its definition: over all (positive, negative) pairs, 1 if the positive scores higher,
   * 1/2 on a tie.
   */
  private static double bruteAuc(float[] p, float[] y, int n) {
    double s = 0;
    long pairs = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (y[i] == 1f && y[j] == 0f) {
          pairs++;
          s += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
        }
      }
    }
    return s / pairs;
  }

  @Test
  void aucMatchesThePairwiseDefinitionWithTies() {
    Rng r = new Rng(seed);
    for (int trial = 0; trial < 20; trial++) {
      int n = 1 + r.nextInt(400);
      float[] p = new float[n];
      float[] y = new float[n];
      for (int i = 0; i < n; i++) {
        // few distinct values (many ties), both signs, and -0.0 next to 0.0
        p[i] = trial % 2 == 0 ? (r.nextInt(7) - 3) * 0.25f : (float) r.nextGaussian();
        if (p[i] == 0f && r.nextInt(2) == 0) {
          p[i] = -0f;
        }
        y[i] = r.nextInt(3) == 0 ? 1f : 0f;
      }
      y[0] = 1f;
      if (n > 1) {
        y[n - 1] = 0f;
        assertThat(CtrMetrics.auc(p, y, n))
            .as("trial %d", trial)
            .isCloseTo(bruteAuc(p, y, n), offset(1e-12));
      } else {
        assertThat(CtrMetrics.auc(p, y, n)).isNaN(); // one class only
      }
    }
  }

  @Test
  void handComputedLogLossAccuracyAndNormalisedEntropy() {
    float[] p = {0.9f, 0.2f, 0.6f, 0.4f, 0f};
    float[] y = {1f, 0f, 0f, 1f, 0f};
    Map<String, Double> m = CtrMetrics.compute(p, y, 5);
    double ll =
        -(Math.log(0.9f)
                + Math.log1p(-(double) 0.2f)
                + Math.log1p(-(double) 0.6f)
                + Math.log(0.4f)
                + Math.log1p(-1e-7))
            / 5;
    assertThat(m.get("logloss")).isCloseTo(ll, offset(1e-9));
    assertThat(m.get("accuracy"))
        .isEqualTo(3.0 / 5); // 0.9 right, 0.2 right, 0.6 wrong, 0.4 wrong, 0 right
    double h = -(0.4 * Math.log(0.4) + 0.6 * Math.log(0.6));
    assertThat(m.get("ne")).isCloseTo(ll / h, offset(1e-9));
    // positives 0.9, 0.4 vs negatives 0.2, 0.6, 0: 0.9 beats 3, 0.4 beats 2 -> 5/6
    assertThat(m.get("auc")).isCloseTo(5.0 / 6, offset(1e-12));
    assertThat(m.keySet()).containsExactly(CtrMetrics.KEYS);
  }

  @Test
  void clipsCertainWrongPredictionsAndRejectsBadInput() {
    assertThat(CtrMetrics.logLoss(new float[] {0f}, new float[] {1f}, 1))
        .isCloseTo(-Math.log(1e-7), offset(1e-6));
    assertThatThrownBy(() -> CtrMetrics.compute(new float[] {Float.NaN}, new float[] {1f}, 1))
        .hasMessageContaining("prediction 0 is NaN");
    assertThatThrownBy(() -> CtrMetrics.compute(new float[] {0.5f}, new float[] {2f}, 1))
        .hasMessageContaining("label 0 is 2.0, expected 0 or 1");
  }
}
