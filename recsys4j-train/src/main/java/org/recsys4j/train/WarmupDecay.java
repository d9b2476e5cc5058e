package org.recsys4j.train;

/**
 * The DLRM reference's learning-rate policy by optimizer step ({@code --lr-num-warmup-steps},
 * {@code --lr-decay-start-step}, {@code --lr-num-decay-steps}): a linear warmup from {@code lr/W}
 * to {@code lr} over the first W steps, then the full rate, then a quadratic decay over D steps
 * from step S, {@code lr * ((D - (k - S)) / D)^2} (never below 1e-7), and the rate of the decay's
 * last step after it. One pass over a large click log is how CTR models are trained, so epoch-based
 * milestones cannot lower the rate within it; this policy can. Steps are 1-based: the first
 * optimizer step is step 1. The reference keeps the warmup's last value between warmup and decay;
 * here that stretch runs at the full rate.
 *
 * @param warmupSteps W, 0 for none
 * @param decayStartStep S, the first decayed step (at least W)
 * @param decaySteps D, 0 for no decay
 */
public record WarmupDecay(long warmupSteps, long decayStartStep, long decaySteps) {
  /** No warmup and no decay: the factor is always 1. */
  public static final WarmupDecay NONE = new WarmupDecay(0, 0, 0);

  private static final double MIN_LR = 1e-7;

  public WarmupDecay {
    if (warmupSteps < 0 || decayStartStep < 0 || decaySteps < 0) {
      throw new IllegalArgumentException(
          "lrNumWarmupSteps, lrDecayStartStep and lrNumDecaySteps"
              + " must be >= 0, got "
              + warmupSteps
              + ", "
              + decayStartStep
              + ", "
              + decaySteps);
    }
    if (decaySteps > 0 && decayStartStep < warmupSteps) {
      throw new IllegalArgumentException(
          "lrDecayStartStep ("
              + decayStartStep
              + ") must not come before the warmup ends (lrNumWarmupSteps "
              + warmupSteps
              + ")");
    }
  }

  /** The learning rate of optimizer step {@code step} (1-based) for a base rate {@code lr}. */
  public float at(float lr, long step) {
    if (step < 1) {
      throw new IllegalArgumentException("steps are 1-based, got " + step);
    }
    if (step < warmupSteps) {
      return (float) (lr * ((double) step / warmupSteps));
    }
    if (decaySteps == 0 || step < decayStartStep) {
      return lr;
    }
    long decayed = Math.min(step - decayStartStep, decaySteps - 1);
    double f = (double) (decaySteps - decayed) / decaySteps;
    return (float) Math.max(MIN_LR, lr * f * f);
  }
}
