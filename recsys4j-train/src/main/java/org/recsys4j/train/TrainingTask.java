package org.recsys4j.train;

import java.util.Map;
import org.recsys4j.core.Parallel;
import org.recsys4j.eval.EvalResult;
import org.recsys4j.models.Model;

/**
 * What differs between model families in training, and nothing else: where batches come from, the
 * step and its loss, the evaluators and the metric they are selected on. The {@link Trainer} owns
 * everything the families share (epochs, threads, learning-rate schedule, the finite-loss guard,
 * evaluation cadence, model selection, early stopping, checkpoint and resume, listeners).
 *
 * <p>A task is used by one run: {@link #open} once, then per epoch {@link #startEpoch} and {@link
 * #step} for each step, with evaluations between steps.
 */
public interface TrainingTask {

  /** The model being trained. */
  Model model();

  /**
   * Settings of the task that change the numbers (sampling, negatives, ...), by config field name.
   */
  Map<String, Object> settings();

  /**
   * Prepares batches of {@code batchSize} rows drawn from {@code seed}, computing with {@code
   * parallel}.
   */
  void open(Parallel parallel, long seed, int batchSize);

  /** Optimizer steps in one epoch (valid after {@link #open}). */
  int stepsPerEpoch();

  /**
   * Starts epoch {@code epoch} (0-based) at step {@code firstStep} (non-zero when resuming inside
   * it).
   */
  void startEpoch(int epoch, int firstStep);

  /**
   * Runs the next step's forward and backward passes (the trainer then checks the loss and runs the
   * optimizer), leaving the gradients in the model's parameters.
   */
  StepLoss step();

  /** True when a validation split exists to select epochs and stop early on. */
  boolean hasValidation();

  /** True when a test split exists to report. */
  boolean hasTest();

  /** Evaluates the current parameters on the validation or test split. */
  EvalResult evaluate(Split split);

  /**
   * The metric selection watches unless the user names one, e.g. {@code recall@20} or {@code auc}.
   */
  String defaultMonitor();

  /**
   * Whether a larger value of {@code metric} is better; an unknown metric is an error naming the
   * ones there are.
   */
  boolean higherIsBetter(String metric);

  /** Called once after training, before the model answers queries. */
  default void finish(Parallel parallel) {
    model().prepareForScoring(parallel);
  }

  /** The held-out splits a task evaluates on. */
  enum Split {
    VALIDATION,
    TEST
  }

  /**
   * The losses of one step: {@code reported} is what the epoch's mean loss averages (the data term,
   * per row), {@code total} what was differentiated (with any regulariser); it must be finite.
   */
  record StepLoss(float reported, float total) {}
}
