package org.recsys4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.autograd.Activations;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.data.ctr.CtrBatch;
import org.recsys4j.data.ctr.CtrDataset;
import org.recsys4j.eval.ctr.CtrMetrics;
import org.recsys4j.models.ctr.CtrModel;

/**
 * Scores every row of a processed dataset in order and computes the CTR metrics (AUC, logloss,
 * accuracy, normalised entropy). Rows are scored in fixed batches, so the numbers do not depend on
 * the training batch size; each row's score depends only on that row.
 */
public final class CtrEvaluation {
  /** Rows per scoring batch. */
  public static final int BATCH = 8192;

  private CtrEvaluation() {}

  /** Click probabilities of all rows of {@code data}, in row order. */
  public static float[] predict(CtrModel model, CtrDataset data, Parallel par) {
    long rows = data.rows();
    if (rows > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(data.directory() + ": " + rows + " rows are too many to score in one array");
    }
    int n = (int) rows;
    float[] p = new float[n];
    int[] order = new int[Math.min(BATCH, n)];
    CtrBatch batch = new CtrBatch(Math.max(1, order.length), data.denseCount(), data.catCount(), data.multiHotCount());
    Tape tape = new Tape(par);
    for (int from = 0; from < n; from += BATCH) {
      int m = Math.min(BATCH, n - from);
      for (int i = 0; i < m; i++) {
        order[i] = from + i;
      }
      data.fill(order, 0, m, batch);
      tape.reset();
      float[] z = model.forward(tape, batch, false).logits().value().toArray();
      for (int i = 0; i < m; i++) {
        p[from + i] = (float) Activations.sigmoid(z[i]);
      }
    }
    return p;
  }

  /** The metrics of {@code model} on all rows of {@code data}, plus {@code seconds} (wall time). */
  public static Map<String, Double> evaluate(CtrModel model, CtrDataset data, Parallel par) {
    long t0 = System.nanoTime();
    float[] p = predict(model, data, par);
    float[] labels = new float[p.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = data.label(i);
    }
    Map<String, Double> m = new LinkedHashMap<>(CtrMetrics.compute(p, labels, p.length));
    m.put("seconds", (System.nanoTime() - t0) / 1e9);
    return m;
  }
}
