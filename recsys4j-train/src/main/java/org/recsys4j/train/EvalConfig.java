package org.recsys4j.train;

/**
 * When to evaluate and what to select on.
 *
 * @param every evaluate at the end of every this many epochs (0: only at the end of the run)
 * @param everySteps also evaluate every this many optimizer steps (0: never inside an epoch)
 * @param monitor the metric that selects the best epoch and stops early (null: the task's default,
 *     e.g. {@code recall@20} or {@code auc})
 * @param patience stop after this many evaluations without a better validation {@code monitor} (0:
 *     never); needs a validation split
 */
public record EvalConfig(int every, int everySteps, String monitor, int patience) {
  public EvalConfig {
    if (every < 0) {
      throw new IllegalArgumentException("evalEvery must be >= 0, got " + every);
    }
    if (everySteps < 0) {
      throw new IllegalArgumentException("evalEverySteps must be >= 0, got " + everySteps);
    }
    if (patience < 0) {
      throw new IllegalArgumentException("patience must be >= 0, got " + patience);
    }
  }

  /** Evaluate every {@code every} epochs with the task's monitor, never stop early. */
  public static EvalConfig every(int every) {
    return new EvalConfig(every, 0, null, 0);
  }
}
