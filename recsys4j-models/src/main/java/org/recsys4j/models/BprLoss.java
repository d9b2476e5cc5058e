package org.recsys4j.models;

import org.recsys4j.core.autograd.Activations;
import org.recsys4j.core.autograd.Dense;
import org.recsys4j.core.autograd.IndexedDots;
import org.recsys4j.core.autograd.Losses;
import org.recsys4j.core.autograd.Reductions;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.data.sampling.BprBatch;

/**
 * The BPR loss of Rendle et al. (2009) as used by LightGCN: {@code mean(softplus(s_neg - s_pos))}
 * plus {@code l2 * 0.5 * (|u0|^2 + |p0|^2 + |n0|^2) / B} on the batch's ego (layer-0) embeddings,
 * and its forms with several negatives per pair or a shared pool of negatives.
 */
public final class BprLoss {
  private BprLoss() {}

  /**
   * The BPR loss of a batch in whichever negative form it carries: one negative per pair ({@link
   * #loss}), several ({@link #multiNegative}) or a shared pool ({@link #sharedNegatives}). {@code
   * n}/{@code n0} hold the rows of {@link #negativeIds} in that order.
   */
  public static Variable forBatch(
      Tape tape,
      BprBatch batch,
      Variable u,
      Variable p,
      Variable n,
      Variable u0,
      Variable p0,
      Variable n0,
      float l2) {
    if (batch.sharedCount() > 0) {
      return sharedNegatives(tape, u, p, n, u0, p0, n0, batch.sharedValid(), l2);
    }
    int g = batch.negativesPerPair();
    return g > 1
        ? multiNegative(tape, u, p, n, g, u0, p0, n0, l2)
        : loss(tape, u, p, n, u0, p0, n0, l2);
  }

  /**
   * The item ids whose rows a model passes as negatives to {@link #forBatch}: the pool, or the
   * per-pair draws.
   */
  public static int[] negativeIds(BprBatch batch) {
    return batch.sharedCount() > 0 ? batch.shared() : batch.neg();
  }

  /** How many of {@link #negativeIds} the batch uses. */
  public static int negativeCount(BprBatch batch) {
    return batch.sharedCount() > 0 ? batch.sharedCount() : batch.size() * batch.negativesPerPair();
  }

  /**
   * @param u user rows used for scoring {@code [B,D]}
   * @param p positive item rows {@code [B,D]}
   * @param n negative item rows {@code [B,D]}
   * @param u0 user ego rows for the regulariser (may be the same variable as {@code u})
   */
  public static Variable loss(
      Tape tape,
      Variable u,
      Variable p,
      Variable n,
      Variable u0,
      Variable p0,
      Variable n0,
      float l2) {
    int b = u.value().rows();
    Variable diff = Dense.sub(tape, Reductions.rowDot(tape, u, n), Reductions.rowDot(tape, u, p));
    Variable bpr = Reductions.mean(tape, Activations.softplus(tape, diff));
    if (l2 == 0f) {
      return bpr;
    }
    Variable reg =
        Dense.add(
            tape,
            Dense.add(tape, Reductions.sumSquares(tape, u0), Reductions.sumSquares(tape, p0)),
            Reductions.sumSquares(tape, n0));
    return Dense.linear(tape, bpr, 1f, reg, 0.5f * l2 / b);
  }

  /**
   * BPR with {@code g} negatives per pair, averaged: {@code mean over (b, j) of softplus(<u_b,
   * n_bj> - <u_b, p_b>)}, where pair b's negatives are rows {@code b*g .. b*g+g-1} of {@code n}.
   * The user and positive rows are scored once, not once per negative. L2 as in {@link #loss}, with
   * each negative row weighted {@code 1/g} (the negatives of a pair together weigh as much as one).
   */
  public static Variable multiNegative(
      Tape tape,
      Variable u,
      Variable p,
      Variable n,
      int g,
      Variable u0,
      Variable p0,
      Variable n0,
      float l2) {
    return pairwise(
        tape, u, p, Reductions.groupRowDot(tape, u, n, g), null, u0, p0, n0, 1f / g, l2);
  }

  /**
   * {@link #multiNegative} with the rows named by position instead of gathered: {@code fin} and
   * {@code ego} hold the batch's distinct rows (scoring and layer-0), and pair b is user row {@code
   * uIdx[b]}, positive {@code pIdx[b]} and negatives {@code nIdx[b*g .. b*g+g-1]}. The same loss,
   * computed without materialising a {@code [B*g, D]} tensor; each distinct row is regularised
   * once, weighted by how often the batch names it.
   */
  public static Variable multiNegativeIndexed(
      Tape tape, Variable fin, Variable ego, int[] uIdx, int[] pIdx, int[] nIdx, int g, float l2) {
    int b = uIdx.length;
    Variable posScores = IndexedDots.groupRowDot(tape, fin, uIdx, fin, pIdx, 1);
    Variable negScores = IndexedDots.groupRowDot(tape, fin, uIdx, fin, nIdx, g);
    Variable bpr = Losses.pairwiseSoftplusMean(tape, posScores, negScores, null);
    if (l2 == 0f) {
      return bpr;
    }
    float[] weights = new float[ego.value().rows()];
    for (int i = 0; i < b; i++) {
      weights[uIdx[i]] += 1f;
      weights[pIdx[i]] += 1f;
    }
    float negWeight = 1f / g;
    for (int e : nIdx) {
      weights[e] += negWeight;
    }
    return Dense.linear(
        tape, bpr, 1f, Reductions.weightedSumSquares(tape, ego, weights), 0.5f * l2 / b);
  }

  /**
   * BPR against a shared pool of negatives: {@code mean over valid (b, j) of softplus(<u_b, n_j> -
   * <u_b, p_b>)}, with the scores of all pairs against all pool items computed as one {@code [B,D]
   * x [D,S]} product. The L2 term weighs each pool row by {@code B/S}, so that the negatives carry
   * the same total regularisation as one negative per pair.
   *
   * @param pool pool item rows used for scoring {@code [S,D]}
   * @param valid row-major {@code [B,S]}: 1 where pair b is compared with pool item j
   */
  public static Variable sharedNegatives(
      Tape tape,
      Variable u,
      Variable p,
      Variable pool,
      Variable u0,
      Variable p0,
      Variable pool0,
      byte[] valid,
      float l2) {
    float negWeight = (float) u.value().rows() / pool.value().rows();
    return pairwise(
        tape, u, p, Dense.matmul(tape, u, false, pool, true), valid, u0, p0, pool0, negWeight, l2);
  }

  /**
   * {@code mean over valid (b, j) of softplus(neg[b,j] - <u_b, p_b>)} plus {@code l2 * 0.5 *
   * (|u0|^2 + |p0|^2 + negWeight * |n0|^2) / B}: the part the many-negative forms share.
   */
  private static Variable pairwise(
      Tape tape,
      Variable u,
      Variable p,
      Variable negScores,
      byte[] valid,
      Variable u0,
      Variable p0,
      Variable n0,
      float negWeight,
      float l2) {
    int b = u.value().rows();
    Variable bpr =
        Losses.pairwiseSoftplusMean(tape, Reductions.rowDot(tape, u, p), negScores, valid);
    if (l2 == 0f) {
      return bpr;
    }
    Variable pairs =
        Dense.add(tape, Reductions.sumSquares(tape, u0), Reductions.sumSquares(tape, p0));
    Variable reg = Dense.linear(tape, pairs, 1f, Reductions.sumSquares(tape, n0), negWeight);
    return Dense.linear(tape, bpr, 1f, reg, 0.5f * l2 / b);
  }
}
