package org.recsys4j.models;

import org.recsys4j.core.autograd.Activations;
import org.recsys4j.core.autograd.Dense;
import org.recsys4j.core.autograd.Reductions;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;

/**
 * The BPR loss of Rendle et al. (2009) as used by LightGCN: {@code mean(softplus(s_neg - s_pos))}
 * plus {@code l2 * 0.5 * (|u0|^2 + |p0|^2 + |n0|^2) / B} on the batch's ego (layer-0) embeddings.
 */
public final class BprLoss {
  private BprLoss() {}

  /**
   * @param u user rows used for scoring {@code [B,D]}
   * @param p positive item rows {@code [B,D]}
   * @param n negative item rows {@code [B,D]}
   * @param u0 user ego rows for the regulariser (may be the same variable as {@code u})
   */
  public static Variable loss(Tape tape, Variable u, Variable p, Variable n, Variable u0, Variable p0,
      Variable n0, float l2) {
    int b = u.value().rows();
    Variable diff = Dense.sub(tape, Reductions.rowDot(tape, u, n), Reductions.rowDot(tape, u, p));
    Variable bpr = Reductions.mean(tape, Activations.softplus(tape, diff));
    if (l2 == 0f) {
      return bpr;
    }
    Variable reg = Dense.add(tape, Dense.add(tape, Reductions.sumSquares(tape, u0), Reductions.sumSquares(tape, p0)),
        Reductions.sumSquares(tape, n0));
    return Dense.linear(tape, bpr, 1f, reg, 0.5f * l2 / b);
  }
}
