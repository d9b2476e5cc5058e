package org.recsys4j.core.optim;

import java.util.Map;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.kernel.Kernels;
import org.recsys4j.core.nn.EmbeddingTable;
import org.recsys4j.core.nn.Parameter;
import org.recsys4j.core.nn.ParameterSet;

/** Plain stochastic gradient descent: {@code w -= lr * g}. */
public final class Sgd extends StepCounter {

  public Sgd(float lr) {
    super(lr);
  }

  @Override
  public void step(ParameterSet params, Parallel parallel) {
    Kernels k = Kernels.get();
    for (Parameter p : params.dense()) {
      k.axpy(-lr, p.grad().data(), 0, p.value().data(), p.value().offset(), p.value().size());
    }
    for (EmbeddingTable t : params.tables()) {
      int d = t.dim();
      int[] rows = t.touchedRows();
      float[] g = t.gradRows();
      for (int s = 0; s < t.touchedCount(); s++) {
        k.axpy(-lr, g, s * d, t.weights(), rows[s] * d, d);
      }
    }
    params.zeroGrad();
    steps++;
  }

  @Override
  public Map<String, float[]> state(ParameterSet params) {
    return Map.of();
  }
}
