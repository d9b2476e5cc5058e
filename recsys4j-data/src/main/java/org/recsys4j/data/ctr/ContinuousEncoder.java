package org.recsys4j.data.ctr;

/**
 * A continuous column's transform, fitted on training rows: with {@code log}, {@code log(1 + max(x,
 * 0))} (the DLRM recipe for Criteo's counts, negatives clipped to 0); with {@code standardize},
 * then {@code (x - mean) / std} with the training mean and standard deviation of the present values
 * (std 0 becomes 1). A missing value becomes {@code fill} (before the log), or, when standardising,
 * the training mean (0 after scaling): a fill such as 0 would otherwise land far outside the range
 * of a column like a release year.
 */
public final class ContinuousEncoder {
  private final String column;
  private final double fill;
  private final boolean log;
  private final boolean standardize;
  private long n;
  private double mean;
  private double m2;
  private boolean fitted;
  private double restoredStd = Double.NaN;

  public ContinuousEncoder(String column, double fill, boolean log, boolean standardize) {
    if (!Double.isFinite(fill)) {
      throw new IllegalArgumentException(
          "fill value for '" + column + "' must be finite, got " + fill);
    }
    this.column = column;
    this.fill = fill;
    this.log = log;
    this.standardize = standardize;
  }

  /** An encoder restored from saved statistics. */
  public static ContinuousEncoder restored(
      String column, double fill, boolean log, boolean standardize, double mean, double std) {
    ContinuousEncoder e = new ContinuousEncoder(column, fill, log, standardize);
    e.mean = mean;
    e.restoredStd = std;
    e.fitted = true;
    return e;
  }

  public String column() {
    return column;
  }

  public double fill() {
    return fill;
  }

  public boolean log() {
    return log;
  }

  public boolean standardize() {
    return standardize;
  }

  private double beforeScaling(double x) {
    double v = Double.isNaN(x) ? fill : x;
    return log ? Math.log1p(Math.max(v, 0)) : v;
  }

  /** Adds one training value (NaN = missing) to the statistics (Welford's update). */
  public void observe(double x) {
    if (fitted) {
      throw new IllegalStateException("encoder for '" + column + "' is already fitted");
    }
    if (standardize && Double.isNaN(x)) {
      return; // imputed by the mean, so not part of it
    }
    double v = beforeScaling(x);
    n++;
    double delta = v - mean;
    mean += delta / n;
    m2 += delta * (v - mean);
  }

  public void finishFit() {
    fitted = true;
  }

  public double mean() {
    return mean;
  }

  /** Sample standard deviation of the fitted values; 1 when there is no spread. */
  public double std() {
    if (!Double.isNaN(restoredStd)) {
      return restoredStd;
    }
    double s = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
    return s > 0 ? s : 1;
  }

  public float encode(double x) {
    if (standardize) {
      if (!fitted) {
        throw new IllegalStateException("encoder for '" + column + "' is not fitted yet");
      }
      return Double.isNaN(x) ? 0f : (float) ((beforeScaling(x) - mean) / std());
    }
    return (float) beforeScaling(x);
  }
}
