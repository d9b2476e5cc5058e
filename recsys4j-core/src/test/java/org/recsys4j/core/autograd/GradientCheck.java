package org.recsys4j.core.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BiFunction;
import org.recsys4j.core.Rng;
import org.recsys4j.core.Tensor;

/**
 * Central finite-difference gradient checks: the op's output is contracted with fixed random
 * weights to a scalar, whose analytic gradient (from backward) must match (f(x+h) - f(x-h)) / 2h.
 */
final class GradientCheck {
  private GradientCheck() {}

  static Tensor random(Rng r, int... shape) {
    Tensor t = Tensor.zeros(shape);
    for (int i = 0; i < t.size(); i++) {
      t.set(i, (float) r.nextGaussian());
    }
    return t;
  }

  /** Moves values away from a kink at 0 (for relu), resampling those within {@code margin}. */
  static void avoidKink(Rng r, Tensor t, float margin) {
    for (int i = 0; i < t.size(); i++) {
      while (Math.abs(t.get(i)) < margin) {
        t.set(i, (float) r.nextGaussian());
      }
    }
  }

  static double loss(BiFunction<Tape, Variable[], Variable> f, Tensor[] inputs, Tensor weights) {
    Tape tape = new Tape();
    Variable[] vs = new Variable[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      vs[i] = tape.constant(inputs[i]);
    }
    Tensor out = f.apply(tape, vs).value();
    double s = 0;
    for (int i = 0; i < out.size(); i++) {
      s += (double) out.get(i) * weights.get(i);
    }
    return s;
  }

  static void check(
      String name, long seed, BiFunction<Tape, Variable[], Variable> f, Tensor... inputs) {
    Rng r = new Rng(seed);
    Tape tape = new Tape();
    Variable[] vs = new Variable[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      vs[i] = tape.leaf(inputs[i]);
    }
    Variable out = f.apply(tape, vs);
    Tensor w = random(r, out.value().shape());
    Variable loss = Reductions.sum(tape, Dense.mul(tape, out, tape.constant(w)));
    tape.backward(loss);
    double h = 1e-2;
    for (int a = 0; a < inputs.length; a++) {
      Tensor x = inputs[a];
      for (int i = 0; i < x.size(); i++) {
        float orig = x.get(i);
        x.set(i, (float) (orig + h));
        double up = loss(f, inputs, w);
        x.set(i, (float) (orig - h));
        double down = loss(f, inputs, w);
        x.set(i, orig);
        double numeric = (up - down) / (2 * h);
        double analytic = vs[a].hasGrad() ? vs[a].grad().get(i) : 0.0;
        assertThat(analytic)
            .as("%s: d/d input%d[%d] (seed %d)", name, a, i, seed)
            .isCloseTo(
                numeric, org.assertj.core.data.Offset.offset(2e-3 + 2e-2 * Math.abs(numeric)));
      }
    }
  }
}
