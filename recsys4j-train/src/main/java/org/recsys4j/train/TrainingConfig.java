package org.recsys4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to train any model: the run, the optimizer, the learning-rate schedule and the evaluation
 * cadence, each a small validated record. What differs between families (samplers, losses,
 * evaluators) is the {@link TrainingTask}'s.
 */
public record TrainingConfig(
    RunConfig run, OptimizerConfig optimizer, ScheduleConfig schedule, EvalConfig eval) {
  public TrainingConfig {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(eval, "eval");
  }

  /**
   * The learning rate of epoch {@code epoch} (0-based) at optimizer step {@code step} (1-based).
   */
  public float lrAt(int epoch, long step) {
    return schedule.at(optimizer.lr(), epoch, step);
  }

  /**
   * The settings by config field name (flat, for manifests, run reports and the resume check).
   * Epochs and threads are included; {@link Trainer} lets a resume change those two.
   */
  public Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epochs", run.epochs());
    m.put("batchSize", run.batchSize());
    m.put("threads", run.threads());
    m.put("seed", run.seed());
    m.put("optimizer", optimizer.name());
    m.put("lr", optimizer.lr());
    m.put("lrMilestones", schedule.milestones());
    m.put("lrGamma", schedule.gamma());
    m.put("lrNumWarmupSteps", schedule.warmupDecay().warmupSteps());
    m.put("lrDecayStartStep", schedule.warmupDecay().decayStartStep());
    m.put("lrNumDecaySteps", schedule.warmupDecay().decaySteps());
    m.put("evalEvery", eval.every());
    m.put("evalEverySteps", eval.everySteps());
    m.put("monitor", eval.monitor());
    m.put("patience", eval.patience());
    return m;
  }
}
