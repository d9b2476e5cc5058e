package org.recsys4j.train;

/**
 * The direction of the metrics that tasks scoring clicks report (CTR and link models alike): AUC
 * and accuracy up, log loss and normalised entropy down, and the same on a segment ({@code
 * auc_known}).
 */
final class ClickMetrics {
  private ClickMetrics() {}

  static boolean higherIsBetter(String metric, String family) {
    String base = metric.startsWith("auc_") ? "auc" : metric;
    switch (base) {
      case "auc":
      case "accuracy":
        return true;
      case "logloss":
      case "ne":
        return false;
      default:
        throw new IllegalArgumentException(
            "monitor for "
                + family
                + " models must be auc, logloss, accuracy or ne, got '"
                + metric
                + "'");
    }
  }
}
