package org.recsys4j.core.autograd;

import org.recsys4j.core.Tensor;
import org.recsys4j.core.kernel.Kernels;

/** Elementwise non-linearities with their exact derivatives. */
public final class Activations {
  private Activations() {}

  private enum Kind {
    SIGMOID,
    TANH,
    LOG_SIGMOID,
    SOFTPLUS
  }

  /**
   * {@code max(x, 0)} (NaN stays NaN, as {@link Math#max}). The branch-free {@link Kernels#relu}
   * and {@link Kernels#reluMask} rather than the shared per-element switch, split over threads in
   * fixed ranges. MLP layers use the fused {@link Dense#affineRelu} instead.
   */
  public static Variable relu(Tape tape, Variable x) {
    Tensor xv = x.value();
    int n = xv.size();
    float[] in = xv.data();
    int io = xv.offset();
    Tensor out = tape.zeros(xv.shape());
    float[] o = out.data();
    tape.parallel()
        .forRange(
            n, 1 << 15, (c, from, to) -> Kernels.get().relu(in, io + from, o, from, to - from));
    Variable y = tape.output(out, x.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            float[] g = y.grad().data();
            float[] gx = x.grad().data();
            int go = x.grad().offset();
            // y's gradient is complete when this runs (reverse order) and read by no one after:
            // mask it
            // in place, then add it into x's gradient
            tape.parallel()
                .forRange(
                    n,
                    1 << 15,
                    (c, from, to) -> {
                      Kernels k = Kernels.get();
                      k.reluMask(o, from, g, from, to - from);
                      k.axpy(1f, g, from, gx, go + from, to - from);
                    });
          });
    }
    return y;
  }

  public static Variable sigmoid(Tape tape, Variable x) {
    return apply(tape, x, Kind.SIGMOID);
  }

  public static Variable tanh(Tape tape, Variable x) {
    return apply(tape, x, Kind.TANH);
  }

  /** {@code log(sigmoid(x))}, computed without overflow for large |x|. */
  public static Variable logSigmoid(Tape tape, Variable x) {
    return apply(tape, x, Kind.LOG_SIGMOID);
  }

  /** {@code log(1 + exp(x))}, computed without overflow for large |x|. */
  public static Variable softplus(Tape tape, Variable x) {
    return apply(tape, x, Kind.SOFTPLUS);
  }

  /** Numerically stable softplus on a scalar. */
  public static double softplus(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }

  /** Numerically stable logistic function on a scalar. */
  public static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  private static Variable apply(Tape tape, Variable x, Kind kind) {
    Tensor xv = x.value();
    int n = xv.size();
    float[] in = xv.data();
    int io = xv.offset();
    Tensor out = tape.zeros(xv.shape());
    float[] o = out.data();
    for (int i = 0; i < n; i++) {
      float v = in[io + i];
      switch (kind) {
        case SIGMOID:
          o[i] = (float) sigmoid(v);
          break;
        case TANH:
          o[i] = (float) Math.tanh(v);
          break;
        case LOG_SIGMOID:
          o[i] = (float) -softplus(-v);
          break;
        default:
          o[i] = (float) softplus(v);
      }
    }
    Variable y = tape.output(out, x.requiresGrad());
    if (y.requiresGrad()) {
      tape.record(
          () -> {
            float[] g = y.grad().data();
            float[] gx = x.grad().data();
            int go = x.grad().offset();
            for (int i = 0; i < n; i++) {
              float v = in[io + i];
              float d;
              switch (kind) {
                case SIGMOID:
                  d = o[i] * (1f - o[i]);
                  break;
                case TANH:
                  d = 1f - o[i] * o[i];
                  break;
                case LOG_SIGMOID:
                  d = (float) sigmoid(-v);
                  break;
                default:
                  d = (float) sigmoid(v);
              }
              gx[go + i] += g[i] * d;
            }
          });
    }
    return y;
  }
}
