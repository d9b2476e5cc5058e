package org.recsys4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recsys4j.models.ctr.CtrConfig;
import org.recsys4j.models.ctr.CtrModel;
import org.recsys4j.models.ctr.CtrModels;
import org.recsys4j.train.CtrBundle;
import org.recsys4j.train.CtrTrainConfig;
import org.recsys4j.train.CtrTrainer;
import org.recsys4j.train.ProgressListener;
import org.recsys4j.train.TrainListener;
import org.recsys4j.train.WarmupDecay;

/** {@code recsys4j train} for a CTR model: processed data in, bundle and metrics out. */
final class CtrTrainRun {
  private CtrTrainRun() {}

  static int run(TrainCommand c) throws java.io.IOException {
    int t = c.threads != null ? c.threads : Runtime.getRuntime().availableProcessors();
    CtrData data = CtrData.locate(c.data.data, c.evalData, Path.of(c.out.toAbsolutePath().normalize() + ".data"));
    String monitor = c.monitor != null ? c.monitor : "auc";
    CtrTrainConfig cfg = new CtrTrainConfig(c.epochs, c.batchSize, c.lr, c.optimizer, t, c.seed, c.evalEvery,
        c.ctr.evalEverySteps, monitor, c.patience, c.lrMilestones, c.lrGamma, c.ctr.lrPolicy());
    CtrConfig mc = c.ctr.config(c.modelOptions.model, c.modelOptions.dim, c.modelOptions.l2, c.modelOptions.initStd,
        data.train().denseCount());
    CtrModel model = CtrModels.create(mc, data.train().denseCount(), data.train().cardinalities(),
        data.train().multiHotCardinalities(), c.seed);
    System.out.printf("%s: %,d rows (%,d clicks), %d dense, %d categorical, %d multi-hot columns; evaluating on %s%n",
        data.train().directory(), data.train().rows(), data.train().positives(), data.train().denseCount(),
        data.train().catCount(), data.train().multiHotCount(), data.test() == null ? "nothing (no test split)"
            : data.test().directory() + " (" + data.test().rows() + " rows)");
    System.out.printf("training %s %s with %s lr %s%s, batch %d, %d threads, seed %d%n", model.type(),
        describe(mc), c.optimizer, c.lr, describe(cfg.lrPolicy()), c.batchSize, t, c.seed);
    Path ck = c.checkpoint != null ? c.checkpoint : Path.of(c.out.toAbsolutePath().normalize() + ".ckpt");
    List<TrainListener> listeners = new ArrayList<>();
    listeners.add(ProgressListener.auto(System.out, c.batchSize));
    CtrTrainer.Result r = new CtrTrainer(cfg, ck, listeners).fit(model, data.train(), data.test(), c.resume);
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("epochs_run", r.report().epochs().size());
    training.put("batch_size", c.batchSize);
    training.put("lr", c.lr);
    training.put("optimizer", c.optimizer);
    training.put("lr_milestones", c.lrMilestones);
    training.put("lr_gamma", c.lrGamma);
    training.put("lr_num_warmup_steps", c.ctr.warmupSteps);
    training.put("lr_decay_start_step", c.ctr.decayStartStep);
    training.put("lr_num_decay_steps", c.ctr.decaySteps);
    training.put("best_epoch", r.report().bestEpoch());
    training.put("total_seconds", r.report().totalSeconds());
    CtrBundle.save(c.out, model, data.train(), c.seed, t, training, r.report().best());
    System.out.println("saved bundle " + c.out);
    if (c.metricsOut != null) {
      var node = MetricsJson.train(r.report());
      var evals = node.putArray("evaluations");
      for (CtrTrainer.Evaluation e : r.evaluations()) {
        var o = evals.addObject();
        o.put("epoch", e.epoch());
        o.put("step", e.step());
        o.put("seconds", e.trainSeconds());
        e.metrics().forEach(o::put);
      }
      MetricsJson.write(c.metricsOut, node);
      System.out.println("wrote " + c.metricsOut);
    }
    return 0;
  }

  private static String describe(CtrConfig c) {
    return "dim " + c.dim() + (c.bottomMlp().length > 0 ? ", bottom " + join(c.bottomMlp()) : "")
        + (c.topMlp().length > 0 ? ", " + (c.model().equals("dlrm") ? "top " : "mlp ") + join(c.topMlp()) : "")
        + (c.model().equals("dcnv2") ? ", " + c.crossLayers() + " cross layers" : "") + ", l2 " + c.l2();
  }

  private static String describe(WarmupDecay p) {
    return (p.warmupSteps() > 0 ? " (warmup " + p.warmupSteps() + " steps)" : "")
        + (p.decaySteps() > 0 ? " (quadratic decay over steps " + p.decayStartStep() + "-"
            + (p.decayStartStep() + p.decaySteps() - 1) + ")" : "");
  }

  private static String join(int[] a) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < a.length; i++) {
      sb.append(i == 0 ? "" : "-").append(a[i]);
    }
    return sb.toString();
  }
}
