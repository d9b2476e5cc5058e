package org.recsys4j.train;

import java.util.Objects;

/**
 * How to train a CTR model: epochs over the shuffled training rows, batch, optimizer (the same
 * names as {@link TrainConfig}), threads, seed, evaluation cadence (every {@code evalEverySteps}
 * steps and at the end of every {@code evalEvery}-th epoch), early stopping on {@code monitor}
 * ({@code auc}, higher is better, or {@code logloss}, lower is better), a step-decay schedule by
 * epoch and the DLRM reference's warmup and decay by optimizer step ({@link WarmupDecay}); the two
 * multiply.
 */
public record CtrTrainConfig(int epochs, int batchSize, float lr, String optimizer, int threads, long seed,
    int evalEvery, int evalEverySteps, String monitor, int patience, int[] lrMilestones, float lrGamma, WarmupDecay lrPolicy) {
  public CtrTrainConfig {
    if (epochs < 1) {
      throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
    }
    if (!(lr > 0) || Float.isInfinite(lr)) {
      throw new IllegalArgumentException("--lr must be a positive finite number, got " + lr);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
    }
    if (evalEvery < 0 || evalEverySteps < 0 || patience < 0) {
      throw new IllegalArgumentException("--eval-every, --eval-every-steps and --patience must be >= 0");
    }
    if (!monitor.equals("auc") && !monitor.equals("logloss")) {
      throw new IllegalArgumentException("--monitor for CTR models must be auc or logloss, got '" + monitor + "'");
    }
    lrMilestones = lrMilestones.clone();
    StepDecay.check(lrMilestones, lrGamma);
    Objects.requireNonNull(lrPolicy, "lrPolicy (WarmupDecay.NONE for none)");
  }

  @Override
  public int[] lrMilestones() {
    return lrMilestones.clone();
  }

  /** The learning rate of epoch {@code epoch} (0-based) at optimizer step {@code step} (1-based, counted over the run). */
  public float lrAt(int epoch, long step) {
    return lrPolicy.at(StepDecay.at(lr, lrMilestones, lrGamma, epoch), step);
  }

  /** True when {@code candidate} beats {@code best} on the monitored metric. */
  public boolean better(double candidate, double best) {
    return monitor.equals("auc") ? candidate > best : candidate < best;
  }
}
