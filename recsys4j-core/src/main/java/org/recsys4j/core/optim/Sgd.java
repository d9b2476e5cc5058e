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
    // Split over threads like Adam: dense parameters by element range (the gradient is cleared
    // while still in cache), tables by table. On a small batch the update is a tenth of a step, and
    // left serial it capped what a second thread could gain.
    for (Parameter p : params.dense()) {
      float[] g = p.grad().data();
      float[] w = p.value().data();
      int wo = p.value().offset();
      parallel.forRange(
          p.value().size(),
          1 << 14,
          (c, from, to) -> {
            Kernels.get().axpy(-lr, g, from, w, wo + from, to - from);
            java.util.Arrays.fill(g, from, to, 0f);
          });
    }
    java.util.List<EmbeddingTable> tables = params.tables();
    parallel.forRange(
        tables.size(),
        1,
        (c, from, to) -> {
          Kernels k = Kernels.get();
          for (int i = from; i < to; i++) {
            EmbeddingTable t = tables.get(i);
            int d = t.dim();
            int[] rows = t.touchedRows();
            float[] g = t.gradRows();
            for (int s = 0; s < t.touchedCount(); s++) {
              k.axpy(-lr, g, s * d, t.weights(), rows[s] * d, d);
            }
            t.zeroGrad();
          }
        });
    steps++;
  }

  @Override
  public Map<String, float[]> state(ParameterSet params) {
    return Map.of();
  }
}
