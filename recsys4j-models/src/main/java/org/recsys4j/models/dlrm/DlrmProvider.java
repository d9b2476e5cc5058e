package org.recsys4j.models.dlrm;

import java.util.List;
import org.recsys4j.models.ctr.CtrConfig;
import org.recsys4j.models.ctr.CtrModel;
import org.recsys4j.models.ctr.CtrModelProvider;

/** Registers {@code dlrm}. */
public final class DlrmProvider extends CtrModelProvider {
  public DlrmProvider() {
    super(
        "dlrm",
        "Bottom MLP, pairwise dot interactions, top MLP (facebookresearch/dlrm)",
        "Naumov et al., Deep Learning Recommendation Model, arXiv 2019",
        List.of("dim", "bottomMlp", "topMlp", "l2", "initStd", "bagMean"));
  }

  @Override
  protected CtrModel build(
      CtrConfig config, int dense, int[] cardinalities, int[] bagCardinalities, long seed) {
    return new Dlrm(config, dense, cardinalities, bagCardinalities, seed);
  }
}
