package org.recsys4j.core.autograd;

import org.recsys4j.core.Tensor;

/**
 * Fused losses over score matrices, where composing elementwise ops would materialise large
 * temporaries.
 */
public final class Losses {
  /** Rows per partial sum: fixed, so that the loss does not depend on the thread count. */
  private static final int ROWS_PER_BLOCK = 64;

  private Losses() {}

  /**
   * The mean pairwise softplus {@code mean over valid (b, j) of log(1 + exp(neg[b,j] - pos[b]))}:
   * BPR of each row's positive score against every column's negative score. {@code valid}
   * (row-major {@code [B,S]}, 1 = use, 0 = skip; null = all) lets a caller drop pairs whose
   * "negative" is in fact a positive of that row. One pass, no {@code [B,S]} temporaries besides
   * the scores themselves.
   *
   * @param pos positive scores {@code [B,1]}
   * @param neg negative scores {@code [B,S]}
   */
  public static Variable pairwiseSoftplusMean(Tape tape, Variable pos, Variable neg, byte[] valid) {
    Tensor pv = pos.value();
    Tensor nv = neg.value();
    int b = nv.rows();
    int s = nv.cols();
    if (pv.rows() != b || pv.cols() != 1) {
      throw new IllegalArgumentException(
          "pairwiseSoftplusMean: positive scores "
              + pv
              + " must be one column with the negatives' "
              + b
              + " rows "
              + nv);
    }
    if (valid != null && valid.length < b * s) {
      throw new IllegalArgumentException(
          "pairwiseSoftplusMean: mask of " + valid.length + " for " + b + "x" + s);
    }
    float[] p = pv.data();
    float[] n = nv.data();
    int po = pv.offset();
    int no = nv.offset();
    boolean grad = pos.requiresGrad() || neg.requiresGrad();
    // sigmoid(x) is the derivative of softplus(x); it falls out of the same exp(-|x|), so the
    // forward pass keeps it for backward instead of calling exp a second time.
    float[] sig = grad ? new float[b * s] : null;
    int blocks = (b + ROWS_PER_BLOCK - 1) / ROWS_PER_BLOCK;
    double[] partial = new double[blocks];
    long[] counts = new long[blocks];
    tape.parallel()
        .forRange(
            blocks,
            1,
            (c, from, to) -> {
              for (int blk = from; blk < to; blk++) {
                double sum = 0;
                long count = 0;
                for (int r = blk * ROWS_PER_BLOCK;
                    r < Math.min(b, (blk + 1) * ROWS_PER_BLOCK);
                    r++) {
                  double pr = p[po + r];
                  for (int j = 0; j < s; j++) {
                    if (valid == null || valid[r * s + j] != 0) {
                      double x = n[no + r * s + j] - pr;
                      double e = Math.exp(-Math.abs(x));
                      sum += Math.max(x, 0) + Math.log1p(e);
                      count++;
                      if (sig != null) {
                        sig[r * s + j] = (float) (x >= 0 ? 1 / (1 + e) : e / (1 + e));
                      }
                    }
                  }
                }
                partial[blk] = sum;
                counts[blk] = count;
              }
            });
    double sum = 0;
    long count = 0;
    for (int blk = 0; blk < blocks; blk++) { // in block order: the same bits at any thread count
      sum += partial[blk];
      count += counts[blk];
    }
    if (count == 0) {
      throw new IllegalArgumentException("pairwiseSoftplusMean: every pair is masked out");
    }
    final double inv = 1.0 / count;
    Variable y = tape.output(Tensor.of(new float[] {(float) (sum * inv)}, 1), grad);
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            double g = y.grad().get(0) * inv;
            Tensor gp = pos.requiresGrad() ? pos.grad() : null;
            Tensor gn = neg.requiresGrad() ? neg.grad() : null;
            tape.parallel()
                .forRange(
                    b,
                    ROWS_PER_BLOCK,
                    (c, from, to) -> {
                      for (int r = from; r < to; r++) {
                        double rowSum = 0;
                        for (int j = 0; j < s; j++) {
                          if (valid == null || valid[r * s + j] != 0) {
                            double d = g * sig[r * s + j];
                            rowSum += d;
                            if (gn != null) {
                              gn.data()[gn.offset() + r * s + j] += (float) d;
                            }
                          }
                        }
                        if (gp != null) {
                          gp.data()[gp.offset() + r] -= (float) rowSum;
                        }
                      }
                    });
          });
    }
    return y;
  }

  /**
   * Mean binary cross-entropy of logits against 0/1 labels, {@code mean(softplus(z) - y z)}: stable
   * at any |z| (no sigmoid is rounded to 0 or 1 before the log). Backward: {@code (sigmoid(z) - y)
   * / B}.
   *
   * @param logits {@code [B,1]} (or any shape with B elements)
   * @param labels B labels, 0 or 1 (soft labels in between also work)
   */
  public static Variable bceWithLogitsMean(Tape tape, Variable logits, float[] labels) {
    Tensor zv = logits.value();
    int n = zv.size();
    if (labels.length < n) {
      throw new IllegalArgumentException(
          "bceWithLogitsMean: " + labels.length + " labels for " + zv);
    }
    float[] z = zv.data();
    int zo = zv.offset();
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double x = z[zo + i];
      sum += Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))) - labels[i] * x;
    }
    Variable y = tape.output(Tensor.of(new float[] {(float) (sum / n)}, 1), logits.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            double g = y.grad().get(0) / n;
            float[] gz = logits.grad().data();
            int go = logits.grad().offset();
            for (int i = 0; i < n; i++) {
              gz[go + i] += (float) (g * (Activations.sigmoid(z[zo + i]) - labels[i]));
            }
          });
    }
    return y;
  }
}
