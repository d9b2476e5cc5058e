package org.recsys4j.bench.e2e;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.recsys4j.data.Dataset;
import org.recsys4j.data.DatasetLoader;
import org.recsys4j.data.sampling.BprSampler;
import org.recsys4j.models.lightgcn.LightGcn;
import org.recsys4j.models.lightgcn.LightGcnConfig;
import org.recsys4j.train.EpochStats;
import org.recsys4j.train.EvalConfig;
import org.recsys4j.train.OptimizerConfig;
import org.recsys4j.train.RankingTask;
import org.recsys4j.train.RunConfig;
import org.recsys4j.train.ScheduleConfig;
import org.recsys4j.train.TrainListener;
import org.recsys4j.train.Trainer;
import org.recsys4j.train.TrainingConfig;
import org.recsys4j.train.WarmupDecay;

/**
 * Time to quality: trains LightGCN and prints, after every evaluation, the cumulative wall time
 * (training plus evaluation) and the metrics, then the first time the target was reached.
 */
public final class LightGcnToQualityBench implements Workload {
  @Override
  public String name() {
    return "lightgcn-to-quality";
  }

  @Override
  public String description() {
    return "wall time until recall@20 >= --target: --data DIR --threads 2 --epochs 400 --batch-size 2048 "
        + "--lr 0.001 --lr-milestones 150,250 --lr-gamma 0.33 --eval-every 10 --sampling interaction --negatives 1 --propagation fp32 --target 0.18";
  }

  @Override
  public void run(Map<String, String> options, PrintStream out) {
    Options o = new Options(options);
    Dataset ds =
        DatasetLoader.load(
            Path.of(o.str("data", "../shared/data/lightgcn-gowalla")),
            DatasetLoader.Options.defaults());
    int threads = o.integer("threads", 2);
    double target = o.real("target", 0.18f);
    int[] milestones = o.integers("lr-milestones", "");
    int batchSize = o.integer("batch-size", 2048);
    float lr = o.real("lr", 0.001f);
    long seed = o.integer("seed", 2020);
    TrainingConfig cfg =
        new TrainingConfig(
            new RunConfig(o.integer("epochs", 400), batchSize, threads, seed),
            new OptimizerConfig(o.str("optimizer", "adam"), lr),
            new ScheduleConfig(milestones, o.real("lr-gamma", 0.1f), WarmupDecay.NONE),
            EvalConfig.every(o.integer("eval-every", 10)));
    RankingTask.Options bpr =
        new RankingTask.Options(
            BprSampler.Mode.parse(o.str("sampling", "interaction")),
            o.integer("negatives", 1),
            o.integer("shared-negatives", 0),
            new int[] {20},
            256);
    LightGcn model =
        new LightGcn(
            new LightGcnConfig(
                o.integer("dim", 64),
                o.integer("layers", 3),
                o.real("l2", 1e-4f),
                0.1f,
                o.str("propagation", "fp32")),
            ds.train(),
            seed);
    long t0 = System.nanoTime();
    double[] reached = {-1};
    TrainListener printer =
        new TrainListener() {
          @Override
          public void onEpochEnd(EpochStats s) {
            if (s.metrics().isEmpty()) {
              return;
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double r = s.metrics().get("recall@20");
            if (r >= target && reached[0] < 0) {
              reached[0] = wall;
            }
            out.println(
                new JsonLine("lightgcn_curve")
                    .put("dataset", ds.name())
                    .put("threads", threads)
                    .put("batch_size", batchSize)
                    .put("lr", lr)
                    .put("sampling", bpr.sampling().id())
                    .put("epoch", s.epoch())
                    .put("wall_seconds", wall)
                    .put("loss", s.loss())
                    .put("recall@20", r)
                    .put("ndcg@20", s.metrics().get("ndcg@20")));
            out.flush();
          }
        };
    new Trainer(cfg, null, List.of(printer))
        .fit(new RankingTask(model, ds.train(), null, ds.test(), bpr), false);
    out.println(
        new JsonLine("lightgcn_time_to_quality")
            .put("dataset", ds.name())
            .put("threads", threads)
            .put("target_recall@20", target)
            .put("seconds_to_target", reached[0])
            .put("total_seconds", (System.nanoTime() - t0) / 1e9));
  }
}
