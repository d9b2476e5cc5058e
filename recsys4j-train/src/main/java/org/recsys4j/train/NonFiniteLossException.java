package org.recsys4j.train;

/** Training produced a NaN or infinite loss; the message says where and what to try. */
public final class NonFiniteLossException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public NonFiniteLossException(int epoch, int step, float lr, double loss) {
    super(
        "loss is "
            + loss
            + " at epoch "
            + epoch
            + ", step "
            + step
            + " (learning rate "
            + lr
            + "): lower lr, or check the input for extreme values");
  }
}
