package org.recsys4j.core.autograd;

import org.recsys4j.core.Tensor;

/**
 * A node of the autograd graph: a value and, when something upstream needs it, a gradient of the
 * same shape that is allocated on first use.
 */
public final class Variable {
  private final Tensor value;
  private Tensor grad;
  private final boolean requiresGrad;
  private final Tape tape; // where a lazily allocated gradient comes from; null: a new array

  Variable(Tensor value, Tensor grad, boolean requiresGrad) {
    this(value, grad, requiresGrad, null);
  }

  Variable(Tensor value, Tensor grad, boolean requiresGrad, Tape tape) {
    this.value = value;
    this.grad = grad;
    this.requiresGrad = requiresGrad;
    this.tape = tape;
  }

  public Tensor value() {
    return value;
  }

  public boolean requiresGrad() {
    return requiresGrad;
  }

  /** The gradient, allocated as zeros on first call. */
  public Tensor grad() {
    if (grad == null) {
      grad = tape == null ? Tensor.zeros(value.shape()) : tape.zeros(value.shape());
    }
    return grad;
  }

  boolean hasGrad() {
    return grad != null;
  }

  /** The scalar value of a one-element variable. */
  public float item() {
    if (value.size() != 1) {
      throw new IllegalStateException(
          "item() on a variable of shape " + value + "; reduce it first");
    }
    return value.get(0);
  }
}
