package org.recsys4j.models.widedeep;

import org.recsys4j.core.Rng;
import org.recsys4j.core.autograd.Dense;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.core.nn.Mlp;
import org.recsys4j.data.ctr.CtrBatch;
import org.recsys4j.models.ctr.AbstractCtrModel;
import org.recsys4j.models.ctr.CtrConfig;
import org.recsys4j.models.ctr.CtrInputs;
import org.recsys4j.models.deepfm.DeepFm.DeepParts;

/**
 * Wide & Deep (Cheng et al., DLRS 2016): a linear model over the raw features (wide) plus an MLP
 * over the embedded fields and dense features (deep), trained jointly; {@code logit = wide + deep}.
 */
public final class WideDeep extends AbstractCtrModel {
  private final CtrInputs inputs;
  private final Mlp deep;

  public WideDeep(
      CtrConfig config, int denseCount, int[] cardinalities, int[] bagCardinalities, long seed) {
    super(config);
    Rng rng = Rng.derive(seed, 0x3D);
    inputs =
        new CtrInputs(
            params, config, denseCount, cardinalities, bagCardinalities, rng, false, true);
    deep =
        new Mlp(
            params,
            "deep",
            DeepParts.sizes(inputs.fieldCount() * config.dim() + denseCount, config.topMlp()),
            false,
            rng);
  }

  @Override
  protected CtrInputs inputs() {
    return inputs;
  }

  @Override
  public Forward forward(Tape tape, CtrBatch batch, boolean training) {
    Variable fields = inputs.fields(tape, batch);
    Variable logit =
        Dense.add(
            tape,
            inputs.firstOrder(tape, batch),
            deep.forward(tape, DeepParts.deepInput(tape, inputs, fields, batch)));
    return new Forward(logit, training ? inputs.l2(tape, fields, config.l2(), batch.size()) : null);
  }
}
