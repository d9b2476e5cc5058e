package org.recsys4j.train;

import java.util.Arrays;
import org.recsys4j.data.sampling.BprSampler;

/**
 * How to train: epochs, batch, optimizer, threads, seed, evaluation cadence and early stopping.
 *
 * @param epochs maximum number of epochs
 * @param batchSize training triples per step
 * @param lr learning rate
 * @param optimizer sgd, adagrad, rowwise-adagrad or adam
 * @param threads worker threads (kernels and evaluation split over them)
 * @param seed the seed of initialisation and sampling
 * @param evalEvery evaluate every this many epochs (0: only at the end)
 * @param ks the cut-offs of the ranking metrics
 * @param monitor the metric early stopping watches, e.g. {@code recall@20}
 * @param patience stop after this many evaluations without improvement (0: never stop early)
 * @param evalBatchSize users scored per evaluation batch
 * @param lrMilestones epochs (1-based) after which the learning rate is multiplied by {@code lrGamma}
 * @param lrGamma the step-decay factor
 * @param sampling how BPR triples pick their (user, positive) pairs
 * @param negatives negatives drawn per positive (BPR averaged over them)
 * @param sharedNegatives size of a per-batch pool of negatives that every pair is compared with
 *     (0: per-pair negatives); replaces {@code negatives}, see {@link BprSampler}
 */
public record TrainConfig(int epochs, int batchSize, float lr, String optimizer, int threads, long seed,
    int evalEvery, int[] ks, String monitor, int patience, int evalBatchSize, int[] lrMilestones, float lrGamma,
    BprSampler.Mode sampling, int negatives, int sharedNegatives) {

  /**
   * The default sampling: every interaction once per epoch. The LightGCN reference's user-uniform
   * draw ({@code --sampling user}) learned faster early on Gowalla but ended at the same Recall@20
   * (0.1751 vs 0.1750 after 300 epochs of the example recipe), and it trains MF more slowly on
   * data where heavy users hold most of the test items.
   */
  public static final BprSampler.Mode DEFAULT_SAMPLING = BprSampler.Mode.INTERACTION;

  /** A configuration with the default sampling. */
  public TrainConfig(int epochs, int batchSize, float lr, String optimizer, int threads, long seed, int evalEvery,
      int[] ks, String monitor, int patience, int evalBatchSize, int[] lrMilestones, float lrGamma) {
    this(epochs, batchSize, lr, optimizer, threads, seed, evalEvery, ks, monitor, patience, evalBatchSize,
        lrMilestones, lrGamma, DEFAULT_SAMPLING, 1, 0);
  }

  /** A configuration with per-pair negatives. */
  public TrainConfig(int epochs, int batchSize, float lr, String optimizer, int threads, long seed, int evalEvery,
      int[] ks, String monitor, int patience, int evalBatchSize, int[] lrMilestones, float lrGamma,
      BprSampler.Mode sampling, int negatives) {
    this(epochs, batchSize, lr, optimizer, threads, seed, evalEvery, ks, monitor, patience, evalBatchSize,
        lrMilestones, lrGamma, sampling, negatives, 0);
  }

  /** A configuration with a constant learning rate. */
  public TrainConfig(int epochs, int batchSize, float lr, String optimizer, int threads, long seed, int evalEvery,
      int[] ks, String monitor, int patience, int evalBatchSize) {
    this(epochs, batchSize, lr, optimizer, threads, seed, evalEvery, ks, monitor, patience, evalBatchSize,
        new int[0], 1f, DEFAULT_SAMPLING, 1, 0);
  }

  public TrainConfig {
    if (epochs < 1) {
      throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
    }
    if (!(lr > 0) || Float.isInfinite(lr)) {
      throw new IllegalArgumentException("--lr must be a positive finite number, got " + lr);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
    }
    if (evalEvery < 0 || patience < 0 || evalBatchSize < 1) {
      throw new IllegalArgumentException("--eval-every and --patience must be >= 0, eval batch size >= 1");
    }
    if (sampling == null) {
      throw new IllegalArgumentException("--sampling must be 'user' or 'interaction'");
    }
    if (negatives < 1 || negatives > 1000) {
      throw new IllegalArgumentException("--negatives must be in [1, 1000], got " + negatives);
    }
    if (sharedNegatives < 0 || sharedNegatives > 100_000) {
      throw new IllegalArgumentException("--shared-negatives must be in [0, 100000], got " + sharedNegatives);
    }
    if (sharedNegatives > 0 && negatives > 1) {
      throw new IllegalArgumentException("--shared-negatives " + sharedNegatives + " replaces --negatives "
          + negatives + "; give one of them");
    }
    if ((long) batchSize * sharedNegatives > Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException("--batch-size x --shared-negatives is too large: " + batchSize + " x "
          + sharedNegatives);
    }
    ks = ks.clone();
    lrMilestones = lrMilestones.clone();
    StepDecay.check(lrMilestones, lrGamma);
    if (!monitor.matches("[a-z]+@\\d+") || Arrays.stream(ks).noneMatch(k -> monitor.endsWith("@" + k))) {
      throw new IllegalArgumentException("--monitor must be one of the reported metrics such as recall@"
          + ks[ks.length - 1] + ", got '" + monitor + "'");
    }
  }

  @Override
  public int[] ks() {
    return ks.clone();
  }

  @Override
  public int[] lrMilestones() {
    return lrMilestones.clone();
  }

  /** The learning rate of epoch {@code epoch} (0-based): {@code lr * gamma^(milestones passed)}. */
  public float lrAt(int epoch) {
    return StepDecay.at(lr, lrMilestones, lrGamma, epoch);
  }
}
