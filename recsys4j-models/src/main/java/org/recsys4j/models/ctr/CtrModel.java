package org.recsys4j.models.ctr;

import java.util.Map;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.core.io.SafeTensors;
import org.recsys4j.core.nn.ParameterSet;
import org.recsys4j.data.ctr.CtrBatch;

/**
 * A click-through-rate model: one logit per row of a {@link CtrBatch}, trained with binary
 * cross-entropy. Implementations: {@code lr}, {@code fm}, {@code deepfm}, {@code widedeep},
 * {@code dcnv2}, {@code dlrm} (see {@link CtrModels}).
 */
public interface CtrModel {
  String type();

  CtrConfig config();

  ParameterSet parameters();

  /** A forward pass: the batch's logits {@code [B, 1]} and the regulariser to add to the loss (or null). */
  record Forward(Variable logits, Variable regularizer) {}

  /** Builds the forward pass on the tape; with {@code training} false the regulariser is skipped. */
  Forward forward(Tape tape, CtrBatch batch, boolean training);

  /** The live weights by name (writing into the arrays changes the model). */
  default Map<String, SafeTensors.Entry> weights() {
    return CtrInputs.weightsOf(parameters());
  }

  /** Copies saved weights in; names and shapes must match. */
  default void loadWeights(Map<String, SafeTensors.Entry> saved) {
    org.recsys4j.models.RankingModel.copyInto(weights(), saved);
  }
}
