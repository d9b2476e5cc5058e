package org.recsys4j.bench.e2e;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.Rng;
import org.recsys4j.data.ctr.CtrBatch;
import org.recsys4j.data.ctr.CtrGenerator;
import org.recsys4j.eval.EvalResult;
import org.recsys4j.models.Model;
import org.recsys4j.models.ctr.CtrConfig;
import org.recsys4j.models.dlrm.Dlrm;
import org.recsys4j.train.CtrStep;
import org.recsys4j.train.EvalConfig;
import org.recsys4j.train.OptimizerConfig;
import org.recsys4j.train.RunConfig;
import org.recsys4j.train.ScheduleConfig;
import org.recsys4j.train.TrainListener;
import org.recsys4j.train.Trainer;
import org.recsys4j.train.TrainingConfig;
import org.recsys4j.train.TrainingTask;

/**
 * DLRM training throughput in the Criteo Kaggle configuration of facebookresearch/dlrm: 26 tables
 * with the Kaggle cardinalities (33.8M rows) of dim 16, bottom MLP 13-512-256-64-16, top MLP
 * 512-256-1 over the 351 pairwise dots and the bottom output, one id per table per sample, SGD lr
 * 0.1. Inputs are random as in the reference's {@code --data-generation=random} (dense values
 * uniform in [0, 1), ids uniform over each table, labels a coin), generated before the clock starts
 * into a pool of batches that the timed steps cycle through. For each thread count, warm-up steps
 * are followed by timed steps; prints one JSON line per (batch size, threads). The steps are the
 * real trainer's ({@link Trainer}: its loop, learning-rate schedule and loss check) running the
 * real CTR step ({@link CtrStep}) and the SGD update.
 */
public final class DlrmKaggleBench implements Workload {
  private static final int DENSE = 13;
  private static final int POOL = 32;

  @Override
  public String name() {
    return "dlrm-kaggle";
  }

  @Override
  public String description() {
    return "DLRM training samples/s, Criteo Kaggle tables: --batch-size 128,2048 --threads 1,2 [--part-rows 1024] [--repeat R] --steps 300 --warmup 50";
  }

  @Override
  public void run(Map<String, String> options, PrintStream out) {
    Options o = new Options(options);
    int[] cards = CtrGenerator.kaggleCardinalities();
    int dim = o.integer("dim", 16);
    CtrConfig cfg =
        new CtrConfig(
            "dlrm",
            dim,
            new int[] {DENSE, 512, 256, 64, dim},
            new int[] {512, 256, 1},
            0,
            0f,
            0f,
            false); // initStd 0: the reference's uniform table initialisation
    // One model for all runs: building 33.8M rows takes seconds and 2.2 GB; training on random data
    // from where the previous measurement left off changes nothing in the cost of a step.
    Dlrm model = new Dlrm(cfg, DENSE, cards, new int[0], 1);
    for (int batchSize : o.integers("batch-size", "128,2048")) {
      CtrBatch[] pool = new CtrBatch[POOL];
      Rng r = new Rng(7);
      for (int p = 0; p < POOL; p++) {
        pool[p] = randomBatch(r, batchSize, cards);
      }
      int warmup = o.integer("warmup", batchSize >= 1024 ? 10 : 50);
      int steps = o.integer("steps", batchSize >= 1024 ? 60 : 400);
      // Configurations alternate within each repetition, so a noisy neighbour slows them alike;
      // compare within a repetition, report the median over repetitions.
      for (int rep = 1; rep <= o.integer("repeat", 1); rep++) {
        for (int partRows : o.integers("part-rows", String.valueOf(CtrStep.MAX_PART_ROWS))) {
          for (int threads : o.integers("threads", "1,2")) {
            JsonLine line =
                measure(model, pool, threads, partRows, warmup, steps, o.real("lr", 0.1f));
            out.println(line.put("repeat", rep).put("table_rows", 33_762_577L).put("dim", dim));
            out.flush();
          }
        }
      }
    }
  }

  /**
   * Runs the real {@link Trainer} over a task that cycles the pool through the real {@link
   * CtrStep}; the clock starts when the warm-up steps are done.
   */
  private static JsonLine measure(
      Dlrm model, CtrBatch[] pool, int threads, int partRows, int warmup, int steps, float lr) {
    int batchSize = pool[0].size();
    long[] t0 = new long[1];
    double[] loss = new double[1];
    TrainListener clock =
        new TrainListener() {
          @Override
          public void onStep(int epoch, int step, double l) {
            if (step == warmup) {
              t0[0] = System.nanoTime();
              loss[0] = 0;
            } else if (step > warmup) {
              loss[0] += l;
            }
          }
        };
    TrainingConfig cfg =
        new TrainingConfig(
            new RunConfig(1, batchSize, threads, 1),
            new OptimizerConfig("sgd", lr),
            ScheduleConfig.CONSTANT,
            EvalConfig.every(0));
    new Trainer(cfg, null, List.of(clock))
        .fit(new PooledBatches(model, pool, partRows, warmup + steps), false);
    double secs = (System.nanoTime() - t0[0]) / 1e9;
    return new JsonLine("dlrm_kaggle_train")
        .put("batch_size", batchSize)
        .put("threads", threads)
        .put("part_rows", Math.min(partRows, batchSize))
        .put("steps", steps)
        .put("seconds", secs)
        .put("samples_per_second", (double) steps * batchSize / secs)
        .put("ms_per_step", secs * 1000 / steps)
        .put("loss", loss[0] / steps);
  }

  /**
   * A training task whose one epoch is {@code steps} steps over a pool of in-memory batches,
   * cycled.
   */
  private static final class PooledBatches implements TrainingTask {
    private final Dlrm model;
    private final CtrBatch[] pool;
    private final int partRows;
    private final int steps;
    private CtrStep stepper;
    private int next;

    PooledBatches(Dlrm model, CtrBatch[] pool, int partRows, int steps) {
      this.model = model;
      this.pool = pool;
      this.partRows = partRows;
      this.steps = steps;
    }

    @Override
    public Model model() {
      return model;
    }

    @Override
    public Map<String, Object> settings() {
      return Map.of();
    }

    @Override
    public void open(Parallel parallel, long seed, int batchSize) {
      stepper = new CtrStep(model, parallel, pool[0], partRows);
    }

    @Override
    public int stepsPerEpoch() {
      return steps;
    }

    @Override
    public void startEpoch(int epoch, int firstStep) {
      next = firstStep;
    }

    @Override
    public StepLoss step() {
      CtrStep.Loss l = stepper.run(pool[next++ % POOL]);
      return new StepLoss(l.bce(), l.total());
    }

    @Override
    public boolean hasValidation() {
      return false;
    }

    @Override
    public boolean hasTest() {
      return false;
    }

    @Override
    public EvalResult evaluate(Split split) {
      throw new IllegalStateException("the benchmark has no held-out data");
    }

    @Override
    public String defaultMonitor() {
      return "auc";
    }

    @Override
    public boolean higherIsBetter(String metric) {
      return true;
    }
  }

  private static CtrBatch randomBatch(Rng r, int b, int[] cards) {
    CtrBatch batch = new CtrBatch(b, DENSE, cards.length, 0);
    for (int i = 0; i < b; i++) {
      batch.labels[i] = r.nextInt(2);
      for (int j = 0; j < DENSE; j++) {
        batch.dense[i * DENSE + j] = r.nextFloat();
      }
      for (int f = 0; f < cards.length; f++) {
        batch.cat[i * cards.length + f] = r.nextInt(cards[f]);
      }
    }
    batch.setSize(b);
    return batch;
  }
}
