package org.recsys4j.eval.ctr;

import java.util.LinkedHashMap;
import java.util.Map;
import org.recsys4j.core.util.IndexSort;

/**
 * Binary click-prediction metrics over predicted probabilities and 0/1 labels:
 *
 * <ul>
 *   <li>{@code auc}: exact ROC AUC, the probability that a random positive scores above a random
 *       negative, ties counted one half (the Mann-Whitney statistic from average ranks; the same
 *       value as scikit-learn's {@code roc_auc_score});
 *   <li>{@code logloss}: mean binary cross-entropy, probabilities clipped to {@code [1e-7, 1 -
 *       1e-7]};
 *   <li>{@code accuracy}: share of rows where {@code p >= 0.5} agrees with the label;
 *   <li>{@code ne}: normalised entropy (He et al., ADKDD 2014), logloss divided by the entropy of
 *       the labels' own click rate: below 1 means better than always predicting the average.
 * </ul>
 *
 * Sums run in double in row order, so results do not depend on how rows were batched.
 */
public final class CtrMetrics {
  /** Metric keys in output order, as written to {@code --metrics-out}. */
  public static final String[] KEYS = {"auc", "logloss", "accuracy", "ne"};

  static final double EPS = 1e-7;

  private CtrMetrics() {}

  /** All four metrics, keyed as {@link #KEYS}. */
  public static Map<String, Double> compute(float[] p, float[] labels, int n) {
    check(p, labels, n);
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("auc", auc(p, labels, n));
    double ll = logLoss(p, labels, n);
    m.put("logloss", ll);
    m.put("accuracy", accuracy(p, labels, n));
    m.put("ne", normalizedEntropy(ll, labels, n));
    return m;
  }

  /**
   * Exact AUC: sort by score, give tied scores their average rank, and take {@code (sum of positive
   * ranks - P(P+1)/2) / (P N)}. NaN when one class is absent.
   */
  public static double auc(float[] p, float[] labels, int n) {
    check(p, labels, n);
    int[] order = IndexSort.ascending(p, n);
    double rankSumPos = 0;
    long pos = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && p[order[j + 1]] == p[order[i]]) {
        j++;
      }
      double avgRank = (i + j) / 2.0 + 1; // ranks i+1 .. j+1
      for (int t = i; t <= j; t++) {
        if (labels[order[t]] > 0.5f) {
          rankSumPos += avgRank;
          pos++;
        }
      }
      i = j + 1;
    }
    long neg = n - pos;
    if (pos == 0 || neg == 0) {
      return Double.NaN;
    }
    return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }

  /** Mean binary cross-entropy with probabilities clipped to {@code [1e-7, 1 - 1e-7]}. */
  public static double logLoss(float[] p, float[] labels, int n) {
    check(p, labels, n);
    double s = 0;
    for (int i = 0; i < n; i++) {
      double q = Math.min(1 - EPS, Math.max(EPS, p[i]));
      s -= labels[i] > 0.5f ? Math.log(q) : Math.log1p(-q);
    }
    return s / n;
  }

  /** Share of rows where {@code p >= 0.5} matches the label. */
  public static double accuracy(float[] p, float[] labels, int n) {
    check(p, labels, n);
    long right = 0;
    for (int i = 0; i < n; i++) {
      if ((p[i] >= 0.5f) == (labels[i] > 0.5f)) {
        right++;
      }
    }
    return (double) right / n;
  }

  /** {@code logloss / H(ctr)} with ctr the labels' mean; NaN when all labels are equal. */
  public static double normalizedEntropy(double logLoss, float[] labels, int n) {
    double pos = 0;
    for (int i = 0; i < n; i++) {
      pos += labels[i] > 0.5f ? 1 : 0;
    }
    double ctr = pos / n;
    if (ctr <= 0 || ctr >= 1) {
      return Double.NaN;
    }
    double h = -(ctr * Math.log(ctr) + (1 - ctr) * Math.log(1 - ctr));
    return logLoss / h;
  }

  private static void check(float[] p, float[] labels, int n) {
    if (n <= 0 || n > p.length || n > labels.length) {
      throw new IllegalArgumentException(
          "CTR metrics need 1.." + Math.min(p.length, labels.length) + " rows, got " + n);
    }
    for (int i = 0; i < n; i++) {
      if (Float.isNaN(p[i])) {
        throw new IllegalArgumentException("prediction " + i + " is NaN");
      }
      if (labels[i] != 0f && labels[i] != 1f) {
        throw new IllegalArgumentException("label " + i + " is " + labels[i] + ", expected 0 or 1");
      }
    }
  }
}
