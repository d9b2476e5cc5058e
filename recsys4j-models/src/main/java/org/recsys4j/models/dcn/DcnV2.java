package org.recsys4j.models.dcn;

import java.util.ArrayList;
import java.util.List;
import org.recsys4j.core.Rng;
import org.recsys4j.core.autograd.Dense;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.core.nn.Linear;
import org.recsys4j.core.nn.Mlp;
import org.recsys4j.data.ctr.CtrBatch;
import org.recsys4j.models.ctr.AbstractCtrModel;
import org.recsys4j.models.ctr.CtrConfig;
import org.recsys4j.models.ctr.CtrInputs;
import org.recsys4j.models.deepfm.DeepFm.DeepParts;

/**
 * DCN-v2 (Wang et al., WWW 2021), parallel structure: {@code x0 = [fields, dense]}; a cross network
 * {@code x(l+1) = x0 * (W_l x_l + b_l) + x_l} (full-rank W, elementwise product) beside a deep MLP,
 * both on x0; their outputs are concatenated and mapped to the logit by one linear layer.
 */
public final class DcnV2 extends AbstractCtrModel {
  private final CtrInputs inputs;
  private final List<Linear> cross = new ArrayList<>();
  private final Mlp deep;
  private final Linear head;

  public DcnV2(
      CtrConfig config, int denseCount, int[] cardinalities, int[] bagCardinalities, long seed) {
    super(config);
    if (config.crossLayers() < 1) {
      throw new IllegalArgumentException("dcnv2 needs crossLayers >= 1");
    }
    Rng rng = Rng.derive(seed, 0xDC2);
    inputs =
        new CtrInputs(
            params, config, denseCount, cardinalities, bagCardinalities, rng, false, false);
    int width = inputs.fieldCount() * config.dim() + denseCount;
    for (int l = 0; l < config.crossLayers(); l++) {
      cross.add(new Linear(params, "cross." + l, width, width, rng));
    }
    int[] hidden = config.topMlp();
    int deepOut = 0;
    if (hidden.length > 0) {
      int[] sizes = new int[hidden.length + 1];
      sizes[0] = width;
      System.arraycopy(hidden, 0, sizes, 1, hidden.length);
      deep = new Mlp(params, "deep", sizes, true, rng);
      deepOut = hidden[hidden.length - 1];
    } else {
      deep = null;
    }
    head = new Linear(params, "head", width + deepOut, 1, rng);
  }

  @Override
  protected CtrInputs inputs() {
    return inputs;
  }

  @Override
  public Forward forward(Tape tape, CtrBatch batch, boolean training) {
    Variable fields = inputs.fields(tape, batch);
    Variable x0 = DeepParts.deepInput(tape, inputs, fields, batch);
    Variable x = x0;
    for (Linear layer : cross) {
      x = Dense.add(tape, Dense.mul(tape, x0, layer.forward(tape, x)), x);
    }
    Variable both = deep == null ? x : Dense.concat(tape, x, deep.forward(tape, x0));
    return new Forward(
        head.forward(tape, both),
        training ? inputs.l2(tape, fields, config.l2(), batch.size()) : null);
  }
}
