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
    return on(users, items, labels, Map.of());
  }

  /**
   * As above, also reporting {@code auc_<segment>} over the links each mask selects (for example
   * the impressions of users never seen in training); a segment with only one class is left out.
   */
  public static Evaluator<LinkScorer> on(
      int[] users, int[] items, float[] labels, Map<String, boolean[]> segments) {
    return on(users, items, labels, null, segments);
  }

  /**
   * As above, the links shown at {@code times[k]} (null: no times), which a scorer that sees the
   * graph as of each link's time needs.
   */
  public static Evaluator<LinkScorer> on(
      int[] users, int[] items, float[] labels, long[] times, Map<String, boolean[]> segments) {
    return (scorer, parallel) -> {
      long t0 = System.nanoTime();
      float[] p = new float[users.length];
      if (times == null) {
        scorer.scoreLinks(users, items, p);
      } else {
        scorer.scoreLinks(users, items, times, p);
      }
      Map<String, Double> m = new LinkedHashMap<>(CtrMetrics.compute(p, labels, p.length));
      m.putAll(segmentAucs(p, labels, segments));
      return new EvalResult(m, users.length, (System.nanoTime() - t0) / 1e9);
    };
  }

  /** {@code auc_<name>} of the scores each mask selects. */
  public static Map<String, Double> segmentAucs(
      float[] p, float[] labels, Map<String, boolean[]> segments) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (Map.Entry<String, boolean[]> e : segments.entrySet()) {
      boolean[] mask = e.getValue();
      int n = 0;
      for (boolean b : mask) {
        n += b ? 1 : 0;
      }
      float[] sp = new float[n];
      float[] sl = new float[n];
      int pos = 0;
      for (int k = 0, j = 0; k < mask.length; k++) {
        if (mask[k]) {
          sp[j] = p[k];
          sl[j++] = labels[k];
          pos += labels[k] > 0.5f ? 1 : 0;
        }
      }
      if (pos > 0 && pos < n) {
        m.put("auc_" + e.getKey(), CtrMetrics.auc(sp, sl, n));
      }
    }
    return m;
  }
}
