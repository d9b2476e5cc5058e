package org.recsys4j.core.autograd;

import org.recsys4j.core.Tensor;
import org.recsys4j.core.kernel.Kernels;

/**
 * Interactions between the F feature vectors of a sample, stored side by side as one {@code [B,
 * F*D]} row per sample (the layout a concat of F {@code [B,D]} embeddings produces). Fused because
 * the tape form (F^2 row dots or a batched {@code T T^T}) would record F^2 ops per batch.
 */
public final class FeatureInteractions {
  private FeatureInteractions() {}

  /** How many pairs {@link #pairwiseDots} returns for f features: {@code f(f-1)/2}. */
  public static int pairCount(int f) {
    return f * (f - 1) / 2;
  }

  /**
   * DLRM's dot interaction: for each sample, {@code <v_i, v_j>} for every pair {@code j < i}, in
   * the reference's order ({@code i} ascending, then {@code j} ascending: the strictly lower
   * triangle of {@code T T^T} read row by row). Output {@code [B, f(f-1)/2]}.
   */
  public static Variable pairwiseDots(Tape tape, Variable x, int f) {
    Tensor xv = x.value();
    int b = xv.rows();
    int d = checkWidth("pairwiseDots", xv, f);
    int pairs = pairCount(f);
    Tensor out = tape.zeros(b, pairs);
    float[] xd = xv.data();
    int xo = xv.offset();
    int cols = xv.cols();
    int minRows = Math.max(1, (1 << 14) / Math.max(1, pairs * d));
    float[] o = out.data();
    tape.parallel()
        .forRange(
            b,
            minRows,
            (c, from, to) -> {
              Kernels k = Kernels.get();
              float[] scratch = new float[f * d];
              for (int r = from; r < to; r++) {
                k.pairDots(xd, xo + r * cols, f, d, o, r * pairs, scratch);
              }
            });
    Variable y = tape.output(out, x.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            float[] g = y.grad().data();
            Tensor gx = x.grad();
            tape.parallel()
                .forRange(
                    b,
                    minRows,
                    (c, from, to) -> {
                      Kernels k = Kernels.get();
                      for (int r = from; r < to; r++) {
                        k.pairDotsBackward(
                            xd,
                            xo + r * cols,
                            f,
                            d,
                            g,
                            r * pairs,
                            gx.data(),
                            gx.offset() + r * gx.cols());
                      }
                    });
          });
    }
    return y;
  }

  /**
   * The second-order term of a factorization machine (Rendle 2010), {@code sum over pairs i<j of
   * <v_i, v_j>}, in O(f d) as {@code 0.5 * sum_d ((sum_i v_id)^2 - sum_i v_id^2)}. Output {@code
   * [B,1]}.
   */
  public static Variable fmSecondOrder(Tape tape, Variable x, int f) {
    Tensor xv = x.value();
    int b = xv.rows();
    int d = checkWidth("fmSecondOrder", xv, f);
    float[] xd = xv.data();
    int xo = xv.offset();
    int cols = xv.cols();
    Tensor out = tape.zeros(b, 1);
    float[] sums = new float[b * d]; // sum over features, kept for backward
    tape.parallel()
        .forRange(
            b,
            64,
            (c, from, to) -> {
              for (int r = from; r < to; r++) {
                int row = xo + r * cols;
                double total = 0;
                for (int t = 0; t < d; t++) {
                  double s = 0;
                  double sq = 0;
                  for (int i = 0; i < f; i++) {
                    double v = xd[row + i * d + t];
                    s += v;
                    sq += v * v;
                  }
                  sums[r * d + t] = (float) s;
                  total += s * s - sq;
                }
                out.data()[r] = (float) (0.5 * total);
              }
            });
    Variable y = tape.output(out, x.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            float[] g = y.grad().data();
            Tensor gx = x.grad();
            tape.parallel()
                .forRange(
                    b,
                    64,
                    (c, from, to) -> {
                      for (int r = from; r < to; r++) {
                        int row = xo + r * cols;
                        int grow = gx.offset() + r * gx.cols();
                        float w = g[r];
                        for (int i = 0; i < f; i++) {
                          for (int t = 0; t < d; t++) {
                            // d/dv_it = sum_t - v_it
                            gx.data()[grow + i * d + t] +=
                                w * (sums[r * d + t] - xd[row + i * d + t]);
                          }
                        }
                      }
                    });
          });
    }
    return y;
  }

  /**
   * Dense features as fields: sample i's field j is {@code x[i,j] * v[j]}, output {@code [B, nd*D]}
   * from {@code x [B, nd]} and {@code v [nd, D]}. This is how FM-family models put a continuous
   * value into the same interaction as the categorical embeddings.
   */
  public static Variable scaledFields(Tape tape, Variable x, Variable v) {
    Tensor xv = x.value();
    Tensor vv = v.value();
    int b = xv.rows();
    int nd = xv.cols();
    if (vv.rows() != nd) {
      throw new IllegalArgumentException(
          "scaledFields: " + nd + " dense columns need " + nd + " field vectors, got " + vv);
    }
    int d = vv.cols();
    float[] xd = xv.data();
    float[] vd = vv.data();
    int xo = xv.offset();
    int vo = vv.offset();
    Tensor out = tape.zeros(b, nd * d);
    float[] o = out.data();
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < nd; j++) {
        float s = xd[xo + i * nd + j];
        for (int t = 0; t < d; t++) {
          o[(i * nd + j) * d + t] = s * vd[vo + j * d + t];
        }
      }
    }
    Variable y = tape.output(out, x.requiresGrad() || v.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            float[] g = y.grad().data();
            Tensor gx = x.requiresGrad() ? x.grad() : null;
            Tensor gv = v.requiresGrad() ? v.grad() : null;
            for (int i = 0; i < b; i++) {
              for (int j = 0; j < nd; j++) {
                float s = xd[xo + i * nd + j];
                double dx = 0;
                for (int t = 0; t < d; t++) {
                  float gt = g[(i * nd + j) * d + t];
                  dx += gt * vd[vo + j * d + t];
                  if (gv != null) {
                    gv.data()[gv.offset() + j * d + t] += gt * s;
                  }
                }
                if (gx != null) {
                  gx.data()[gx.offset() + i * nd + j] += (float) dx;
                }
              }
            }
          });
    }
    return y;
  }

  private static int checkWidth(String op, Tensor x, int f) {
    if (f < 1 || x.cols() % f != 0) {
      throw new IllegalArgumentException(
          op + ": " + x + " does not split into " + f + " feature vectors");
    }
    return x.cols() / f;
  }
}
