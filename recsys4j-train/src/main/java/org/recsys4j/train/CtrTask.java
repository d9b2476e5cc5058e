package org.recsys4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.Rng;
import org.recsys4j.data.ctr.CtrBatch;
import org.recsys4j.data.ctr.CtrDataset;
import org.recsys4j.eval.CtrEvaluator;
import org.recsys4j.eval.EvalResult;
import org.recsys4j.eval.Evaluator;
import org.recsys4j.eval.Scorer;
import org.recsys4j.models.Model;
import org.recsys4j.models.ctr.CtrModel;

/**
 * Training a {@link CtrModel} on a processed click log: each epoch visits the rows in an order
 * shuffled by (seed, epoch), a step is binary cross-entropy over a batch ({@link CtrStep}), and
 * evaluation scores every held-out row (AUC, log loss).
 */
public final class CtrTask implements TrainingTask {
  private final CtrModel model;
  private final CtrDataset train;
  private final Evaluator<Scorer> validation;
  private final Evaluator<Scorer> test;
  private Parallel parallel;
  private CtrBatch batch;
  private CtrStep stepper;
  private long seed;
  private int rows;
  private int batchSize;
  private int steps;
  private int[] order;
  private int nextStep;

  /**
   * @param validation rows that select the epoch (null: none; the last epoch is kept)
   * @param test rows that are reported (null: none)
   */
  public CtrTask(CtrModel model, CtrDataset train, CtrDataset validation, CtrDataset test) {
    if (train.rows() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(train + ": more than 2^31 rows; split it into parts");
    }
    this.model = model;
    this.train = train;
    this.validation = validation == null ? null : CtrEvaluator.on(validation);
    this.test = test == null ? null : CtrEvaluator.on(test);
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

  @Override
  public Model model() {
    return model;
  }

  @Override
  public Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("trainRows", train.rows());
    return m;
  }

  @Override
  public void open(Parallel parallel, long seed, int batchSize) {
    this.parallel = parallel;
    this.seed = seed;
    this.rows = (int) train.rows();
    this.batchSize = batchSize;
    this.steps = (rows + batchSize - 1) / batchSize;
    this.batch =
        new CtrBatch(batchSize, train.denseCount(), train.catCount(), train.multiHotCount());
    this.stepper = new CtrStep(model, parallel, batch);
  }

  @Override
  public int stepsPerEpoch() {
    return steps;
  }

  @Override
  public void startEpoch(int epoch, int firstStep) {
    order = epochOrder(seed, epoch, rows);
    nextStep = firstStep;
  }

  @Override
  public StepLoss step() {
    int from = nextStep * batchSize;
    int n = Math.min(batchSize, rows - from);
    train.fill(order, from, n, batch);
    nextStep++;
    CtrStep.Loss loss = stepper.run(batch);
    return new StepLoss(loss.bce(), loss.total());
  }

  @Override
  public boolean hasValidation() {
    return validation != null;
  }

  @Override
  public boolean hasTest() {
    return test != null;
  }

  @Override
  public EvalResult evaluate(Split split) {
    return (split == Split.VALIDATION ? validation : test).evaluate(model, parallel);
  }

  @Override
  public String defaultMonitor() {
    return "auc";
  }

  @Override
  public boolean higherIsBetter(String metric) {
    return ClickMetrics.higherIsBetter(metric, "CTR");
  }
}
