package org.recsys4j.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.autograd.Activations;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.data.ctr.CtrBatch;
import org.recsys4j.data.ctr.CtrDataset;
import org.recsys4j.data.ctr.CtrTransforms;
import org.recsys4j.data.ctr.RowSource;
import org.recsys4j.eval.ctr.CtrMetrics;

/**
 * Scores every row of a processed dataset in order and computes the CTR metrics (AUC, logloss,
 * accuracy, normalised entropy). Rows are scored in fixed batches, so the numbers do not depend on
 * the training batch size; each row's score depends only on that row.
 */
public final class CtrEvaluator {
  /** Rows per scoring batch. */
  public static final int BATCH = 8192;

  private CtrEvaluator() {}

  /** Click probabilities of all rows of {@code data}, in row order. */
  public static float[] predict(Scorer model, CtrDataset data, Parallel par) {
    long rows = data.rows();
    if (rows > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          data.directory() + ": " + rows + " rows are too many to score in one array");
    }
    int n = (int) rows;
    float[] p = new float[n];
    int[] order = new int[Math.min(BATCH, n)];
    CtrBatch batch =
        new CtrBatch(
            Math.max(1, order.length), data.denseCount(), data.catCount(), data.multiHotCount());
    Tape tape = new Tape(par);
    float[] z = new float[Math.max(1, order.length)];
    for (int from = 0; from < n; from += BATCH) {
      int m = Math.min(BATCH, n - from);
      for (int i = 0; i < m; i++) {
        order[i] = from + i;
      }
      data.fill(order, 0, m, batch);
      model.logits(tape, batch, z);
      for (int i = 0; i < m; i++) {
        p[from + i] = (float) Activations.sigmoid(z[i]);
      }
    }
    return p;
  }

  /**
   * An evaluator bound to the labelled rows of {@code data}: AUC, log loss, accuracy, normalised
   * entropy.
   */
  public static Evaluator<Scorer> on(CtrDataset data) {
    return (model, parallel) -> {
      Map<String, Double> m = evaluate(model, data, parallel);
      double seconds = m.remove("seconds");
      return new EvalResult(m, (int) Math.min(Integer.MAX_VALUE, data.rows()), seconds);
    };
  }

  /** The metrics of {@code model} on all rows of {@code data}, plus {@code seconds} (wall time). */
  public static Map<String, Double> evaluate(Scorer model, CtrDataset data, Parallel par) {
    long t0 = System.nanoTime();
    float[] p = predict(model, data, par);
    float[] labels = new float[p.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = data.label(i);
    }
    Map<String, Double> m = new LinkedHashMap<>(CtrMetrics.compute(p, labels, p.length));
    m.putAll(LinkEvaluator.segmentAucs(p, labels, coldSegments(data)));
    m.put("seconds", (System.nanoTime() - t0) / 1e9);
    return m;
  }

  /**
   * For data with {@code user} and {@code item} columns: the rows of users the transforms never saw
   * in training ({@code cold_users}: the out-of-vocabulary row), likewise items, and the rows where
   * both were seen ({@code known}); empty otherwise. The same segments as a link model's.
   */
  static Map<String, boolean[]> coldSegments(CtrDataset data) {
    java.util.List<String> names = data.categoricalNames();
    int u = names.indexOf("user");
    int i = names.indexOf("item");
    if (u < 0 || i < 0 || data.rows() > Integer.MAX_VALUE) {
      return Map.of();
    }
    int n = (int) data.rows();
    boolean[] cu = new boolean[n];
    boolean[] ci = new boolean[n];
    boolean[] known = new boolean[n];
    for (int r = 0; r < n; r++) {
      cu[r] = data.categorical(r, u) == org.recsys4j.data.ctr.CategoricalEncoder.OOV;
      ci[r] = data.categorical(r, i) == org.recsys4j.data.ctr.CategoricalEncoder.OOV;
      known[r] = !cu[r] && !ci[r];
    }
    boolean any = false;
    for (int r = 0; r < n && !any; r++) {
      any = cu[r] || ci[r];
    }
    if (!any) {
      return Map.of();
    }
    Map<String, boolean[]> m = new LinkedHashMap<>();
    m.put("cold_users", cu);
    m.put("cold_items", ci);
    m.put("known", known);
    return m;
  }

  /**
   * Scores raw rows through fitted transforms (as {@code predict} does), calling {@code sink} with
   * each batch's probabilities and labels in row order.
   */
  public static long score(
      Scorer model, CtrTransforms tr, RowSource rows, int batchSize, Parallel par, BatchSink sink) {
    CtrBatch batch =
        new CtrBatch(batchSize, tr.denseCount(), tr.categoricalCount(), tr.multiHotCount());
    float[] dense = new float[tr.denseCount()];
    int[] cat = new int[tr.categoricalCount()];
    int[][] multi = new int[tr.multiHotCount()][];
    Tape tape = new Tape(par);
    float[] z = new float[batchSize];
    long[] done = {0};
    int[] fill = {0};
    Runnable flush =
        () -> {
          if (fill[0] == 0) {
            return;
          }
          batch.setSize(fill[0]);
          model.logits(tape, batch, z);
          float[] p = new float[fill[0]];
          for (int i = 0; i < p.length; i++) {
            p[i] = (float) Activations.sigmoid(z[i]);
          }
          sink.accept(p, java.util.Arrays.copyOf(batch.labels, fill[0]));
          done[0] += fill[0];
          fill[0] = 0;
        };
    rows.read(
        row -> {
          tr.apply(row, dense, cat, multi);
          int i = fill[0];
          batch.labels[i] = row.label;
          System.arraycopy(dense, 0, batch.dense, i * dense.length, dense.length);
          System.arraycopy(cat, 0, batch.cat, i * cat.length, cat.length);
          for (int k = 0; k < multi.length; k++) {
            int at = batch.multiOffsets[k][i];
            batch.ensureMultiIds(k, at + multi[k].length);
            System.arraycopy(multi[k], 0, batch.multiIds[k], at, multi[k].length);
            batch.multiOffsets[k][i + 1] = at + multi[k].length;
          }
          fill[0]++;
          if (fill[0] == batchSize) {
            flush.run();
          }
        });
    flush.run();
    return done[0];
  }

  /** Receives scored batches: probabilities and labels (NaN when the rows have none). */
  public interface BatchSink {
    void accept(float[] probabilities, float[] labels);
  }

  /** The metrics of {@code model} on raw labelled rows, through the bundle's transforms. */
  public static Map<String, Double> evaluate(
      Scorer model, CtrTransforms tr, RowSource rows, Parallel par) {
    long t0 = System.nanoTime();
    java.util.List<float[]> ps = new java.util.ArrayList<>();
    java.util.List<float[]> ls = new java.util.ArrayList<>();
    long n =
        score(
            model,
            tr,
            rows,
            BATCH,
            par,
            (p, l) -> {
              ps.add(p);
              ls.add(l);
            });
    float[] p = new float[(int) n];
    float[] l = new float[(int) n];
    int at = 0;
    for (int i = 0; i < ps.size(); i++) {
      System.arraycopy(ps.get(i), 0, p, at, ps.get(i).length);
      System.arraycopy(ls.get(i), 0, l, at, ls.get(i).length);
      at += ps.get(i).length;
    }
    Map<String, Double> m = new LinkedHashMap<>(CtrMetrics.compute(p, l, p.length));
    m.put("seconds", (System.nanoTime() - t0) / 1e9);
    return m;
  }
}
