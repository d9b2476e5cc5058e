package org.recsys4j.train;

import java.util.Objects;

/**
 * The learning-rate schedule: a step decay by epoch ({@code lr * gamma^(milestones passed)}) times
 * the DLRM reference's warmup and quadratic decay by optimizer step ({@link WarmupDecay}).
 *
 * @param milestones epochs (1-based, increasing) after which the rate is multiplied by {@code
 *     gamma}
 * @param gamma the step-decay factor, in (0, 1]
 * @param warmupDecay the per-step policy ({@link WarmupDecay#NONE} for none)
 */
public record ScheduleConfig(int[] milestones, float gamma, WarmupDecay warmupDecay) {
  /** A constant rate. */
  public static final ScheduleConfig CONSTANT =
      new ScheduleConfig(new int[0], 1f, WarmupDecay.NONE);

  public ScheduleConfig {
    milestones = milestones == null ? new int[0] : milestones.clone();
    StepDecay.check(milestones, gamma);
    Objects.requireNonNull(warmupDecay, "warmupDecay (WarmupDecay.NONE for none)");
  }

  @Override
  public int[] milestones() {
    return milestones.clone();
  }

  /**
   * The rate at epoch {@code epoch} (0-based) and optimizer step {@code step} (1-based, over the
   * run).
   */
  public float at(float lr, int epoch, long step) {
    return warmupDecay.at(StepDecay.at(lr, milestones, gamma, epoch), step);
  }
}
