package org.recsys4j.models.ctr;

import org.recsys4j.core.nn.ParameterSet;

/** What every CTR model holds: its config, its parameters and the shared input layer. */
public abstract class AbstractCtrModel implements CtrModel {
  protected final CtrConfig config;
  protected final ParameterSet params = new ParameterSet();

  protected AbstractCtrModel(CtrConfig config) {
    this.config = config;
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
