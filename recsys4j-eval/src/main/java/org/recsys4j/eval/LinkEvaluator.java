package org.recsys4j.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import org.recsys4j.eval.ctr.CtrMetrics;

/**
 * AUC, log loss, accuracy and normalised entropy of a link model over labelled held-out links
 * (clicks against real or sampled negatives), the same metrics as {@link CtrEvaluator} so that a
 * graph model and a CTR model on the same impressions compare directly.
 */
public final class LinkEvaluator {
  private LinkEvaluator() {}

  /**
   * An evaluator of the links ({@code users[k]}, {@code items[k]}) labelled {@code labels[k]}; the
   * scorer it is given must already hold the embeddings of the graph to evaluate over.
   */
  public static Evaluator<LinkScorer> on(int[] users, int[] items, float[] labels) {
    return (scorer, parallel) -> {
      long t0 = System.nanoTime();
      float[] p = new float[users.length];
      scorer.scoreLinks(users, items, p);
      Map<String, Double> m = new LinkedHashMap<>(CtrMetrics.compute(p, labels, p.length));
      return new EvalResult(m, users.length, (System.nanoTime() - t0) / 1e9);
    };
  }
}
