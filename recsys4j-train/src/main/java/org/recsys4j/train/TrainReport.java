package org.recsys4j.train;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a training run: per-epoch statistics, the best evaluation (the weights the model
 * holds at the end), and the total wall time.
 */
public record TrainReport(String model, List<EpochStats> epochs, int bestEpoch, Map<String, Double> best,
    double totalSeconds, boolean stoppedEarly) {
  public TrainReport {
    epochs = List.copyOf(epochs);
    best = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(best));
  }
}
