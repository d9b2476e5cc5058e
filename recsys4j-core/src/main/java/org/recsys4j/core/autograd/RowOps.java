package org.recsys4j.core.autograd;

import org.recsys4j.core.Rng;
import org.recsys4j.core.Tensor;

/** Row-wise ops of graph layers: L2 normalisation, dropout, and adding into leading rows. */
public final class RowOps {
  private RowOps() {}

  /**
   * {@code x / max(||x||, eps)} per row (PyTorch's {@code F.normalize(x, p=2, dim=-1)}, eps 1e-12).
   * Backward: {@code (g - y (y . g)) / n} for rows with {@code n > eps}, {@code g / eps} otherwise.
   */
  public static Variable l2Normalize(Tape tape, Variable x) {
    Tensor xv = x.value();
    int rows = xv.rows();
    int d = xv.cols();
    float[] in = xv.data();
    int io = xv.offset();
    Tensor out = tape.zeros(rows, d);
    float[] o = out.data();
    float[] norm = new float[rows];
    tape.parallel()
        .forRange(
            rows,
            256,
            (c, from, to) -> {
              for (int r = from; r < to; r++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                  double v = in[io + r * d + j];
                  s += v * v;
                }
                float n = (float) Math.max(Math.sqrt(s), 1e-12);
                norm[r] = n;
                for (int j = 0; j < d; j++) {
                  o[r * d + j] = in[io + r * d + j] / n;
                }
              }
            });
    Variable y = tape.output(out, x.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            float[] g = y.grad().data();
            float[] gx = x.grad().data();
            int go = x.grad().offset();
            tape.parallel()
                .forRange(
                    rows,
                    256,
                    (c, from, to) -> {
                      for (int r = from; r < to; r++) {
                        float n = norm[r];
                        boolean clamped = n <= 1e-12f;
                        double dot = 0;
                        for (int j = 0; j < d; j++) {
                          dot += o[r * d + j] * g[r * d + j];
                        }
                        for (int j = 0; j < d; j++) {
                          float gj = g[r * d + j];
                          gx[go + r * d + j] +=
                              clamped ? gj / n : (float) ((gj - o[r * d + j] * dot) / n);
                        }
                      }
                    });
          });
    }
    return y;
  }

  /**
   * Inverted dropout: each element is zeroed with probability {@code p} and the rest scaled by
   * {@code 1 / (1 - p)}, the mask drawn from {@code rng}; {@code p = 0} returns {@code x} itself.
   */
  public static Variable dropout(Tape tape, Variable x, float p, Rng rng) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
    }
    if (p == 0) {
      return x;
    }
    Tensor xv = x.value();
    int n = xv.size();
    float scale = 1f / (1 - p);
    float[] mask = new float[n];
    for (int i = 0; i < n; i++) {
      mask[i] = rng.nextFloat() < p ? 0f : scale;
    }
    Tensor out = tape.zeros(xv.shape());
    float[] o = out.data();
    float[] in = xv.data();
    int io = xv.offset();
    for (int i = 0; i < n; i++) {
      o[i] = in[io + i] * mask[i];
    }
    Variable y = tape.output(out, x.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            float[] g = y.grad().data();
            float[] gx = x.grad().data();
            int go = x.grad().offset();
            for (int i = 0; i < n; i++) {
              gx[go + i] += g[i] * mask[i];
            }
          });
    }
    return y;
  }

  /**
   * {@code x} with row k of {@code e} added to row {@code rows[k]} of {@code x} ({@code x [n,d]},
   * {@code e [k,d]}; {@code rows} null = the first k rows, distinct otherwise): the id embeddings
   * of the nodes known in training added to their feature projections, the other (cold) nodes left
   * with their features alone.
   */
  public static Variable addRowsAt(Tape tape, Variable x, Variable e, int[] rows) {
    Tensor xv = x.value();
    Tensor ev = e.value();
    int d = xv.cols();
    int k = ev.rows();
    if (ev.cols() != d || k > xv.rows() || (rows != null && rows.length != k)) {
      throw new IllegalArgumentException("addRowsAt: cannot add " + ev + " into " + xv);
    }
    if (rows != null) {
      for (int r : rows) {
        if (r < 0 || r >= xv.rows()) {
          throw new IllegalArgumentException("addRowsAt: row " + r + " outside " + xv);
        }
      }
    }
    int n = xv.size();
    Tensor out = tape.copy(xv);
    float[] o = out.data();
    float[] ed = ev.data();
    int eo = ev.offset();
    for (int r = 0; r < k; r++) {
      int at = (rows == null ? r : rows[r]) * d;
      for (int j = 0; j < d; j++) {
        o[at + j] += ed[eo + r * d + j];
      }
    }
    Variable y = tape.output(out, x.requiresGrad() || e.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            float[] g = y.grad().data();
            if (x.requiresGrad()) {
              float[] gx = x.grad().data();
              int go = x.grad().offset();
              for (int i = 0; i < n; i++) {
                gx[go + i] += g[i];
              }
            }
            if (e.requiresGrad()) {
              float[] ge = e.grad().data();
              int go = e.grad().offset();
              for (int r = 0; r < k; r++) {
                int at = (rows == null ? r : rows[r]) * d;
                for (int j = 0; j < d; j++) {
                  ge[go + r * d + j] += g[at + j];
                }
              }
            }
          });
    }
    return y;
  }
}
