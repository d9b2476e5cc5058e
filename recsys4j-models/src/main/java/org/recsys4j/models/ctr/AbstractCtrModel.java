package org.recsys4j.models.ctr;

import org.recsys4j.core.nn.ParameterSet;

/** What every CTR model holds: its config, its parameters and the shared input layer. */
public abstract class AbstractCtrModel implements CtrModel {
  protected final CtrConfig config;
  protected final ParameterSet params = new ParameterSet();

  protected AbstractCtrModel(CtrConfig config) {
    this.config = config;
  }

  /** The shared input layer of this model. */
  protected abstract CtrInputs inputs();

  /**
   * Fine-tunes dense blocks per id of a categorical column (joined node embeddings; {@link
   * CtrInputs#fineTune}). Called by the provider right after construction.
   */
  final void fineTune(java.util.List<org.recsys4j.models.ModelInputs.Tuned> blocks, int[] cards) {
    inputs().fineTune(params, blocks, cards);
  }

  @Override
  public String type() {
    return config.model();
  }

  @Override
  public CtrConfig config() {
    return config;
  }

  @Override
  public ParameterSet parameters() {
    return params;
  }
}
