package org.recsys4j.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.Rng;

class LinkEvaluatorTest {

  /** The AUC by counting: the share of (positive, negative) pairs ordered right, ties half. */
  private static double bruteAuc(float[] p, float[] y, boolean[] mask) {
    double good = 0;
    long pairs = 0;
    for (int a = 0; a < p.length; a++) {
      for (int b = 0; b < p.length; b++) {
        if (mask[a] && mask[b] && y[a] == 1 && y[b] == 0) {
          pairs++;
          good += p[a] > p[b] ? 1 : p[a] == p[b] ? 0.5 : 0;
        }
      }
    }
    return good / pairs;
  }

  @Test
  void segmentAucsMatchCountingAndOneClassSegmentsAreLeftOut() {
    Rng r = new Rng(3);
    int n = 300;
    int[] users = new int[n];
    int[] items = new int[n];
    float[] y = new float[n];
    float[] score = new float[n];
    boolean[] even = new boolean[n];
    boolean[] all = new boolean[n];
    boolean[] onlyNeg = new boolean[n];
    for (int k = 0; k < n; k++) {
      users[k] = k;
      items[k] = k % 7;
      y[k] = r.nextDouble() < 0.4 ? 1 : 0;
      score[k] = (float) Math.round((y[k] + r.nextGaussian()) * 4) / 4; // with ties
      even[k] = k % 2 == 0;
      all[k] = true;
      onlyNeg[k] = y[k] == 0;
    }
    Map<String, boolean[]> seg = new LinkedHashMap<>();
    seg.put("even", even);
    seg.put("neg", onlyNeg);
    LinkScorer s =
        (u, i, out) -> {
          for (int k = 0; k < u.length; k++) {
            out[k] = 1f / (1f + (float) Math.exp(-score[u[k]]));
          }
        };
    EvalResult res = LinkEvaluator.on(users, items, y, seg).evaluate(s, Parallel.serial());
    float[] p = new float[n];
    s.scoreLinks(users, items, p);
    assertThat(res.get("auc"))
        .isCloseTo(bruteAuc(p, y, all), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(res.get("auc_even"))
        .isCloseTo(bruteAuc(p, y, even), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(res.metrics()).doesNotContainKey("auc_neg");
  }
}
