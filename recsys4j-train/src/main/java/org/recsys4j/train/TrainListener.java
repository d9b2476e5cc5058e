package org.recsys4j.train;

/** Observes training; all methods are called on the trainer's thread. */
public interface TrainListener {
  default void onTrainStart(int totalEpochs, int stepsPerEpoch, int startEpoch) {}

  default void onStep(int epoch, int step, double loss) {}

  default void onEpochEnd(EpochStats stats) {}

  /**
   * An evaluation inside an epoch ({@code --eval-every-steps}); epoch-end ones come with {@link
   * #onEpochEnd}.
   */
  default void onStepEvaluation(int epoch, long step, java.util.Map<String, Double> metrics) {}

  default void onTrainEnd(TrainReport report) {}

  /** Something the user should know that does not stop the run (one line, no prefix). */
  default void onWarning(String message) {}
}
