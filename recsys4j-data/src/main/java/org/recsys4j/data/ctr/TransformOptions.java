package org.recsys4j.data.ctr;

/**
 * How {@link CtrTransforms} treats columns: categorical values seen fewer than {@code minFreq}
 * times share the out-of-vocabulary row; {@code maxCardinality > 0} hashes a column whose
 * vocabulary is larger; continuous values get {@code fill} when missing, {@code log(1 + max(x, 0))}
 * when {@code log}, and the training mean and deviation removed when {@code standardize}.
 */
public record TransformOptions(
    int minFreq, int maxCardinality, double fill, boolean log, boolean standardize) {
  /**
   * The DLRM reference's Criteo recipe: every value its own row, counts as log(1 + x), missing = 0.
   */
  public static TransformOptions criteo() {
    return new TransformOptions(1, 0, 0.0, true, false);
  }

  /** Generic logs: standardised numbers (ages, years, prices), missing = 0 before scaling. */
  public static TransformOptions standard() {
    return new TransformOptions(1, 0, 0.0, false, true);
  }

  public TransformOptions {
    if (minFreq < 1) {
      throw new IllegalArgumentException("minFreq must be at least 1, got " + minFreq);
    }
    if (maxCardinality != 0 && maxCardinality < 3) {
      throw new IllegalArgumentException(
          "maxCardinality must be 0 (no limit) or at least 3, got " + maxCardinality);
    }
    if (!Double.isFinite(fill)) {
      throw new IllegalArgumentException("fill must be a finite number, got " + fill);
    }
  }
}
