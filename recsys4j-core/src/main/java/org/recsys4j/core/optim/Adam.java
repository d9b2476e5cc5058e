package org.recsys4j.core.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.kernel.Kernels;
import org.recsys4j.core.nn.EmbeddingTable;
import org.recsys4j.core.nn.Parameter;
import org.recsys4j.core.nn.ParameterSet;

/**
 * Adam (Kingma and Ba, 2015) with bias correction. Dense parameters are updated in full, split
 * over threads in fixed ranges. Embedding tables use the lazy sparse-row variant (as PyTorch's
 * {@code SparseAdam}): moments of a row move only on steps where the row has a gradient.
 */
public final class Adam extends StepCounter {
  private final float b1;
  private final float b2;
  private final float eps;
  private float[][] m = new float[0][];
  private float[][] v = new float[0][];
  private float[][] tm = new float[0][];
  private float[][] tv = new float[0][];

  public Adam(float lr, float b1, float b2, float eps) {
    super(lr);
    this.b1 = b1;
    this.b2 = b2;
    this.eps = eps;
  }

  private void ensureState(ParameterSet params) {
    if (m.length != params.dense().size()) {
      int n = params.dense().size();
      m = new float[n][];
      v = new float[n][];
      for (Parameter p : params.dense()) {
        m[p.slot()] = new float[p.value().size()];
        v[p.slot()] = new float[p.value().size()];
      }
    }
    if (tm.length != params.tables().size()) {
      int n = params.tables().size();
      tm = new float[n][];
      tv = new float[n][];
      for (EmbeddingTable t : params.tables()) {
        tm[t.slot()] = new float[t.rows() * t.dim()];
        tv[t.slot()] = new float[t.rows() * t.dim()];
      }
    }
  }

  @Override
  public void step(ParameterSet params, Parallel parallel) {
    ensureState(params);
    steps++;
    float bc1 = (float) (1 - Math.pow(b1, steps));
    float bc2 = (float) (1 - Math.pow(b2, steps));
    Kernels k = Kernels.get();
    for (Parameter p : params.dense()) {
      if (p.value().offset() != 0) {
        throw new IllegalStateException("Adam needs parameter " + p.name() + " to own its array");
      }
      float[] w = p.value().data();
      float[] g = p.grad().data();
      float[] pm = m[p.slot()];
      float[] pv = v[p.slot()];
      parallel.forRange(w.length, 1 << 15, (c, from, to) ->
          k.adam(w, g, pm, pv, from, to - from, lr, b1, b2, eps, bc1, bc2));
    }
    for (EmbeddingTable t : params.tables()) {
      int d = t.dim();
      int[] rows = t.touchedRows();
      float[] g = t.gradRows();
      float[] w = t.weights();
      float[] sm = tm[t.slot()];
      float[] sv = tv[t.slot()];
      float c1 = 1f - b1;
      float c2 = 1f - b2;
      float step = lr / bc1;
      for (int s = 0; s < t.touchedCount(); s++) {
        int base = rows[s] * d;
        for (int j = 0; j < d; j++) {
          float gj = g[s * d + j];
          int i = base + j;
          float mi = b1 * sm[i] + c1 * gj;
          float vi = b2 * sv[i] + c2 * gj * gj;
          sm[i] = mi;
          sv[i] = vi;
          w[i] -= step * mi / ((float) Math.sqrt(vi / bc2) + eps);
        }
      }
    }
    params.zeroGrad();
  }

  @Override
  public Map<String, float[]> state(ParameterSet params) {
    ensureState(params);
    Map<String, float[]> s = new LinkedHashMap<>();
    for (Parameter p : params.dense()) {
      s.put("adam.m." + p.name(), m[p.slot()]);
      s.put("adam.v." + p.name(), v[p.slot()]);
    }
    for (EmbeddingTable t : params.tables()) {
      s.put("adam.m." + t.name(), tm[t.slot()]);
      s.put("adam.v." + t.name(), tv[t.slot()]);
    }
    return s;
  }
}
