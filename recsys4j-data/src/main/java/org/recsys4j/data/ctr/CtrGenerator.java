package org.recsys4j.data.ctr;

import org.recsys4j.core.Rng;

/**
 * Click logs of any size with Criteo's shape (dense values, one id per categorical table, ids with
 * power-law frequencies), for benchmarks and for quality tests whose ceiling is known.
 *
 * <ul>
 *   <li>{@code random}: what the DLRM reference's {@code --data-generation=random} gives: dense
 *       values uniform in [0, 1), labels a fair coin. There is nothing to learn; it measures speed.
 *   <li>{@code synthetic}: labels drawn from a planted teacher, {@code P(click) = sigmoid(logit)}
 *       with {@code logit = bias + sum_f w[f,id_f] + sum_{f<g} <v[f,id_f], v[g,id_g]> + <a, x> + <P
 *       x, sum_f v[f,id_f]>}: first-order id effects, pairwise id interactions (what FM, DeepFM,
 *       DCN and DLRM model), a linear dense part and dense-id interactions. The teacher's
 *       probability is the best any model can predict from these features, so its AUC on held-out
 *       rows is the ceiling a student is measured against.
 * </ul>
 *
 * <p>Ids: {@code id = floor((C-1)^u) - 1} for uniform u, a log-uniform (Zipf exponent 1) law over
 * the table's C-2 value rows (rows 0 and 1 are the missing and out-of-vocabulary rows of {@link
 * CategoricalEncoder}), then offset by 2; the most frequent ids dominate as in real logs. Teacher
 * weights are not stored: each is drawn from a hash of (seed, table, id), so tables of ten million
 * ids cost no memory.
 *
 * <p>Shrinkage: with a power law most ids of a large table occur a handful of times in any training
 * set, and weights planted on them are signal no model can learn (in session tests, a teacher on 2M
 * rows with 100k-row tables scored AUC 0.82 while every student stopped near 0.74 and then
 * overfit). With {@code trainRows} and {@code shrinkCount} set, an id's first-order weight and
 * latent vector are scaled by {@code n / (n + shrinkCount)}, where {@code n} is the id's expected
 * number of occurrences in {@code trainRows} rows: the shrinkage a Bayesian learner applies to an
 * estimate from n samples. The teacher then puts its signal where the data can reveal it, and its
 * AUC is a ceiling a student can approach. Row r is generated from {@code Rng.derive(seed, r)}
 * alone, so any range of rows can be generated independently and identically.
 */
public final class CtrGenerator {
  /** Teacher latent dimension. */
  static final int LATENT = 8;

  // Spread of each part of the teacher's logit, whatever the number of tables and dense columns:
  // the weights are scaled by the number of terms, so that the pairwise id interactions carry the
  // most signal (std 1.2), then first-order ids (0.7), dense values (0.5) and dense-id terms (0.4).
  private static final double PAIRWISE_STD = 1.2;
  private static final double FIRST_ORDER_STD = 0.7;
  private static final double DENSE_STD = 0.5;
  private static final double DENSE_ID_STD = 0.4;
  private static final double BIAS = -1.1;

  /** The two kinds of data. */
  public enum Kind {
    RANDOM,
    SYNTHETIC;

    public static Kind parse(String s) {
      return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "random" -> RANDOM;
        case "synthetic" -> SYNTHETIC;
        default ->
            throw new IllegalArgumentException("kind must be random or synthetic, got '" + s + "'");
      };
    }
  }

  private final Kind kind;
  private final int dense;
  private final int[] cardinalities;
  private final long seed;
  private final double[] denseWeight;
  private final double[] projection; // [dense, LATENT]
  private final double idWeightStd;
  private final double latentStd;
  private final long trainRows;
  private final double shrinkCount;
  private final double[] logRange; // ln(values + 1) per table: the log-uniform law's normaliser

  /**
   * @param cardinalities rows per table, each at least 3 (two reserved rows and one value)
   */
  public CtrGenerator(Kind kind, int dense, int[] cardinalities, long seed) {
    this(kind, dense, cardinalities, seed, 0, 0);
  }

  /**
   * A generator whose teacher shrinks each id's weights by {@code n / (n + shrinkCount)}, n being
   * the id's expected count in {@code trainRows} rows (see the class comment); {@code shrinkCount =
   * 0} turns shrinkage off.
   */
  public CtrGenerator(
      Kind kind, int dense, int[] cardinalities, long seed, long trainRows, double shrinkCount) {
    if (shrinkCount < 0 || !Double.isFinite(shrinkCount)) {
      throw new IllegalArgumentException(
          "teacher shrinkage must be a count >= 0, got " + shrinkCount);
    }
    if (shrinkCount > 0 && trainRows < 1) {
      throw new IllegalArgumentException(
          "teacher shrinkage needs the number of training rows, got " + trainRows);
    }
    this.trainRows = trainRows;
    this.shrinkCount = shrinkCount;
    for (int c : cardinalities) {
      if (c < 3) {
        throw new IllegalArgumentException(
            "every table needs at least 3 rows (missing, out-of-vocabulary, a value), got " + c);
      }
    }
    this.kind = kind;
    this.dense = dense;
    this.cardinalities = cardinalities.clone();
    this.logRange = new double[cardinalities.length];
    for (int t = 0; t < cardinalities.length; t++) {
      logRange[t] = Math.log(cardinalities[t] - 2 + 1.0);
    }
    this.seed = seed;
    int f = cardinalities.length;
    long pairs = Math.max(1L, (long) f * (f - 1) / 2);
    // var(<v_i, v_j>) = LATENT * s^4 per pair, summed over the pairs
    this.latentStd = Math.pow(PAIRWISE_STD * PAIRWISE_STD / (pairs * LATENT), 0.25);
    this.idWeightStd = FIRST_ORDER_STD / Math.sqrt(Math.max(1, f));
    Rng r = Rng.derive(seed, 0x7EAC4E5L);
    denseWeight = new double[dense];
    projection = new double[dense * LATENT];
    // var(x_j * <p_j, sum_f v_f>) = LATENT * f * latentStd^2 * p^2 per dense column
    double projStd =
        DENSE_ID_STD
            / Math.sqrt(Math.max(1.0, dense * LATENT * Math.max(1, f) * latentStd * latentStd));
    for (int j = 0; j < dense; j++) {
      denseWeight[j] = r.nextGaussian() * DENSE_STD / Math.sqrt(Math.max(1, dense));
      for (int t = 0; t < LATENT; t++) {
        projection[j * LATENT + t] = r.nextGaussian() * projStd;
      }
    }
  }

  /** The Criteo Kaggle table sizes, in column order C1..C26. */
  public static int[] kaggleCardinalities() {
    return new int[] {
      1460, 583, 10131227, 2202608, 305, 24, 12517, 633, 3, 93145, 5683, 8351593, 3194, 27, 14992,
      5461306, 10, 5652, 2173, 4, 7046547, 18, 15, 286181, 105, 142572
    };
  }

  public CtrSchema schema() {
    return CtrSchema.criteoLike(dense, cardinalities.length);
  }

  public CtrTransforms transforms() {
    return CtrTransforms.identity(schema(), cardinalities);
  }

  /**
   * Generates row {@code row}: dense values into {@code x}, table rows into {@code ids}; returns
   * the label, and writes the teacher's click probability into {@code teacher[0]} (0.5 for random
   * data).
   */
  public float row(long row, float[] x, int[] ids, double[] teacher) {
    Rng r = Rng.derive(seed, row);
    for (int f = 0; f < cardinalities.length; f++) {
      int values = cardinalities[f] - 2;
      // P(id < k) = ln(k + 1) / ln(values + 1): a log-uniform law, id 0 the most frequent
      int id = (int) Math.min(values - 1, Math.floor(Math.exp(r.nextDouble() * logRange[f])) - 1);
      ids[f] = 2 + id;
    }
    if (kind == Kind.RANDOM) {
      for (int j = 0; j < dense; j++) {
        x[j] = r.nextFloat();
      }
      teacher[0] = 0.5;
      return r.nextInt(2);
    }
    for (int j = 0; j < dense; j++) {
      x[j] = (float) r.nextGaussian();
    }
    double p = teacherProbability(x, ids);
    teacher[0] = p;
    return r.nextDouble() < p ? 1f : 0f;
  }

  /**
   * Appends rows {@code [first, first + n)} to {@code w}; when {@code teacherOut}/{@code labelsOut}
   * are given, also records each row's teacher probability and label there (for the teacher's AUC).
   */
  public void writeRows(
      CtrDatasetWriter w, long first, int n, float[] teacherOut, float[] labelsOut) {
    float[] x = new float[dense];
    int[] ids = new int[cardinalities.length];
    double[] teacher = new double[1];
    int[][] noMulti = new int[0][];
    for (int i = 0; i < n; i++) {
      float label = row(first + i, x, ids, teacher);
      w.append(label, x, ids, noMulti);
      if (teacherOut != null) {
        teacherOut[i] = (float) teacher[0];
        labelsOut[i] = label;
      }
    }
  }

  /** The teacher's click probability for dense values {@code x} and table rows {@code ids}. */
  double teacherProbability(float[] x, int[] ids) {
    return 1 / (1 + Math.exp(-logit(x, ids)));
  }

  /**
   * {@code n / (n + shrinkCount)} for table row {@code row} of table {@code t}; 1 without
   * shrinkage.
   */
  double shrink(int t, int row) {
    if (shrinkCount == 0) {
      return 1;
    }
    int id = row - 2;
    // P(id) = (ln(id + 2) - ln(id + 1)) / ln(values + 1) under the log-uniform law above; the last
    // value also takes the clamped tail, which the formula ignores (it only matters for tiny
    // tables)
    double p = Math.log1p(1.0 / (id + 1)) / logRange[t];
    double n = trainRows * p;
    return n / (n + shrinkCount);
  }

  private double logit(float[] x, int[] ids) {
    int f = cardinalities.length;
    double z = BIAS;
    double[] sum = new double[LATENT];
    double sumSq = 0; // sum over tables of |v|^2, for the pairwise term by the FM identity
    double[] v = new double[LATENT];
    for (int t = 0; t < f; t++) {
      Rng h = Rng.derive(seed, 0x1D5L, t, ids[t]);
      double shrink = shrink(t, ids[t]);
      z += h.nextGaussian() * idWeightStd * shrink;
      for (int k = 0; k < LATENT; k++) {
        v[k] = h.nextGaussian() * latentStd * shrink;
        sum[k] += v[k];
        sumSq += v[k] * v[k];
      }
    }
    double pair = 0;
    for (int k = 0; k < LATENT; k++) {
      pair += sum[k] * sum[k];
    }
    z += 0.5 * (pair - sumSq);
    for (int j = 0; j < dense; j++) {
      z += denseWeight[j] * x[j];
      for (int k = 0; k < LATENT; k++) {
        z += x[j] * projection[j * LATENT + k] * sum[k];
      }
    }
    return z;
  }
}
