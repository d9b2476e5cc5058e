package org.recsys4j.models.lr;

import org.recsys4j.core.Rng;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.data.ctr.CtrBatch;
import org.recsys4j.models.ctr.AbstractCtrModel;
import org.recsys4j.models.ctr.CtrConfig;
import org.recsys4j.models.ctr.CtrInputs;

/**
 * Logistic regression over one-hot categorical values and dense features: {@code logit = bias +
 * sum_f w[f, id_f] + <w_dense, x>}. The baseline every CTR model must beat.
 */
public final class LogisticRegression extends AbstractCtrModel {
  private final CtrInputs inputs;

  public LogisticRegression(
      CtrConfig config, int denseCount, int[] cardinalities, int[] bagCardinalities, long seed) {
    super(config);
    inputs =
        new CtrInputs(
            params,
            config,
            denseCount,
            cardinalities,
            bagCardinalities,
            Rng.derive(seed, 0x1A),
            false,
            true,
            false);
  }

  @Override
  protected CtrInputs inputs() {
    return inputs;
  }

  @Override
  public Forward forward(Tape tape, CtrBatch batch, boolean training) {
    return new Forward(inputs.firstOrder(tape, batch), null);
  }
}
