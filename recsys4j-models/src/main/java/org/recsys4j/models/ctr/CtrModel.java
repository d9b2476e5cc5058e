package org.recsys4j.models.ctr;

import java.util.Map;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.core.io.SafeTensors;
import org.recsys4j.data.ctr.CtrBatch;
import org.recsys4j.eval.Scorer;
import org.recsys4j.models.Model;

/**
 * A click-through-rate model: one logit per row of a {@link CtrBatch}, trained with binary
 * cross-entropy. Implementations: {@code lr}, {@code fm}, {@code deepfm}, {@code widedeep}, {@code
 * dcnv2}, {@code dlrm}, each registered by its package's {@code ModelProvider}.
 */
public interface CtrModel extends Model, Scorer {
  @Override
  CtrConfig config();

  /**
   * A forward pass: the batch's logits {@code [B, 1]} and the regulariser to add to the loss (or
   * null).
   */
  record Forward(Variable logits, Variable regularizer) {}

  /**
   * Builds the forward pass on the tape; with {@code training} false the regulariser is skipped.
   */
  Forward forward(Tape tape, CtrBatch batch, boolean training);

  /** The live weights by name (writing into the arrays changes the model). */
  @Override
  default Map<String, SafeTensors.Entry> weights() {
    return CtrInputs.weightsOf(parameters());
  }

  @Override
  default void logits(Tape tape, CtrBatch batch, float[] out) {
    tape.reset();
    float[] z = forward(tape, batch, false).logits().value().toArray();
    System.arraycopy(z, 0, out, 0, batch.size());
  }
}
