package org.recsys4j.core.optim;

/** The learning rate and step count every optimizer keeps, and their checkpoint hooks. */
abstract class StepCounter implements Optimizer {
  protected float lr;
  protected long steps;

  StepCounter(float lr) {
    this.lr = lr;
  }

  @Override
  public long steps() {
    return steps;
  }

  @Override
  public void restoreSteps(long steps) {
    this.steps = steps;
  }

  @Override
  public float learningRate() {
    return lr;
  }

  @Override
  public void setLearningRate(float lr) {
    if (!(lr > 0) || Float.isInfinite(lr)) {
      throw new IllegalArgumentException(
          "learning rate must be a positive finite number, got " + lr);
    }
    this.lr = lr;
  }
}
