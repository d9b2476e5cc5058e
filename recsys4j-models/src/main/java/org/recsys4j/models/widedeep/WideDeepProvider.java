package org.recsys4j.models.widedeep;

import java.util.List;
import org.recsys4j.models.ctr.CtrConfig;
import org.recsys4j.models.ctr.CtrModel;
import org.recsys4j.models.ctr.CtrModelProvider;

/** Registers {@code widedeep}. */
public final class WideDeepProvider extends CtrModelProvider {
  public WideDeepProvider() {
    super(
        "widedeep",
        "A wide linear part beside a deep MLP",
        "Cheng et al., Wide & Deep Learning for Recommender Systems, DLRS 2016",
        List.of("dim", "topMlp", "l2", "initStd", "bagMean"));
  }

  @Override
  protected CtrModel build(
      CtrConfig config, int dense, int[] cardinalities, int[] bagCardinalities, long seed) {
    return new WideDeep(config, dense, cardinalities, bagCardinalities, seed);
  }
}
