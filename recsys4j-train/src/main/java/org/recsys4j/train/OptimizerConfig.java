package org.recsys4j.train;

import java.util.List;

/**
 * The optimizer and its base learning rate.
 *
 * @param name {@code sgd}, {@code adagrad}, {@code rowwise-adagrad}, {@code adam} (sparse-row
 *     updates of embedding tables) or {@code adam-dense} (PyTorch's dense Adam)
 * @param lr the base learning rate (the schedule scales it)
 */
public record OptimizerConfig(String name, float lr) {
  /** The optimizer names {@link org.recsys4j.core.optim.Optimizer#create} knows. */
  public static final List<String> NAMES =
      List.of("sgd", "adagrad", "rowwise-adagrad", "adam", "adam-dense");

  public OptimizerConfig {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "optimizer must be one of " + NAMES + ", got '" + name + "'");
    }
    if (!(lr > 0) || Float.isInfinite(lr)) {
      throw new IllegalArgumentException("lr must be a positive finite number, got " + lr);
    }
  }
}
