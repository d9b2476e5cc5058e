package org.recsys4j.core.optim;

import org.recsys4j.core.Parallel;
import org.recsys4j.core.nn.ParameterSet;

/**
 * Updates a model's parameters from their gradients. Dense parameters are updated in full;
 * embedding tables only on the rows touched since the last step (sparse-row path). State is held in
 * arrays indexed by the parameters' slots and can be saved for checkpoints.
 */
public interface Optimizer {

  /** One update of every parameter in {@code params}, then their gradients are zeroed. */
  void step(ParameterSet params, Parallel parallel);

  /** Number of steps taken (for bias correction and checkpoints). */
  long steps();

  /** The optimizer's state arrays by name, for checkpoints (live references). */
  java.util.Map<String, float[]> state(ParameterSet params);

  /** Restores the step count after loading {@link #state} arrays from a checkpoint. */
  void restoreSteps(long steps);

  /** The learning rate currently in use. */
  float learningRate();

  /** Changes the learning rate (for schedules); state such as Adam's moments is kept. */
  void setLearningRate(float lr);

  /**
   * Creates an optimizer by name: {@code sgd}, {@code adagrad}, {@code rowwise-adagrad}, {@code
   * adam} (sparse-row updates of embedding tables) or {@code adam-dense} (PyTorch's dense Adam
   * semantics on embedding tables).
   */
  static Optimizer create(String name, float lr) {
    if (!(lr > 0) || Float.isInfinite(lr)) {
      throw new IllegalArgumentException(
          "learning rate must be a positive finite number, got " + lr);
    }
    switch (name) {
      case "sgd":
        return new Sgd(lr);
      case "adagrad":
        return new Adagrad(lr, false);
      case "rowwise-adagrad":
        return new Adagrad(lr, true);
      case "adam":
        return new Adam(lr, 0.9f, 0.999f, 1e-8f);
      case "adam-dense":
        return new Adam(lr, 0.9f, 0.999f, 1e-8f, true);
      default:
        throw new IllegalArgumentException(
            "unknown optimizer '"
                + name
                + "': expected one of sgd, adagrad, rowwise-adagrad, adam, adam-dense");
    }
  }
}
