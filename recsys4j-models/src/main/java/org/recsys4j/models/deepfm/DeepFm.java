package org.recsys4j.models.deepfm;

import org.recsys4j.core.Rng;
import org.recsys4j.core.autograd.Dense;
import org.recsys4j.core.autograd.FeatureInteractions;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.core.nn.Mlp;
import org.recsys4j.core.nn.Parameter;
import org.recsys4j.data.ctr.CtrBatch;
import org.recsys4j.models.ctr.AbstractCtrModel;
import org.recsys4j.models.ctr.CtrConfig;
import org.recsys4j.models.ctr.CtrInputs;
import org.recsys4j.models.fm.FactorizationMachine.FmParts;

/**
 * DeepFM (Guo et al., IJCAI 2017): an FM and an MLP that share the field embeddings; {@code logit =
 * FM(x) + MLP([fields, dense])}. The MLP's hidden sizes are {@link CtrConfig#topMlp()} (a final
 * layer of size 1 is added).
 */
public final class DeepFm extends AbstractCtrModel {
  private final CtrInputs inputs;
  private final Parameter denseVectors;
  private final Mlp deep;

  public DeepFm(
      CtrConfig config, int denseCount, int[] cardinalities, int[] bagCardinalities, long seed) {
    super(config);
    Rng rng = Rng.derive(seed, 0xDF);
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
    Variable all = FmParts.allFields(tape, inputs, denseVectors, fields, batch);
    int f = inputs.fieldCount() + inputs.denseCount();
    Variable fm =
        Dense.add(
            tape, inputs.firstOrder(tape, batch), FeatureInteractions.fmSecondOrder(tape, all, f));
    Variable logit =
        Dense.add(tape, fm, deep.forward(tape, DeepParts.deepInput(tape, inputs, fields, batch)));
    return new Forward(logit, training ? inputs.l2(tape, fields, config.l2(), batch.size()) : null);
  }

  /** Pieces the models with a plain deep part share. */
  public static final class DeepParts {
    private DeepParts() {}

    /** {@code input-hidden...-1}. */
    public static int[] sizes(int input, int[] hidden) {
      int[] s = new int[hidden.length + 2];
      s[0] = input;
      System.arraycopy(hidden, 0, s, 1, hidden.length);
      s[s.length - 1] = 1;
      return s;
    }

    /** The deep part's input: the embedded fields, then the dense features. */
    public static Variable deepInput(Tape tape, CtrInputs inputs, Variable fields, CtrBatch batch) {
      return inputs.denseCount() == 0
          ? fields
          : Dense.concat(tape, fields, inputs.dense(tape, batch));
    }
  }
}
