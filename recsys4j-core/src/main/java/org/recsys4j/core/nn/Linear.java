package org.recsys4j.core.nn;

import org.recsys4j.core.Rng;
import org.recsys4j.core.Tensor;
import org.recsys4j.core.autograd.Dense;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;

/**
 * A fully connected layer {@code y = x W + b} with {@code W [in, out]} (stored input-major, so the
 * forward pass is a plain GEMM) and {@code b [out]}. Initialised as the DLRM reference does: W from
 * {@code N(0, sqrt(2 / (in + out)))}, b from {@code N(0, sqrt(1 / out))}.
 */
public final class Linear {
  private final Parameter weight;
  private final Parameter bias;

  /**
   * Creates the layer and registers its two parameters in {@code params} as {@code
   * name.weight/.bias}.
   */
  public Linear(ParameterSet params, String name, int in, int out, Rng rng) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException(
          name + ": layer sizes must be positive, got " + in + " -> " + out);
    }
    Tensor w = Tensor.zeros(in, out);
    double wStd = Math.sqrt(2.0 / (in + out));
    for (int i = 0; i < w.size(); i++) {
      w.data()[i] = (float) (rng.nextGaussian() * wStd);
    }
    Tensor b = Tensor.zeros(out);
    double bStd = Math.sqrt(1.0 / out);
    for (int i = 0; i < out; i++) {
      b.data()[i] = (float) (rng.nextGaussian() * bStd);
    }
    this.weight = params.add(new Parameter(name + ".weight", w));
    this.bias = params.add(new Parameter(name + ".bias", b));
  }

  public int in() {
    return weight.value().rows();
  }

  public int out() {
    return weight.value().cols();
  }

  public Parameter weight() {
    return weight;
  }

  public Parameter bias() {
    return bias;
  }

  /** {@code x [B, in] -> [B, out]}. */
  public Variable forward(Tape tape, Variable x) {
    return Dense.affine(tape, x, tape.param(weight), tape.param(bias));
  }

  /** {@code relu(x W + b)}, fused ({@link Dense#affineRelu}). */
  public Variable forwardRelu(Tape tape, Variable x) {
    return Dense.affineRelu(tape, x, tape.param(weight), tape.param(bias));
  }
}
