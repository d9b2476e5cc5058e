package org.recsys4j.eval;

import org.recsys4j.core.autograd.Tape;
import org.recsys4j.data.ctr.CtrBatch;

/**
 * Anything that gives a click logit for each row of features (CTR models). The probability is the
 * logit's sigmoid. {@link CtrEvaluator} scores held-out rows through this interface.
 */
public interface Scorer {

  /**
   * Writes the logits of the batch's {@code batch.size()} rows into {@code out}, in row order; each
   * row's logit depends on that row alone. The tape is scratch space for the forward pass (this
   * call resets it).
   */
  void logits(Tape tape, CtrBatch batch, float[] out);
}
