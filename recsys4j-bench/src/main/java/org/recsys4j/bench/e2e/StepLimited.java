package org.recsys4j.bench.e2e;

import java.util.Map;
import org.recsys4j.core.Parallel;
import org.recsys4j.eval.EvalResult;
import org.recsys4j.models.Model;
import org.recsys4j.train.TrainingTask;

/**
 * A task's first {@code steps} steps as a one-epoch run with no evaluation: benchmarks time a
 * sample of an epoch too long to run whole.
 */
final class StepLimited implements TrainingTask {
  private final TrainingTask task;
  private final int steps;

  StepLimited(TrainingTask task, int steps) {
    this.task = task;
    this.steps = steps;
  }

  @Override
  public Model model() {
    return task.model();
  }

  @Override
  public Map<String, Object> settings() {
    return task.settings();
  }

  @Override
  public void open(Parallel parallel, long seed, int batchSize) {
    task.open(parallel, seed, batchSize);
  }

  @Override
  public int stepsPerEpoch() {
    return Math.min(steps, task.stepsPerEpoch());
  }

  @Override
  public void startEpoch(int epoch, int firstStep) {
    task.startEpoch(epoch, firstStep);
  }

  @Override
  public StepLoss step() {
    return task.step();
  }

  @Override
  public boolean hasValidation() {
    return false;
  }

  @Override
  public boolean hasTest() {
    return false;
  }

  @Override
  public EvalResult evaluate(Split split) {
    throw new IllegalStateException("a step-limited run does not evaluate");
  }

  @Override
  public String defaultMonitor() {
    return task.defaultMonitor();
  }

  @Override
  public boolean higherIsBetter(String metric) {
    return task.higherIsBetter(metric);
  }

  @Override
  public void finish(Parallel parallel) {
    task.finish(parallel);
  }
}
