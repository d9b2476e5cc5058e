package org.recsys4j.core.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.kernel.Kernels;
import org.recsys4j.core.nn.EmbeddingTable;
import org.recsys4j.core.nn.Parameter;
import org.recsys4j.core.nn.ParameterSet;

/**
 * Adam (Kingma and Ba, 2015) with bias correction. Dense parameters are updated in full, split over
 * threads in fixed ranges. Embedding tables use, by default, the lazy sparse-row variant (as
 * PyTorch's {@code SparseAdam}): moments of a row move only on steps where the row has a gradient.
 * With {@code denseTables} they follow PyTorch's ordinary {@code Adam} on an {@code nn.Embedding}
 * instead: every row's moments decay every step and rows keep moving on their momentum. That costs
 * a pass over the whole table per step, and is what most published MF-BPR results were trained
 * with.
 */
public final class Adam extends StepCounter {
  private final float b1;
  private final float b2;
  private final float eps;
  private float[][] m = new float[0][];
  private float[][] v = new float[0][];
  private float[][] tm = new float[0][];
  private float[][] tv = new float[0][];

  private final boolean denseTables;
  private float[][] denseGrad = new float[0][];

  public Adam(float lr, float b1, float b2, float eps) {
    this(lr, b1, b2, eps, false);
  }

  public Adam(float lr, float b1, float b2, float eps, boolean denseTables) {
    super(lr);
    this.b1 = b1;
    this.b2 = b2;
    this.eps = eps;
    this.denseTables = denseTables;
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
      // The gradient is cleared chunk by chunk while it is still in cache, and in parallel: a
      // separate zeroGrad() pass over a graph model's N x D gradient is a serial 18 MB write.
      parallel.forRange(
          w.length,
          1 << 15,
          (c, from, to) -> {
            k.adam(w, g, pm, pv, from, to - from, lr, b1, b2, eps, bc1, bc2);
            java.util.Arrays.fill(g, from, to, 0f);
          });
    }
    for (EmbeddingTable t : params.tables()) {
      if (denseTables) {
        stepTableDense(t, parallel, k, bc1, bc2);
        continue;
      }
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
    for (EmbeddingTable t : params.tables()) {
      t.zeroGrad(); // dense gradients were cleared above
    }
  }

  /** PyTorch-dense semantics: the sparse rows are scattered into a zeroed full gradient. */
  private void stepTableDense(
      EmbeddingTable t, Parallel parallel, Kernels k, float bc1, float bc2) {
    if (denseGrad.length <= t.slot()) {
      denseGrad = java.util.Arrays.copyOf(denseGrad, t.slot() + 1);
    }
    float[] g = denseGrad[t.slot()];
    if (g == null) {
      g = new float[t.rows() * t.dim()];
      denseGrad[t.slot()] = g;
    }
    int d = t.dim();
    int[] rows = t.touchedRows();
    float[] gradRows = t.gradRows();
    final float[] grad = g;
    // Touched rows are distinct, so the copies (and the clears below) can be split over threads.
    int minSlots = Math.max(1, (1 << 14) / d);
    parallel.forRange(
        t.touchedCount(),
        minSlots,
        (c, from, to) -> {
          for (int s = from; s < to; s++) {
            System.arraycopy(gradRows, s * d, grad, rows[s] * d, d);
          }
        });
    float[] w = t.weights();
    float[] sm = tm[t.slot()];
    float[] sv = tv[t.slot()];
    parallel.forRange(
        w.length,
        1 << 15,
        (c, from, to) -> k.adam(w, grad, sm, sv, from, to - from, lr, b1, b2, eps, bc1, bc2));
    parallel.forRange(
        t.touchedCount(),
        minSlots,
        (c, from, to) -> {
          for (int s = from; s < to; s++) {
            java.util.Arrays.fill(grad, rows[s] * d, (rows[s] + 1) * d, 0f);
          }
        });
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
