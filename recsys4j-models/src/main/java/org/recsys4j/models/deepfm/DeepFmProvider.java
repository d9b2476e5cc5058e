package org.recsys4j.models.deepfm;

import java.util.List;
import org.recsys4j.models.ctr.CtrConfig;
import org.recsys4j.models.ctr.CtrModel;
import org.recsys4j.models.ctr.CtrModelProvider;

/** Registers {@code deepfm}. */
public final class DeepFmProvider extends CtrModelProvider {
  public DeepFmProvider() {
    super(
        "deepfm",
        "FM and a deep MLP over shared field embeddings",
        "Guo et al., DeepFM, IJCAI 2017",
        List.of("dim", "topMlp", "l2", "initStd", "bagMean"));
  }

  @Override
  protected CtrModel build(
      CtrConfig config, int dense, int[] cardinalities, int[] bagCardinalities, long seed) {
    return new DeepFm(config, dense, cardinalities, bagCardinalities, seed);
  }
}
