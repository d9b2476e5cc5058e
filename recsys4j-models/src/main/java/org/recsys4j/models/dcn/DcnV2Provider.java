package org.recsys4j.models.dcn;

import java.util.List;
import org.recsys4j.models.ctr.CtrConfig;
import org.recsys4j.models.ctr.CtrModel;
import org.recsys4j.models.ctr.CtrModelProvider;

/** Registers {@code dcnv2}. */
public final class DcnV2Provider extends CtrModelProvider {
  public DcnV2Provider() {
    super(
        "dcnv2",
        "Cross network (full-rank) in parallel with a deep MLP",
        "Wang et al., DCN V2, WWW 2021",
        List.of("dim", "topMlp", "crossLayers", "l2", "initStd", "bagMean"));
  }

  @Override
  protected CtrModel build(
      CtrConfig config, int dense, int[] cardinalities, int[] bagCardinalities, long seed) {
    return new DcnV2(config, dense, cardinalities, bagCardinalities, seed);
  }
}
