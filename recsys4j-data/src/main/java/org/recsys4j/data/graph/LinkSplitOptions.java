package org.recsys4j.data.graph;

import java.util.List;

/**
 * How an impression log becomes link-prediction data.
 *
 * @param mode random links (PyG's {@code RandomLinkSplit}) or time (train before a cut, test after)
 * @param validRatio share of impressions held out for validation (random: drawn; temporal: the
 *     latest before the test period)
 * @param testRatio share of impressions held out as the test (random: drawn; temporal: the latest)
 * @param disjointTrainRatio share of the training links that only supervise and never pass messages
 *     (PyG's {@code disjoint_train_ratio}), so that a link never predicts itself; 0 = every
 *     training link does both
 * @param heldOutNegRatio random negatives added per held-out positive (PyG's {@code
 *     neg_sampling_ratio}); never a known positive
 * @param messageTypes the edge types that pass messages (e.g. click, or click and view)
 * @param seed seed of the random draws
 * @param testFrom temporal: the test starts at this time (epoch seconds) instead of at the {@code
 *     testRatio} quantile ({@code Long.MIN_VALUE}: by ratio)
 * @param testUntil temporal: impressions from this time on are left out altogether (the next
 *     periods of a rolling simulation); {@code Long.MAX_VALUE}: none
 */
public record LinkSplitOptions(
    Mode mode,
    double validRatio,
    double testRatio,
    double disjointTrainRatio,
    double heldOutNegRatio,
    List<String> messageTypes,
    long seed,
    long testFrom,
    long testUntil) {

  /** Options with the test period chosen by {@code testRatio}. */
  public LinkSplitOptions(
      Mode mode,
      double validRatio,
      double testRatio,
      double disjointTrainRatio,
      double heldOutNegRatio,
      List<String> messageTypes,
      long seed) {
    this(
        mode,
        validRatio,
        testRatio,
        disjointTrainRatio,
        heldOutNegRatio,
        messageTypes,
        seed,
        Long.MIN_VALUE,
        Long.MAX_VALUE);
  }

  /** The two ways of holding links out. */
  public enum Mode {
    RANDOM,
    TEMPORAL;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Mode parse(String s) {
      for (Mode m : values()) {
        if (m.id().equals(s)) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          "unknown link split '" + s + "': expected random or temporal");
    }
  }

  public LinkSplitOptions {
    check("validRatio", validRatio, 0, 1);
    check("testRatio", testRatio, 0, 1);
    check("disjointTrainRatio", disjointTrainRatio, 0, 1);
    if (validRatio + testRatio >= 1) {
      throw new IllegalArgumentException(
          "validRatio + testRatio must be below 1, got " + (validRatio + testRatio));
    }
    if (!(heldOutNegRatio >= 0) || heldOutNegRatio > 1000) {
      throw new IllegalArgumentException(
          "heldOutNegRatio must be in [0, 1000], got " + heldOutNegRatio);
    }
    if (messageTypes.isEmpty()) {
      throw new IllegalArgumentException("at least one edge type must pass messages");
    }
    messageTypes = List.copyOf(messageTypes);
    if ((testFrom != Long.MIN_VALUE || testUntil != Long.MAX_VALUE) && mode != Mode.TEMPORAL) {
      throw new IllegalArgumentException("a test period by time needs the temporal split");
    }
    if (testUntil <= testFrom) {
      throw new IllegalArgumentException("testUntil must be after testFrom");
    }
  }

  private static void check(String name, double v, double lo, double hi) {
    if (!(v >= lo && v < hi)) {
      throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "), got " + v);
    }
  }
}
