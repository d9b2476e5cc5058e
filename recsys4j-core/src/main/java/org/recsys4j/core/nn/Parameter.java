package org.recsys4j.core.nn;

import org.recsys4j.core.Tensor;

/**
 * A dense trainable tensor with a gradient of the same shape. Optimizer state is indexed by {@link
 * #slot()}, assigned when the parameter is registered in a {@link ParameterSet}.
 */
public final class Parameter {
  private final String name;
  private final Tensor value;
  private final Tensor grad;
  int slot = -1;

  public Parameter(String name, Tensor value) {
    this.name = name;
    this.value = value;
    this.grad = Tensor.zeros(value.shape());
  }

  public String name() {
    return name;
  }

  public Tensor value() {
    return value;
  }

  public Tensor grad() {
    return grad;
  }

  public int slot() {
    return slot;
  }

  public void zeroGrad() {
    grad.fill(0f);
  }
}
