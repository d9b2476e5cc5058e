package org.recsys4j.models.fm;

import java.util.List;
import org.recsys4j.models.ctr.CtrConfig;
import org.recsys4j.models.ctr.CtrModel;
import org.recsys4j.models.ctr.CtrModelProvider;

/** Registers {@code fm}. */
public final class FmProvider extends CtrModelProvider {
  public FmProvider() {
    super(
        "fm",
        "Factorization machine: linear terms plus pairwise field interactions",
        "Rendle, Factorization Machines, ICDM 2010",
        List.of("dim", "l2", "initStd", "bagMean"));
  }

  @Override
  protected CtrModel build(
      CtrConfig config, int dense, int[] cardinalities, int[] bagCardinalities, long seed) {
    return new FactorizationMachine(config, dense, cardinalities, bagCardinalities, seed);
  }
}
