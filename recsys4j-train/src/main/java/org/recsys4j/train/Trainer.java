package org.recsys4j.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.optim.Optimizer;
import org.recsys4j.eval.EvalResult;
import org.recsys4j.models.Model;

/**
 * The one training lifecycle for every model: epochs of steps from a {@link TrainingTask}, the
 * learning-rate schedule, a finite-loss guard, evaluation every N epochs and every M steps, model
 * selection and early stopping on a validation split, an atomic checkpoint at every evaluation and
 * epoch end that {@code resume} continues from (inside an epoch too: the task replays the epoch's
 * order up to the step), and listeners for progress.
 *
 * <p>Model selection never looks at the test split. With a validation split the model ends holding
 * the weights of the epoch with the best validation {@code monitor} and the report carries that
 * epoch's test metrics; without one the model is the last epoch's, and so are the metrics.
 *
 * <p>The same seed and thread count give the same numbers: tasks draw their batches from (seed,
 * epoch), and every parallel kernel writes disjoint outputs.
 */
public final class Trainer {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Prefix of validation metrics in per-epoch metrics (test metrics carry no prefix). */
  public static final String VALID_PREFIX = "valid_";

  /**
   * Settings a resume may change: more epochs; another thread count (with a warning: bits will
   * differ).
   */
  private static final List<String> RESUMABLE = List.of("epochs", "threads");

  private final TrainingConfig cfg;
  private final Path checkpoint;
  private final List<TrainListener> listeners;

  /**
   * @param checkpoint the checkpoint file written at evaluations and epoch ends, or null for none
   */
  public Trainer(TrainingConfig cfg, Path checkpoint, List<TrainListener> listeners) {
    this.cfg = cfg;
    this.checkpoint = checkpoint;
    this.listeners = List.copyOf(listeners);
  }

  /** Trains {@code task}'s model, from scratch or (with {@code resume}) from the checkpoint. */
  public TrainReport fit(TrainingTask task, boolean resume) {
    long t0 = System.nanoTime();
    Model model = task.model();
    String monitor = cfg.eval().monitor() != null ? cfg.eval().monitor() : task.defaultMonitor();
    boolean higher = task.higherIsBetter(monitor);
    boolean select = task.hasValidation();
    if (cfg.eval().patience() > 0 && !select) {
      throw new IllegalArgumentException(
          "patience must be 0 without a validation split, got "
              + cfg.eval().patience()
              + ": early stopping watches validation metrics (set validRatio to hold some out); the test split never "
              + "selects a model");
    }
    Optimizer opt = Optimizer.create(cfg.optimizer().name(), cfg.optimizer().lr());
    Map<String, Object> settings = new LinkedHashMap<>(cfg.settings());
    settings.putAll(task.settings());
    settings.put("monitor", monitor);
    String configJson = json(model.config());
    String settingsJson = json(settings);
    List<EpochStats> history = new ArrayList<>();
    List<TrainReport.Evaluation> evals = new ArrayList<>();
    int startEpoch = 0;
    int skipSteps = 0;
    int bestEpoch = 0;
    Map<String, Double> best = new LinkedHashMap<>();
    Map<String, Double> bestSelection = new LinkedHashMap<>();
    Map<String, float[]> bestWeights = null;
    if (resume) {
      Checkpoint.State s = Checkpoint.load(checkpoint).state();
      checkResumable(s, model, configJson, settings);
      Checkpoint.Resumed r =
          Checkpoint.resumeInto(
              checkpoint, model.weights(), model.parameters(), opt, cfg.optimizer().name());
      history.addAll(s.history());
      startEpoch = s.epochsDone();
      skipSteps = s.stepInEpoch();
      bestEpoch = s.bestEpoch();
      best.putAll(s.best());
      bestSelection.putAll(selectionOf(s.best(), select));
      bestWeights = r.bestWeights();
    }
    int epochs = cfg.run().epochs();
    boolean stoppedEarly = false;
    try (Parallel par = new Parallel(cfg.run().threads())) {
      task.open(par, cfg.run().seed(), cfg.run().batchSize());
      int steps = task.stepsPerEpoch();
      boolean canEvaluate = task.hasTest() || select;
      int sinceBest = countSinceBest(history, bestEpoch);
      int first = startEpoch;
      listeners.forEach(l -> l.onTrainStart(epochs, steps, first));
      outer:
      for (int epoch = startEpoch; epoch < epochs; epoch++) {
        long e0 = System.nanoTime();
        double evalSeconds = 0;
        task.startEpoch(epoch, skipSteps);
        double lossSum = 0;
        int counted = 0;
        Map<String, Double> epochMetrics = Map.of();
        boolean last = epoch + 1 == epochs;
        for (int step = skipSteps; step < steps; step++) {
          opt.setLearningRate(cfg.lrAt(epoch, opt.steps() + 1));
          TrainingTask.StepLoss loss = task.step();
          if (!Float.isFinite(loss.total())) {
            throw new NonFiniteLossException(epoch + 1, step + 1, opt.learningRate(), loss.total());
          }
          opt.step(model.parameters(), par); // also clears the gradients
          lossSum += loss.reported();
          counted++;
          for (TrainListener l : listeners) {
            l.onStep(epoch + 1, step + 1, loss.reported());
          }
          boolean epochEnd = step + 1 == steps;
          boolean stepEval =
              cfg.eval().everySteps() > 0 && opt.steps() % cfg.eval().everySteps() == 0;
          boolean epochEval =
              epochEnd
                  && (last || (cfg.eval().every() > 0 && (epoch + 1) % cfg.eval().every() == 0));
          if (!(stepEval || epochEval) || !canEvaluate) {
            continue;
          }
          long ev0 = System.nanoTime();
          Map<String, Double> m = evaluate(task);
          evalSeconds += (System.nanoTime() - ev0) / 1e9;
          evals.add(
              new TrainReport.Evaluation(
                  epoch + 1, opt.steps(), (System.nanoTime() - t0) / 1e9, m));
          if (!epochEnd) {
            for (TrainListener l : listeners) {
              l.onStepEvaluation(epoch + 1, opt.steps(), m);
            }
          }
          Map<String, Double> selection = selectionOf(m, select);
          if (!select) { // no selection: the latest evaluation is the result
            best = new LinkedHashMap<>(m);
            bestEpoch = epoch + 1;
          } else if (bestSelection.isEmpty()
              || better(selection.get(monitor), bestSelection.get(monitor), higher)) {
            best = new LinkedHashMap<>(m);
            bestSelection = new LinkedHashMap<>(selection);
            bestEpoch = epoch + 1;
            bestWeights = snapshot(model);
            sinceBest = 0;
          } else {
            sinceBest++;
          }
          if (epochEnd) {
            epochMetrics = m;
          }
          stoppedEarly =
              cfg.eval().patience() > 0
                  && sinceBest >= cfg.eval().patience()
                  && !(last && epochEnd);
          if (!epochEnd && checkpoint != null) {
            Checkpoint.save(
                checkpoint,
                model.weights(),
                model.parameters(),
                opt,
                bestWeights,
                new Checkpoint.State(
                    model.type(),
                    configJson,
                    model.layout(),
                    epoch,
                    opt.steps(),
                    history,
                    bestEpoch,
                    best,
                    cfg.run().seed(),
                    cfg.run().threads(),
                    step + 1,
                    settingsJson));
          }
          if (stoppedEarly && !epochEnd) {
            history.add(
                new EpochStats(
                    epoch + 1,
                    lossSum / Math.max(1, counted),
                    (System.nanoTime() - e0) / 1e9 - evalSeconds,
                    evalSeconds,
                    m));
            break outer;
          }
        }
        skipSteps = 0;
        EpochStats stats =
            new EpochStats(
                epoch + 1,
                lossSum / Math.max(1, counted),
                (System.nanoTime() - e0) / 1e9 - evalSeconds,
                evalSeconds,
                epochMetrics);
        history.add(stats);
        listeners.forEach(l -> l.onEpochEnd(stats));
        if (checkpoint != null) {
          Checkpoint.save(
              checkpoint,
              model.weights(),
              model.parameters(),
              opt,
              bestWeights,
              new Checkpoint.State(
                  model.type(),
                  configJson,
                  model.layout(),
                  epoch + 1,
                  opt.steps(),
                  history,
                  bestEpoch,
                  best,
                  cfg.run().seed(),
                  cfg.run().threads(),
                  0,
                  settingsJson));
        }
        if (stoppedEarly) {
          break;
        }
      }
      if (bestWeights != null) {
        restore(model, bestWeights);
      }
      task.finish(par);
    }
    TrainReport report =
        new TrainReport(
            model.type(),
            history,
            bestEpoch,
            best,
            (System.nanoTime() - t0) / 1e9,
            stoppedEarly,
            select ? "validation" : "last-epoch",
            evals);
    listeners.forEach(l -> l.onTrainEnd(report));
    return report;
  }

  /** Test metrics under their names, validation metrics under {@link #VALID_PREFIX}. */
  private static Map<String, Double> evaluate(TrainingTask task) {
    Map<String, Double> m = new LinkedHashMap<>();
    if (task.hasTest()) {
      EvalResult r = task.evaluate(TrainingTask.Split.TEST);
      m.putAll(r.metrics());
    }
    if (task.hasValidation()) {
      EvalResult r = task.evaluate(TrainingTask.Split.VALIDATION);
      r.metrics().forEach((k, v) -> m.put(VALID_PREFIX + k, v));
    }
    return m;
  }

  /**
   * The metrics selection compares: the validation ones (prefix stripped), or none without a
   * validation split.
   */
  private static Map<String, Double> selectionOf(Map<String, Double> m, boolean select) {
    Map<String, Double> s = new LinkedHashMap<>();
    if (select) {
      m.forEach(
          (k, v) -> {
            if (k.startsWith(VALID_PREFIX)) {
              s.put(k.substring(VALID_PREFIX.length()), v);
            }
          });
    }
    return s;
  }

  private static boolean better(Double candidate, Double best, boolean higher) {
    if (candidate == null) {
      return false;
    }
    return higher ? candidate > best : candidate < best;
  }

  private void checkResumable(
      Checkpoint.State s, Model model, String configJson, Map<String, Object> settings) {
    if (!s.modelType().equals(model.type()) || !s.configJson().equals(configJson)) {
      throw new IllegalArgumentException(
          "checkpoint "
              + checkpoint
              + " was written for "
              + s.modelType()
              + " "
              + s.configJson()
              + ", not "
              + model.type()
              + " "
              + configJson);
    }
    if (!model.layout().equals(s.layout())) {
      throw new IllegalArgumentException(
          "checkpoint "
              + checkpoint
              + " stores rows in layout '"
              + s.layout()
              + "' but this model uses '"
              + model.layout()
              + "' (different training data or recsys4j version); "
              + "start a new run without resume");
    }
    if (s.settingsJson() == null) {
      throw new IllegalArgumentException(
          "checkpoint "
              + checkpoint
              + " does not record its training settings "
              + "(written by an older recsys4j); start a new run without resume");
    }
    Map<String, Object> before;
    Map<String, Object> now;
    try { // both through JSON text, so numbers compare as the same types
      before =
          JSON.readValue(
              s.settingsJson(), new com.fasterxml.jackson.core.type.TypeReference<>() {});
      now =
          JSON.readValue(json(settings), new com.fasterxml.jackson.core.type.TypeReference<>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "checkpoint " + checkpoint + ": damaged training settings: " + e.getMessage());
    }
    List<String> changed = new ArrayList<>();
    for (String k : now.keySet()) {
      if (!RESUMABLE.contains(k) && !java.util.Objects.equals(before.get(k), now.get(k))) {
        changed.add(k + ": " + before.get(k) + " -> " + now.get(k));
      }
    }
    if (!changed.isEmpty()) {
      throw new IllegalArgumentException(
          "checkpoint "
              + checkpoint
              + " was trained with other settings: "
              + String.join(", ", changed)
              + "; a resume may only change epochs and threads (start a new run instead)");
    }
    if (cfg.run().epochs() < s.epochsDone()) {
      throw new IllegalArgumentException(
          "checkpoint "
              + checkpoint
              + " has already done "
              + s.epochsDone()
              + " epochs; epochs "
              + cfg.run().epochs()
              + " would undo them");
    }
    if (!java.util.Objects.equals(before.get("threads"), now.get("threads"))) {
      String msg =
          "resuming with "
              + now.get("threads")
              + " threads; the checkpoint ran "
              + before.get("threads")
              + ", so the numbers will differ in the last bits from an uninterrupted run";
      listeners.forEach(l -> l.onWarning(msg));
    }
  }

  private static int countSinceBest(List<EpochStats> history, int bestEpoch) {
    int n = 0;
    for (EpochStats s : history) {
      if (s.epoch() > bestEpoch && !s.metrics().isEmpty()) {
        n++;
      }
    }
    return n;
  }

  private static Map<String, float[]> snapshot(Model model) {
    Map<String, float[]> m = new HashMap<>();
    model.weights().forEach((k, v) -> m.put(k, v.floats().clone()));
    return m;
  }

  private static void restore(Model model, Map<String, float[]> w) {
    model
        .weights()
        .forEach((k, v) -> System.arraycopy(w.get(k), 0, v.floats(), 0, v.floats().length));
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
