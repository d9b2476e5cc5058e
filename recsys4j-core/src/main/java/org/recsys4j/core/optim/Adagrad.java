package org.recsys4j.core.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.nn.EmbeddingTable;
import org.recsys4j.core.nn.Parameter;
import org.recsys4j.core.nn.ParameterSet;

/**
 * Adagrad: {@code G += g^2; w -= lr * g / (sqrt(G) + eps)}. In row-wise mode (TorchRec's {@code
 * ROWWISE_ADAGRAD}) an embedding row keeps one accumulator, the mean of its squared gradient, which
 * cuts optimizer memory by the embedding dimension; dense parameters stay elementwise.
 */
public final class Adagrad extends StepCounter {
  private static final float EPS = 1e-10f;
  private final boolean rowwise;
  private float[][] denseState = new float[0][];
  private float[][] tableState = new float[0][];

  public Adagrad(float lr, boolean rowwise) {
    super(lr);
    this.rowwise = rowwise;
  }

  private void ensureState(ParameterSet params) {
    if (denseState.length != params.dense().size()) {
      denseState = new float[params.dense().size()][];
      for (Parameter p : params.dense()) {
        denseState[p.slot()] = new float[p.value().size()];
      }
    }
    if (tableState.length != params.tables().size()) {
      tableState = new float[params.tables().size()][];
      for (EmbeddingTable t : params.tables()) {
        tableState[t.slot()] = new float[rowwise ? t.rows() : t.rows() * t.dim()];
      }
    }
  }

  @Override
  public void step(ParameterSet params, Parallel parallel) {
    ensureState(params);
    for (Parameter p : params.dense()) {
      float[] w = p.value().data();
      int wo = p.value().offset();
      float[] g = p.grad().data();
      float[] acc = denseState[p.slot()];
      for (int i = 0; i < acc.length; i++) {
        acc[i] += g[i] * g[i];
        w[wo + i] -= lr * g[i] / ((float) Math.sqrt(acc[i]) + EPS);
      }
    }
    for (EmbeddingTable t : params.tables()) {
      int d = t.dim();
      int[] rows = t.touchedRows();
      float[] g = t.gradRows();
      float[] w = t.weights();
      float[] acc = tableState[t.slot()];
      for (int s = 0; s < t.touchedCount(); s++) {
        int r = rows[s];
        if (rowwise) {
          float sq = 0f;
          for (int j = 0; j < d; j++) {
            sq += g[s * d + j] * g[s * d + j];
          }
          acc[r] += sq / d;
          float step = lr / ((float) Math.sqrt(acc[r]) + EPS);
          for (int j = 0; j < d; j++) {
            w[r * d + j] -= step * g[s * d + j];
          }
        } else {
          for (int j = 0; j < d; j++) {
            float gj = g[s * d + j];
            int i = r * d + j;
            acc[i] += gj * gj;
            w[i] -= lr * gj / ((float) Math.sqrt(acc[i]) + EPS);
          }
        }
      }
    }
    params.zeroGrad();
    steps++;
  }

  @Override
  public Map<String, float[]> state(ParameterSet params) {
    ensureState(params);
    Map<String, float[]> m = new LinkedHashMap<>();
    for (Parameter p : params.dense()) {
      m.put("adagrad." + p.name(), denseState[p.slot()]);
    }
    for (EmbeddingTable t : params.tables()) {
      m.put("adagrad." + t.name(), tableState[t.slot()]);
    }
    return m;
  }
}
