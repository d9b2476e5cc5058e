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
import org.recsys4j.core.Rng;
import org.recsys4j.core.optim.Optimizer;
import org.recsys4j.data.ctr.CtrBatch;
import org.recsys4j.data.ctr.CtrDataset;
import org.recsys4j.models.ctr.CtrModel;

/**
 * Trains a {@link CtrModel} with binary cross-entropy over a processed {@link CtrDataset}: epochs
 * visit the rows in an order shuffled by (seed, epoch); evaluation on a held-out dataset every N
 * steps and at epoch ends; early stopping on AUC or logloss (the model ends holding the best
 * evaluated weights); a finite-loss guard; and an atomic checkpoint at every evaluation and epoch
 * end, from which {@code resume} continues (mid-epoch included: the shuffled order is recomputed and
 * the steps already done are skipped). Same seed and thread count, same numbers.
 */
public final class CtrTrainer {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One evaluation: after {@code step} optimizer steps (in epoch {@code epoch}). */
  public record Evaluation(int epoch, long step, double trainSeconds, Map<String, Double> metrics) {}

  /** The run's report and every evaluation it made. */
  public record Result(TrainReport report, List<Evaluation> evaluations) {}

  private final CtrTrainConfig cfg;
  private final Path checkpoint;
  private final List<TrainListener> listeners;

  public CtrTrainer(CtrTrainConfig cfg, Path checkpoint, List<TrainListener> listeners) {
    this.cfg = cfg;
    this.checkpoint = checkpoint;
    this.listeners = List.copyOf(listeners);
  }

  /** The row order of an epoch: a Fisher-Yates shuffle seeded by (seed, epoch). */
  static int[] epochOrder(long seed, int epoch, int rows) {
    int[] order = new int[rows];
    for (int i = 0; i < rows; i++) {
      order[i] = i;
    }
    Rng r = Rng.derive(seed, 0xC7A, epoch);
    for (int i = rows - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  public Result fit(CtrModel model, CtrDataset train, CtrDataset eval, boolean resume) {
    long t0 = System.nanoTime();
    if (train.rows() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(train.directory() + ": more than 2^31 rows; split it into parts");
    }
    int rows = (int) train.rows();
    Optimizer opt = Optimizer.create(cfg.optimizer(), cfg.lr());
    List<EpochStats> history = new ArrayList<>();
    List<Evaluation> evals = new ArrayList<>();
    String configJson = configJson(model);
    int startEpoch = 0;
    int skipSteps = 0;
    int bestEpoch = 0;
    Map<String, Double> best = new LinkedHashMap<>();
    Map<String, float[]> bestWeights = null;
    if (resume) {
      Checkpoint.State s = Checkpoint.load(checkpoint).state();
      if (!s.modelType().equals(model.type()) || !s.configJson().equals(configJson)) {
        throw new IllegalArgumentException("checkpoint " + checkpoint + " was written for " + s.modelType() + " "
            + s.configJson() + ", not " + model.type() + " " + configJson);
      }
      Checkpoint.Resumed r = Checkpoint.resumeInto(checkpoint, model.weights(), model.parameters(), opt,
          cfg.optimizer());
      history.addAll(s.history());
      startEpoch = s.epochsDone();
      skipSteps = s.stepInEpoch();
      bestEpoch = s.bestEpoch();
      best.putAll(s.best());
      bestWeights = r.bestWeights();
    }
    int steps = (rows + cfg.batchSize() - 1) / cfg.batchSize();
    boolean stoppedEarly = false;
    int sinceBest = 0;
    CtrBatch batch = new CtrBatch(cfg.batchSize(), train.denseCount(), train.catCount(), train.multiHotCount());
    try (Parallel par = new Parallel(cfg.threads())) {
      CtrStep stepper = new CtrStep(model, par, batch);
      int first = startEpoch;
      listeners.forEach(l -> l.onTrainStart(cfg.epochs(), steps, first));
      outer:
      for (int epoch = startEpoch; epoch < cfg.epochs(); epoch++) {
        long e0 = System.nanoTime();
        double evalSeconds = 0;
        int[] order = epochOrder(cfg.seed(), epoch, rows);
        double lossSum = 0;
        int counted = 0;
        Map<String, Double> epochMetrics = Map.of();
        boolean last = epoch + 1 == cfg.epochs();
        for (int step = skipSteps; step < steps; step++) {
          int from = step * cfg.batchSize();
          int n = Math.min(cfg.batchSize(), rows - from);
          train.fill(order, from, n, batch);
          opt.setLearningRate(cfg.lrAt(epoch, opt.steps() + 1));
          CtrStep.Loss loss = stepper.run(batch);
          float bce = loss.bce();
          if (!Float.isFinite(loss.total())) {
            throw new NonFiniteLossException(epoch + 1, step + 1, opt.learningRate(), loss.total());
          }
          opt.step(model.parameters(), par); // also clears the gradients
          lossSum += bce;
          counted++;
          for (TrainListener l : listeners) {
            l.onStep(epoch + 1, step + 1, bce);
          }
          boolean epochEnd = step + 1 == steps;
          boolean stepEval = cfg.evalEverySteps() > 0 && opt.steps() % cfg.evalEverySteps() == 0;
          boolean epochEval = epochEnd && (last || (cfg.evalEvery() > 0 && (epoch + 1) % cfg.evalEvery() == 0));
          if ((stepEval || epochEval) && eval != null) {
            long ev0 = System.nanoTime();
            Map<String, Double> m = CtrEvaluation.evaluate(model, eval, par);
            m.remove("seconds");
            evalSeconds += (System.nanoTime() - ev0) / 1e9;
            evals.add(new Evaluation(epoch + 1, opt.steps(), (System.nanoTime() - t0) / 1e9, m));
            if (!epochEnd) {
              for (TrainListener l : listeners) {
                l.onStepEvaluation(epoch + 1, opt.steps(), m);
              }
            }
            if (best.isEmpty() || cfg.better(m.get(cfg.monitor()), best.get(cfg.monitor()))) {
              best = new LinkedHashMap<>(m);
              bestEpoch = epoch + 1;
              bestWeights = snapshot(model);
              sinceBest = 0;
            } else {
              sinceBest++;
            }
            if (epochEnd) {
              epochMetrics = m;
            }
            stoppedEarly = cfg.patience() > 0 && sinceBest >= cfg.patience() && !(last && epochEnd);
            if (!epochEnd && checkpoint != null) {
              Checkpoint.save(checkpoint, model.weights(), model.parameters(), opt, bestWeights,
                  new Checkpoint.State(model.type(), configJson, "canonical", epoch, opt.steps(), history, bestEpoch,
                      best, cfg.seed(), cfg.threads(), step + 1));
            }
            if (stoppedEarly && !epochEnd) {
              history.add(new EpochStats(epoch + 1, lossSum / Math.max(1, counted),
                  (System.nanoTime() - e0) / 1e9 - evalSeconds, evalSeconds, m));
              break outer;
            }
          }
        }
        skipSteps = 0;
        EpochStats stats = new EpochStats(epoch + 1, lossSum / Math.max(1, counted),
            (System.nanoTime() - e0) / 1e9 - evalSeconds, evalSeconds, epochMetrics);
        history.add(stats);
        listeners.forEach(l -> l.onEpochEnd(stats));
        if (checkpoint != null) {
          Checkpoint.save(checkpoint, model.weights(), model.parameters(), opt, bestWeights,
              new Checkpoint.State(model.type(), configJson, "canonical", epoch + 1, opt.steps(), history, bestEpoch,
                  best, cfg.seed(), cfg.threads(), 0));
        }
        if (stoppedEarly) {
          break;
        }
      }
    }
    if (bestWeights != null) {
      Map<String, float[]> w = bestWeights;
      model.weights().forEach((k, v) -> System.arraycopy(w.get(k), 0, v.floats(), 0, v.floats().length));
    }
    TrainReport report = new TrainReport(model.type(), history, bestEpoch, best, (System.nanoTime() - t0) / 1e9,
        stoppedEarly);
    listeners.forEach(l -> l.onTrainEnd(report));
    return new Result(report, evals);
  }

  private static Map<String, float[]> snapshot(CtrModel model) {
    Map<String, float[]> m = new HashMap<>();
    model.weights().forEach((k, v) -> m.put(k, v.floats().clone()));
    return m;
  }

  static String configJson(CtrModel model) {
    try {
      return JSON.writeValueAsString(model.config());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
