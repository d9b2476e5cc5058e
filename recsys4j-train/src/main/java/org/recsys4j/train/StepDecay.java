package org.recsys4j.train;

import java.util.Arrays;

/**
 * The step-decay learning-rate schedule both trainers use: {@code lr * gamma^(milestones passed)}.
 */
final class StepDecay {
  private StepDecay() {}

  /** Checks {@code --lr-milestones} (increasing epochs >= 1) and {@code --lr-gamma} (in (0, 1]). */
  static void check(int[] milestones, float gamma) {
    for (int i = 0; i < milestones.length; i++) {
      if (milestones[i] < 1 || (i > 0 && milestones[i] <= milestones[i - 1])) {
        throw new IllegalArgumentException(
            "lrMilestones must be increasing epochs >= 1, got " + Arrays.toString(milestones));
      }
    }
    if (!(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException("lrGamma must be in (0, 1], got " + gamma);
    }
  }

  /** The learning rate of epoch {@code epoch} (0-based). */
  static float at(float lr, int[] milestones, float gamma, int epoch) {
    float r = lr;
    for (int m : milestones) {
      if (epoch >= m) {
        r *= gamma;
      }
    }
    return r;
  }
}
