package org.recsys4j.models.lr;

import java.util.List;
import org.recsys4j.models.ctr.CtrConfig;
import org.recsys4j.models.ctr.CtrModel;
import org.recsys4j.models.ctr.CtrModelProvider;

/** Registers {@code lr}. */
public final class LrProvider extends CtrModelProvider {
  public LrProvider() {
    super(
        "lr",
        "Logistic regression over one-hot fields and dense features",
        "McMahan et al., Ad Click Prediction: a View from the Trenches, KDD 2013",
        List.of("bagMean"));
  }

  @Override
  protected CtrModel build(
      CtrConfig config, int dense, int[] cardinalities, int[] bagCardinalities, long seed) {
    return new LogisticRegression(config, dense, cardinalities, bagCardinalities, seed);
  }
}
