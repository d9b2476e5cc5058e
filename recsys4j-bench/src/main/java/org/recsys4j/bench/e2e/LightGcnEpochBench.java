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

/**
 * Seconds per LightGCN training epoch at the paper's settings (batch 2048, dim 64, 3 layers, Adam),
 * for each requested thread count, measured in one process so that the thread ratios compare like
 * with like; {@code --propagation fp32,bf16} compares the two storages of the propagated layers the
 * same way (each thread count runs them one after the other). Prints one JSON line per (threads,
 * propagation, epoch).
 */
public final class LightGcnEpochBench implements Workload {
  @Override
  public String name() {
    return "lightgcn-epoch";
  }

  @Override
  public String description() {
    return "seconds per LightGCN epoch: --data DIR --threads 1,2 --propagation fp32,bf16 --epochs 3 --batch-size 2048 --dim 64 --layers 3 --sampling interaction";
  }

  @Override
  public void run(Map<String, String> options, PrintStream out) {
    Options o = new Options(options);
    Path data = Path.of(o.str("data", "../shared/data/lightgcn-gowalla"));
    int epochs = o.integer("epochs", 3);
    int batchSize = o.integer("batch-size", 2048);
    int dim = o.integer("dim", 64);
    int layers = o.integer("layers", 3);
    Dataset ds = DatasetLoader.load(data, DatasetLoader.Options.defaults());
    for (int threads : o.integers("threads", "1,2")) {
      for (String propagation : o.str("propagation", "fp32").split(",")) {
        epochs(ds, threads, propagation.trim(), epochs, batchSize, dim, layers, o, out);
      }
    }
  }

  /** Runs the real trainer and step (no evaluation) and prints each epoch's training time. */
  private static void epochs(
      Dataset ds,
      int threads,
      String propagation,
      int epochs,
      int batchSize,
      int dim,
      int layers,
      Options o,
      PrintStream out) {
    LightGcn model =
        new LightGcn(new LightGcnConfig(dim, layers, 1e-4f, 0.1f, propagation), ds.train(), 2020);
    TrainingConfig cfg =
        new TrainingConfig(
            new RunConfig(epochs, batchSize, threads, 2020),
            new OptimizerConfig("adam", o.real("lr", 0.001f)),
            ScheduleConfig.CONSTANT,
            EvalConfig.every(0));
    RankingTask.Options options =
        new RankingTask.Options(
            BprSampler.Mode.parse(o.str("sampling", "interaction")),
            o.integer("negatives", 1),
            0,
            new int[] {20},
            256);
    TrainListener printer =
        new TrainListener() {
          private int steps;

          @Override
          public void onTrainStart(int totalEpochs, int stepsPerEpoch, int startEpoch) {
            steps = stepsPerEpoch;
          }

          @Override
          public void onEpochEnd(EpochStats s) {
            out.println(
                new JsonLine("lightgcn_epoch")
                    .put("dataset", ds.name())
                    .put("threads", threads)
                    .put("batch_size", batchSize)
                    .put("propagation", propagation)
                    .put("dim", dim)
                    .put("layers", layers)
                    .put("epoch", s.epoch())
                    .put("steps", steps)
                    .put("seconds", s.trainSeconds())
                    .put("samples_per_second", ds.train().size() / s.trainSeconds())
                    .put("loss", s.loss()));
            out.flush();
          }
        };
    new Trainer(cfg, null, List.of(printer))
        .fit(new RankingTask(model, ds.train(), null, null, options), false);
  }
}
