package org.recsys4j.train;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a training run: per-epoch statistics, the selected epoch and its test metrics (the
 * weights the model holds at the end), how it was selected ({@code validation}, or {@code
 * last-epoch} without a validation split), the total wall time, and every evaluation made (inside
 * epochs too).
 */
public record TrainReport(
    String model,
    List<EpochStats> epochs,
    int bestEpoch,
    Map<String, Double> best,
    double totalSeconds,
    boolean stoppedEarly,
    String selectedBy,
    List<Evaluation> evaluations) {
  public TrainReport {
    epochs = List.copyOf(epochs);
    best = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(best));
    evaluations = List.copyOf(evaluations);
  }

  /**
   * One evaluation: after {@code step} optimizer steps, in epoch {@code epoch}, {@code seconds}
   * into the run.
   */
  public record Evaluation(int epoch, long step, double seconds, Map<String, Double> metrics) {
    public Evaluation {
      metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    }
  }
}
