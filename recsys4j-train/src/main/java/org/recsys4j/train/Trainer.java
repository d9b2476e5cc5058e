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
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.core.optim.Optimizer;
import org.recsys4j.data.Dataset;
import org.recsys4j.data.sampling.BprBatch;
import org.recsys4j.data.sampling.BprSampler;
import org.recsys4j.eval.EvalResult;
import org.recsys4j.eval.FullRankingEvaluator;
import org.recsys4j.models.RankingModel;

/**
 * Trains a {@link RankingModel} with BPR triples: epochs of shuffled mini-batches, a finite-loss
 * guard, evaluation every N epochs, early stopping on a monitored metric (the model ends holding
 * the best evaluated weights), and an atomic checkpoint after every epoch that {@code resume}
 * continues from. The same seed and thread count give the same numbers: sampling depends only on
 * (seed, epoch), and every parallel kernel writes disjoint outputs.
 */
public final class Trainer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final TrainConfig cfg;
  private final Path checkpoint;
  private final List<TrainListener> listeners;

  /**
   * @param checkpoint the checkpoint file written after each epoch, or null for none
   */
  public Trainer(TrainConfig cfg, Path checkpoint, List<TrainListener> listeners) {
    this.cfg = cfg;
    this.checkpoint = checkpoint;
    this.listeners = List.copyOf(listeners);
  }

  public TrainReport fit(RankingModel model, Dataset data, boolean resume) {
    long t0 = System.nanoTime();
    Optimizer opt = Optimizer.create(cfg.optimizer(), cfg.lr());
    List<EpochStats> history = new ArrayList<>();
    int startEpoch = 0;
    int bestEpoch = 0;
    Map<String, Double> best = new LinkedHashMap<>();
    Map<String, float[]> bestWeights = null;
    String configJson = configJson(model);
    if (resume) {
      Checkpoint.State s = Checkpoint.load(checkpoint).state();
      if (!s.modelType().equals(model.type()) || !s.configJson().equals(configJson)) {
        throw new IllegalArgumentException("checkpoint " + checkpoint + " was written for " + s.modelType() + " "
            + s.configJson() + ", not " + model.type() + " " + configJson);
      }
      if (!model.layout().equals(s.layout())) {
        throw new IllegalArgumentException("checkpoint " + checkpoint + " stores rows in layout '" + s.layout()
            + "' but this model uses '" + model.layout() + "' (different training data or recsys4j version); "
            + "start a new run without --resume");
      }
      Checkpoint.Resumed r = Checkpoint.resumeInto(checkpoint, model.weights(), model.parameters(), opt,
          cfg.optimizer());
      history.addAll(s.history());
      startEpoch = s.epochsDone();
      bestEpoch = s.bestEpoch();
      best.putAll(s.best());
      bestWeights = r.bestWeights();
    }
    BprSampler sampler = new BprSampler(data.train(), cfg.seed(), cfg.sampling(), cfg.negatives());
    BprBatch batch = sampler.newBatch(cfg.batchSize(), cfg.sharedNegatives());
    int steps = (sampler.epochSize() + cfg.batchSize() - 1) / cfg.batchSize();
    boolean stoppedEarly = false;
    try (Parallel par = new Parallel(cfg.threads())) {
      FullRankingEvaluator evaluator = new FullRankingEvaluator(cfg.ks(), cfg.evalBatchSize(), par);
      Tape tape = new Tape(par);
      listeners.forEach(l -> l.onTrainStart(cfg.epochs(), steps, history.size()));
      int sinceBest = countSinceBest(history, bestEpoch);
      for (int epoch = startEpoch; epoch < cfg.epochs(); epoch++) {
        long e0 = System.nanoTime();
        opt.setLearningRate(cfg.lrAt(epoch));
        sampler.startEpoch(epoch);
        double lossSum = 0;
        int step = 0;
        while (sampler.next(batch)) {
          tape.reset();
          Variable loss = model.loss(tape, batch);
          float lv = loss.item();
          if (!Float.isFinite(lv)) {
            throw new NonFiniteLossException(epoch + 1, step + 1, opt.learningRate(), lv);
          }
          tape.backward(loss);
          opt.step(model.parameters(), par);
          lossSum += lv;
          step++;
          for (TrainListener l : listeners) {
            l.onStep(epoch + 1, step, lv);
          }
        }
        double trainSeconds = (System.nanoTime() - e0) / 1e9;
        boolean last = epoch + 1 == cfg.epochs();
        boolean evaluate = last || (cfg.evalEvery() > 0 && (epoch + 1) % cfg.evalEvery() == 0);
        Map<String, Double> metrics = Map.of();
        double evalSeconds = 0;
        if (evaluate) {
          model.prepareForScoring(par);
          EvalResult r = evaluator.evaluate(model, data.train(), data.test());
          metrics = r.metrics();
          evalSeconds = r.seconds();
          if (best.isEmpty() || metrics.get(cfg.monitor()) > best.get(cfg.monitor())) {
            best = new LinkedHashMap<>(metrics);
            bestEpoch = epoch + 1;
            bestWeights = snapshot(model);
            sinceBest = 0;
          } else {
            sinceBest++;
          }
        }
        EpochStats stats = new EpochStats(epoch + 1, lossSum / Math.max(1, step), trainSeconds, evalSeconds, metrics);
        history.add(stats);
        listeners.forEach(l -> l.onEpochEnd(stats));
        stoppedEarly = cfg.patience() > 0 && evaluate && sinceBest >= cfg.patience() && !last;
        if (checkpoint != null) {
          Checkpoint.save(checkpoint, model, opt, bestWeights, new Checkpoint.State(model.type(), configJson,
              model.layout(), epoch + 1, opt.steps(), history, bestEpoch, best, cfg.seed(), cfg.threads()));
        }
        if (stoppedEarly) {
          break;
        }
      }
      if (bestWeights != null) {
        restore(model, bestWeights);
      }
      model.prepareForScoring(par);
    }
    TrainReport report = new TrainReport(model.type(), history, bestEpoch, best, (System.nanoTime() - t0) / 1e9,
        stoppedEarly);
    listeners.forEach(l -> l.onTrainEnd(report));
    return report;
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

  private static Map<String, float[]> snapshot(RankingModel model) {
    Map<String, float[]> m = new HashMap<>();
    model.weights().forEach((k, v) -> m.put(k, v.floats().clone()));
    return m;
  }

  private static void restore(RankingModel model, Map<String, float[]> w) {
    model.weights().forEach((k, v) -> {
      float[] src = w.get(k);
      System.arraycopy(src, 0, v.floats(), 0, src.length);
    });
  }

  static String configJson(RankingModel model) {
    try {
      return JSON.writeValueAsString(model.config());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
