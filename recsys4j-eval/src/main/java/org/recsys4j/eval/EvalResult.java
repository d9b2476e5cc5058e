package org.recsys4j.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Averaged metrics keyed {@code name@k} (e.g. {@code recall@20}), the number of users averaged
 * over, and the wall time of the evaluation.
 */
public record EvalResult(Map<String, Double> metrics, int users, double seconds) {
  public EvalResult {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  public double get(String key) {
    Double v = metrics.get(key);
    if (v == null) {
      throw new IllegalArgumentException("no metric '" + key + "'; have " + metrics.keySet());
    }
    return v;
  }

  /** A one-line summary such as {@code recall@20=0.1830 ndcg@20=0.1554}. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    metrics.forEach(
        (k, v) ->
            sb.append(sb.length() == 0 ? "" : " ")
                .append(k)
                .append('=')
                .append(String.format("%.4f", v)));
    return sb.toString();
  }
}
