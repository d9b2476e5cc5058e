package org.recsys4j.train;

import java.util.Map;

/**
 * What one epoch did: its mean training loss, the training wall time, and the metrics if it was
 * evaluated (empty otherwise).
 */
public record EpochStats(
    int epoch, double loss, double trainSeconds, double evalSeconds, Map<String, Double> metrics) {
  public EpochStats {
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
  }
}
