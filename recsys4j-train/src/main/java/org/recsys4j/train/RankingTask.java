package org.recsys4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.data.Interactions;
import org.recsys4j.data.sampling.BprBatch;
import org.recsys4j.data.sampling.BprSampler;
import org.recsys4j.eval.EvalResult;
import org.recsys4j.eval.Evaluator;
import org.recsys4j.eval.FullRankingEvaluator;
import org.recsys4j.eval.RankingMetrics;
import org.recsys4j.eval.Recommender;
import org.recsys4j.models.Model;
import org.recsys4j.models.RankingModel;

/**
 * Training a {@link RankingModel} from implicit feedback: BPR triples from a {@link BprSampler}
 * (sampling depends only on the seed and the epoch), the model's pairwise loss, and full-ranking
 * evaluation that never counts a user's training items.
 */
public final class RankingTask implements TrainingTask {

  /**
   * What a ranking run samples and measures.
   *
   * @param sampling how BPR pairs are drawn
   * @param negatives negatives per (user, positive) pair, the loss averaged over them
   * @param sharedNegatives size of a per-batch pool every pair is compared with (0: off; replaces
   *     {@code negatives})
   * @param ks the cut-offs of the ranking metrics
   * @param evalBatchSize users scored per evaluation batch
   */
  public record Options(
      BprSampler.Mode sampling, int negatives, int sharedNegatives, int[] ks, int evalBatchSize) {
    /** The default sampling: every interaction once per epoch. */
    public static final BprSampler.Mode DEFAULT_SAMPLING = BprSampler.Mode.INTERACTION;

    public Options {
      if (sampling == null) {
        throw new IllegalArgumentException("sampling must be 'user' or 'interaction'");
      }
      if (negatives < 1 || negatives > 1000) {
        throw new IllegalArgumentException("negatives must be in [1, 1000], got " + negatives);
      }
      if (sharedNegatives < 0 || sharedNegatives > 100_000) {
        throw new IllegalArgumentException(
            "sharedNegatives must be in [0, 100000], got " + sharedNegatives);
      }
      if (sharedNegatives > 0 && negatives > 1) {
        throw new IllegalArgumentException(
            "sharedNegatives "
                + sharedNegatives
                + " replaces per-pair negatives: with a "
                + "shared pool, negatives must be 1, got "
                + negatives);
      }
      if (evalBatchSize < 1) {
        throw new IllegalArgumentException("evalBatchSize must be >= 1, got " + evalBatchSize);
      }
      ks = RankingMetrics.checkKs(ks).clone();
      java.util.Arrays.sort(ks);
    }

    /** One negative per pair, interaction sampling, metrics at {@code ks}. */
    public static Options of(int... ks) {
      return new Options(DEFAULT_SAMPLING, 1, 0, ks, 256);
    }

    @Override
    public int[] ks() {
      return ks.clone();
    }
  }

  private final RankingModel model;
  private final Interactions train;
  private final Options options;
  private final Evaluator<Recommender> test;
  private final Evaluator<Recommender> validation;
  private Parallel parallel;
  private Tape tape;
  private BprSampler sampler;
  private BprBatch batch;
  private int steps;

  /** False once a step changed the parameters: scoring needs {@code prepareForScoring} again. */
  private boolean prepared;

  /**
   * @param train what the model trains on
   * @param validation held-out interactions that select the epoch (null: none; the last epoch is
   *     kept)
   * @param test held-out interactions that are reported (null: none)
   */
  public RankingTask(
      RankingModel model,
      Interactions train,
      Interactions validation,
      Interactions test,
      Options options) {
    this.model = model;
    this.train = train;
    this.options = options;
    int[] ks = options.ks();
    this.validation =
        validation == null
            ? null
            : FullRankingEvaluator.on(ks, options.evalBatchSize(), train, validation);
    // the test ranking excludes everything known before the test: training and validation items
    Interactions known = validation == null ? train : Interactions.union(train, validation);
    this.test =
        test == null ? null : FullRankingEvaluator.on(ks, options.evalBatchSize(), known, test);
  }

  @Override
  public Model model() {
    return model;
  }

  @Override
  public Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sampling", options.sampling().id());
    m.put("negatives", options.negatives());
    m.put("sharedNegatives", options.sharedNegatives());
    m.put("k", options.ks());
    return m;
  }

  @Override
  public void open(Parallel parallel, long seed, int batchSize) {
    if ((long) batchSize * options.sharedNegatives() > Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException(
          "batchSize x sharedNegatives is too large: "
              + batchSize
              + " x "
              + options.sharedNegatives());
    }
    this.parallel = parallel;
    this.tape = new Tape(parallel);
    this.sampler = new BprSampler(train, seed, options.sampling(), options.negatives());
    this.batch = sampler.newBatch(batchSize, options.sharedNegatives());
    this.steps = (sampler.epochSize() + batchSize - 1) / batchSize;
  }

  @Override
  public int stepsPerEpoch() {
    return steps;
  }

  @Override
  public void startEpoch(int epoch, int firstStep) {
    sampler.startEpoch(epoch);
    for (int s = 0;
        s < firstStep;
        s++) { // the sampler's streams depend on (seed, epoch) only: replay them
      sampler.next(batch);
    }
  }

  @Override
  public StepLoss step() {
    prepared = false;
    if (!sampler.next(batch)) {
      throw new IllegalStateException(
          "the sampler ran out of pairs before the epoch's " + steps + " steps");
    }
    tape.reset();
    Variable loss = model.loss(tape, batch);
    float lv = loss.item();
    if (Float.isFinite(lv)) {
      tape.backward(loss);
    }
    return new StepLoss(lv, lv);
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
    if (!prepared) { // once per evaluation point, not once per split (a graph model propagates
      // here)
      model.prepareForScoring(parallel);
      prepared = true;
    }
    return (split == Split.VALIDATION ? validation : test).evaluate(model, parallel);
  }

  @Override
  public String defaultMonitor() {
    int[] ks = options.ks();
    return "recall@" + ks[ks.length - 1];
  }

  @Override
  public boolean higherIsBetter(String metric) {
    String name = metric.contains("@") ? metric.substring(0, metric.indexOf('@')) : metric;
    boolean cut = false;
    for (int k : options.ks()) {
      cut |= metric.equals(name + "@" + k);
    }
    if (!RankingMetrics.NAMES.contains(name) || !cut) {
      throw new IllegalArgumentException(
          "monitor must be one of the reported metrics, "
              + RankingMetrics.NAMES
              + " at a cut-off in k "
              + java.util.Arrays.toString(options.ks())
              + " (e.g. "
              + defaultMonitor()
              + "), got '"
              + metric
              + "'");
    }
    return true;
  }
}
