package org.recsys4j.eval;

import java.util.Arrays;
import java.util.List;

/**
 * Top-K ranking metrics for one user, with the definitions of the LightGCN reference code: recall =
 * hits / |test|; precision = hits / K; NDCG = DCG / IDCG with binary gains, where the ideal DCG
 * puts min(|test|, K) hits first; hit rate = 1 if any hit; MRR = 1 / rank of the first hit.
 */
public final class RankingMetrics {
  /** Metric names in output order. */
  public static final List<String> NAMES = List.of("recall", "precision", "ndcg", "hit", "mrr");

  private RankingMetrics() {}

  /** The key under which a metric is reported: lower-case {@code name@k}. */
  public static String key(String name, int k) {
    return name + "@" + k;
  }

  /**
   * Writes {@code NAMES.size() * ks.length} values into {@code out} from {@code outOff},
   * metric-major: {@code out[outOff + m * ks.length + j]} is metric {@code m} at {@code ks[j]}.
   *
   * @param ranked recommended item ids, best first ({@code n} of them, n >= max K unless fewer
   *     items)
   * @param test the user's test items, sorted ascending, in {@code test[tFrom, tTo)}
   */
  public static void compute(
      int[] ranked, int n, int[] test, int tFrom, int tTo, int[] ks, double[] out, int outOff) {
    int nTest = tTo - tFrom;
    int nk = ks.length;
    int hits = 0;
    double dcg = 0;
    int firstHit = -1;
    int j = 0;
    int maxK = ks[nk - 1];
    for (int pos = 0; pos < maxK; pos++) {
      if (pos < n && Arrays.binarySearch(test, tFrom, tTo, ranked[pos]) >= 0) {
        hits++;
        dcg += 1.0 / log2(pos + 2);
        if (firstHit < 0) {
          firstHit = pos;
        }
      }
      while (j < nk && ks[j] == pos + 1) {
        double idcg = 0;
        for (int i = 0; i < Math.min(nTest, ks[j]); i++) {
          idcg += 1.0 / log2(i + 2);
        }
        out[outOff + j] = (double) hits / nTest;
        out[outOff + nk + j] = (double) hits / ks[j];
        out[outOff + 2 * nk + j] = idcg == 0 ? 0 : dcg / idcg;
        out[outOff + 3 * nk + j] = hits > 0 ? 1 : 0;
        out[outOff + 4 * nk + j] = firstHit >= 0 ? 1.0 / (firstHit + 1) : 0;
        j++;
      }
    }
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /** Validates and sorts a list of cut-offs; duplicates are an error. */
  public static int[] checkKs(int[] ks) {
    if (ks.length == 0) {
      throw new IllegalArgumentException("k must hold at least one cut-off, e.g. 20");
    }
    int[] s = ks.clone();
    Arrays.sort(s);
    for (int i = 0; i < s.length; i++) {
      if (s[i] <= 0 || (i > 0 && s[i] == s[i - 1])) {
        throw new IllegalArgumentException(
            "K values must be positive and distinct, got " + Arrays.toString(ks));
      }
    }
    return s;
  }
}
