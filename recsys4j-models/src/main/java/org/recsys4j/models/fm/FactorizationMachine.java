package org.recsys4j.models.fm;

import org.recsys4j.core.Rng;
import org.recsys4j.core.Tensor;
import org.recsys4j.core.autograd.Dense;
import org.recsys4j.core.autograd.FeatureInteractions;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.core.nn.Parameter;
import org.recsys4j.data.ctr.CtrBatch;
import org.recsys4j.models.ctr.AbstractCtrModel;
import org.recsys4j.models.ctr.CtrConfig;
import org.recsys4j.models.ctr.CtrInputs;

/**
 * Factorization machine (Rendle, ICDM 2010): the linear part plus {@code sum_{i<j} <v_i, v_j>} over
 * all fields, where a categorical field's vector is its value's embedding and a dense feature j
 * contributes {@code x_j * v_j}.
 */
public final class FactorizationMachine extends AbstractCtrModel {
  private final CtrInputs inputs;
  private final Parameter denseVectors;

  public FactorizationMachine(
      CtrConfig config, int denseCount, int[] cardinalities, int[] bagCardinalities, long seed) {
    super(config);
    Rng rng = Rng.derive(seed, 0xF3);
    inputs =
        new CtrInputs(
            params, config, denseCount, cardinalities, bagCardinalities, rng, false, true);
    denseVectors =
        denseCount == 0
            ? null
            : params.add(
                new Parameter(
                    "fm.dense_vectors",
                    FmParts.normal(rng, denseCount, config.dim(), config.initStd())));
  }

  @Override
  protected CtrInputs inputs() {
    return inputs;
  }

  @Override
  public Forward forward(Tape tape, CtrBatch batch, boolean training) {
    Variable fields = inputs.fields(tape, batch);
    Variable all = FmParts.allFields(tape, inputs, denseVectors, fields, batch);
    int f = inputs.fieldCount() + inputs.denseCount();
    Variable logit =
        Dense.add(
            tape, inputs.firstOrder(tape, batch), FeatureInteractions.fmSecondOrder(tape, all, f));
    return new Forward(logit, training ? inputs.l2(tape, fields, config.l2(), batch.size()) : null);
  }

  /** Pieces FM and DeepFM share. */
  public static final class FmParts {
    private FmParts() {}

    public static Tensor normal(Rng rng, int rows, int cols, double std) {
      Tensor t = Tensor.zeros(rows, cols);
      for (int i = 0; i < t.size(); i++) {
        t.data()[i] = (float) (rng.nextGaussian() * std);
      }
      return t;
    }

    /**
     * The embedded fields followed by the dense features as scaled vectors, {@code [B, (F + nd) *
     * D]}.
     */
    public static Variable allFields(
        Tape tape, CtrInputs inputs, Parameter denseVectors, Variable fields, CtrBatch batch) {
      if (denseVectors == null) {
        return fields;
      }
      Variable scaled =
          FeatureInteractions.scaledFields(
              tape, inputs.dense(tape, batch), tape.param(denseVectors));
      return Dense.concat(tape, fields, scaled);
    }
  }
}
