package org.recsys4j.core.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.Tensor;
import org.recsys4j.core.nn.EmbeddingTable;
import org.recsys4j.core.nn.Parameter;
import org.recsys4j.core.nn.ParameterSet;

/**
 * The gradients of one data-parallel worker: its own buffer for every dense parameter and a log of
 * the embedding rows its backward pass produced. A {@link Tape} made with a shard sends gradients
 * here instead of into the parameters, so workers running on parts of one batch never write the
 * same memory; {@link #reduceInto} then adds the shards into the parameters in shard order.
 *
 * <p>Why a log instead of per-worker sparse tables: a table's gradient is deduplicated by row, and
 * replaying the workers' rows in a fixed order through {@link EmbeddingTable#accumulateGrad} gives
 * the same dedup and the same bits for a given number of workers, with no per-worker copy of any
 * table.
 */
public final class GradientShard {
  private final Tensor[] dense;

  /** The row log; entries past {@code logged} are spare buffers kept for the next step. */
  private final List<Rows> rows = new ArrayList<>();

  private int logged;

  /** One logged gradient block; its arrays are reused across steps and grown when too small. */
  private static final class Rows {
    EmbeddingTable table;
    int n;
    int[] ids = new int[0];
    float[] grad = new float[0];
  }

  /** A shard with zeroed buffers for every dense parameter of {@code params}. */
  public GradientShard(ParameterSet params) {
    List<Parameter> ps = params.dense();
    this.dense = new Tensor[ps.size()];
    for (Parameter p : ps) {
      dense[p.slot()] = Tensor.zeros(p.value().shape());
    }
  }

  /** This worker's gradient buffer of {@code p}. */
  Tensor gradOf(Parameter p) {
    if (p.slot() < 0 || p.slot() >= dense.length || dense[p.slot()] == null) {
      throw new IllegalArgumentException(
          "parameter " + p.name() + " is not in this shard's parameter set");
    }
    return dense[p.slot()];
  }

  /**
   * Logs gradient rows {@code g[gOff + i*dim ...]} for {@code ids[idOff + i]}, copying both
   * (callers reuse them).
   */
  void addRows(EmbeddingTable table, int[] ids, int idOff, int n, float[] g, int gOff) {
    if (logged == rows.size()) {
      rows.add(new Rows());
    }
    Rows r = rows.get(logged++);
    int d = table.dim();
    if (r.ids.length < n) {
      r.ids = new int[n];
    }
    if (r.grad.length < n * d) {
      r.grad = new float[n * d];
    }
    r.table = table;
    r.n = n;
    System.arraycopy(ids, idOff, r.ids, 0, n);
    System.arraycopy(g, gOff, r.grad, 0, n * d);
  }

  /**
   * Adds every shard's gradients into the parameters' own, shard by shard in array order, and
   * clears the shards. Dense parameters are split over threads by element range; tables are split
   * over threads by table (each table's rows are replayed on one thread, in shard order).
   */
  public static void reduceInto(ParameterSet params, GradientShard[] shards, Parallel par) {
    for (Parameter p : params.dense()) {
      float[] g = p.grad().data();
      int go = p.grad().offset();
      int slot = p.slot();
      par.forRange(
          p.value().size(),
          1 << 14,
          (c, from, to) -> {
            for (GradientShard s : shards) {
              float[] sg = s.dense[slot].data();
              for (int i = from; i < to; i++) {
                g[go + i] += sg[i];
              }
              Arrays.fill(sg, from, to, 0f);
            }
          });
    }
    List<EmbeddingTable> tables = params.tables();
    par.forRange(
        tables.size(),
        1,
        (c, from, to) -> {
          for (int t = from; t < to; t++) {
            EmbeddingTable table = tables.get(t);
            for (GradientShard s : shards) {
              for (int k = 0; k < s.logged; k++) {
                Rows r = s.rows.get(k);
                if (r.table == table) {
                  table.accumulateGrad(r.ids, 0, r.n, r.grad, 0);
                }
              }
            }
          }
        });
    for (GradientShard s : shards) {
      s.logged = 0;
    }
  }
}
