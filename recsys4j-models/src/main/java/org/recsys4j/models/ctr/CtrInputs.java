package org.recsys4j.models.ctr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.recsys4j.core.Rng;
import org.recsys4j.core.Tensor;
import org.recsys4j.core.autograd.Dense;
import org.recsys4j.core.autograd.Reductions;
import org.recsys4j.core.autograd.Sparse;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.core.io.SafeTensors;
import org.recsys4j.core.nn.EmbeddingTable;
import org.recsys4j.core.nn.Parameter;
import org.recsys4j.core.nn.ParameterSet;
import org.recsys4j.data.ctr.CtrBatch;

/**
 * The input side every CTR model shares: one embedding table per categorical column and per
 * multi-hot column (pooled as a bag), the dense features as a {@code [B, nd]} input, and, for the
 * models with a linear part, first-order weights (a one-column table per field, a dense weight
 * vector and a bias). Tables get sparse row gradients: a step touches only its batch's rows.
 */
public final class CtrInputs {
  private final int denseCount;
  private final int dim;
  private final EmbeddingTable[] tables;
  private final EmbeddingTable[] bags;
  private final boolean bagMean;
  private final EmbeddingTable[] firstTables;
  private final EmbeddingTable[] firstBags;
  private final Parameter denseWeight;
  private final Parameter bias;
  private final int catCount;
  private List<org.recsys4j.models.ModelInputs.Tuned> tuned = List.of();
  private EmbeddingTable[] tunedTables = new EmbeddingTable[0];

  /**
   * @param dlrmInit initialise tables as the DLRM reference does, U(-1/sqrt(rows), 1/sqrt(rows));
   *     otherwise N(0, initStd^2)
   * @param firstOrder also create the linear part
   */
  public CtrInputs(
      ParameterSet params,
      CtrConfig c,
      int denseCount,
      int[] cardinalities,
      int[] bagCardinalities,
      Rng rng,
      boolean dlrmInit,
      boolean firstOrder) {
    this(params, c, denseCount, cardinalities, bagCardinalities, rng, dlrmInit, firstOrder, true);
  }

  /**
   * As above; without {@code fieldEmbeddings} only the linear part exists (logistic regression,
   * which reads no embedding and should not hold tables of {@code dim} columns it never trains).
   */
  public CtrInputs(
      ParameterSet params,
      CtrConfig c,
      int denseCount,
      int[] cardinalities,
      int[] bagCardinalities,
      Rng rng,
      boolean dlrmInit,
      boolean firstOrder,
      boolean fieldEmbeddings) {
    this.denseCount = denseCount;
    this.catCount = cardinalities.length;
    this.dim = c.dim();
    this.bagMean = c.bagMean();
    this.tables = new EmbeddingTable[fieldEmbeddings ? cardinalities.length : 0];
    for (int f = 0; f < tables.length; f++) {
      tables[f] =
          params.add(
              init(
                  new EmbeddingTable("emb." + f, cardinalities[f], dim),
                  rng,
                  dlrmInit,
                  c.initStd()));
    }
    this.bags = new EmbeddingTable[fieldEmbeddings ? bagCardinalities.length : 0];
    for (int f = 0; f < bags.length; f++) {
      bags[f] =
          params.add(
              init(
                  new EmbeddingTable("bag." + f, bagCardinalities[f], dim),
                  rng,
                  dlrmInit,
                  c.initStd()));
    }
    if (firstOrder) {
      firstTables = new EmbeddingTable[cardinalities.length];
      for (int f = 0; f < firstTables.length; f++) {
        firstTables[f] =
            params.add(new EmbeddingTable("linear.emb." + f, cardinalities[f], 1)); // zeros
      }
      firstBags = new EmbeddingTable[bagCardinalities.length];
      for (int f = 0; f < firstBags.length; f++) {
        firstBags[f] = params.add(new EmbeddingTable("linear.bag." + f, bagCardinalities[f], 1));
      }
      denseWeight =
          params.add(new Parameter("linear.dense", Tensor.zeros(Math.max(1, denseCount), 1)));
      bias = params.add(new Parameter("linear.bias", Tensor.zeros(1)));
    } else {
      firstTables = null;
      firstBags = null;
      denseWeight = null;
      bias = null;
    }
  }

  private static EmbeddingTable init(EmbeddingTable t, Rng rng, boolean dlrm, float std) {
    return dlrm ? t.initUniform(rng, Math.sqrt(1.0 / t.rows())) : t.initNormal(rng, std);
  }

  public int dim() {
    return dim;
  }

  public int denseCount() {
    return denseCount;
  }

  /** Embedded fields: categorical columns, then multi-hot columns. */
  public int fieldCount() {
    return tables.length + bags.length;
  }

  /**
   * Fine-tunes the dense blocks {@code blocks} (joined node embeddings) per id of their categorical
   * column: one table per block, {@code tune.<k>}, of a zero row per id, whose row for the batch's
   * id is added to the block. Starting at zero, the model begins from the joined vectors exactly
   * and learns how far to move each id's vector, as a table initialised with them would; the joined
   * vectors themselves stay in the data (they change with the export a row joins), the learned
   * corrections are weights of the model. Call once, right after construction.
   */
  public void fineTune(
      ParameterSet params,
      List<org.recsys4j.models.ModelInputs.Tuned> blocks,
      int[] cardinalities) {
    if (!tuned.isEmpty()) {
      throw new IllegalStateException("fine-tuned blocks are already set");
    }
    List<org.recsys4j.models.ModelInputs.Tuned> sorted = new ArrayList<>(blocks);
    sorted.sort(
        java.util.Comparator.comparingInt(org.recsys4j.models.ModelInputs.Tuned::denseFrom));
    for (int k = 1; k < sorted.size(); k++) {
      org.recsys4j.models.ModelInputs.Tuned a = sorted.get(k - 1);
      if (a.denseFrom() + a.width() > sorted.get(k).denseFrom()) {
        throw new IllegalArgumentException("fine-tuned dense blocks overlap: " + sorted);
      }
    }
    tunedTables = new EmbeddingTable[sorted.size()];
    for (int k = 0; k < tunedTables.length; k++) {
      org.recsys4j.models.ModelInputs.Tuned t = sorted.get(k);
      tunedTables[k] =
          params.add(new EmbeddingTable("tune." + k, cardinalities[t.column()], t.width()));
    }
    tuned = List.copyOf(sorted);
  }

  /**
   * The batch's dense features {@code [B, nd]}: a constant, plus the learned per-id corrections of
   * fine-tuned blocks ({@link #fineTune}).
   */
  public Variable dense(Tape tape, CtrBatch batch) {
    int b = batch.size();
    if (tuned.isEmpty()) {
      return tape.constant(Tensor.of(Arrays.copyOf(batch.dense, b * denseCount), b, denseCount));
    }
    List<Variable> parts = new ArrayList<>();
    int at = 0;
    for (int k = 0; k < tuned.size(); k++) {
      org.recsys4j.models.ModelInputs.Tuned t = tuned.get(k);
      if (t.denseFrom() > at) {
        parts.add(denseColumns(tape, batch, at, t.denseFrom()));
      }
      int[] ids = new int[b];
      for (int r = 0; r < b; r++) {
        ids[r] = batch.cat[r * catCount + t.column()];
      }
      Variable joined = denseColumns(tape, batch, t.denseFrom(), t.denseFrom() + t.width());
      parts.add(Dense.add(tape, joined, Sparse.embedding(tape, tunedTables[k], ids)));
      at = t.denseFrom() + t.width();
    }
    if (at < denseCount) {
      parts.add(denseColumns(tape, batch, at, denseCount));
    }
    return parts.size() == 1 ? parts.get(0) : Dense.concat(tape, parts.toArray(new Variable[0]));
  }

  /** Dense columns {@code [from, to)} of the batch, a constant {@code [B, to - from]}. */
  private Variable denseColumns(Tape tape, CtrBatch batch, int from, int to) {
    int b = batch.size();
    int w = to - from;
    float[] v = new float[b * w];
    for (int r = 0; r < b; r++) {
      System.arraycopy(batch.dense, r * denseCount + from, v, r * w, w);
    }
    return tape.constant(Tensor.of(v, b, w));
  }

  /** All embedded fields side by side, {@code [B, fieldCount * dim]}. */
  public Variable fields(Tape tape, CtrBatch batch) {
    int b = batch.size();
    List<Variable> parts = new ArrayList<>();
    if (tables.length > 0) {
      parts.add(Sparse.embeddingFields(tape, tables, batch.cat, b));
    }
    for (int f = 0; f < bags.length; f++) {
      parts.add(
          Sparse.embeddingBag(tape, bags[f], batch.multiOffsets[f], batch.multiIds[f], b, bagMean));
    }
    if (parts.isEmpty()) {
      throw new IllegalStateException("no categorical or multi-hot fields to embed");
    }
    return parts.size() == 1 ? parts.get(0) : Dense.concat(tape, parts.toArray(new Variable[0]));
  }

  /** The linear part {@code bias + sum_f w[f, id_f] + <w_dense, x>}, {@code [B, 1]}. */
  public Variable firstOrder(Tape tape, CtrBatch batch) {
    if (firstTables == null) {
      throw new IllegalStateException("this model was built without a linear part");
    }
    int b = batch.size();
    Variable sum = null;
    if (firstTables.length > 0) {
      Variable w = Sparse.embeddingFields(tape, firstTables, batch.cat, b);
      sum = Dense.matmul(tape, w, false, tape.constant(ones(firstTables.length)), false);
    }
    for (int f = 0; f < firstBags.length; f++) {
      Variable w =
          Sparse.embeddingBag(
              tape, firstBags[f], batch.multiOffsets[f], batch.multiIds[f], b, bagMean);
      sum = sum == null ? w : Dense.add(tape, sum, w);
    }
    if (denseCount > 0) {
      Variable lin = Dense.matmul(tape, dense(tape, batch), false, tape.param(denseWeight), false);
      sum = sum == null ? lin : Dense.add(tape, sum, lin);
    }
    return Dense.addBias(tape, sum, tape.param(bias));
  }

  private static Tensor ones(int n) {
    float[] o = new float[n];
    Arrays.fill(o, 1f);
    return Tensor.of(o, n, 1);
  }

  /** {@code l2 * sum of squares of the batch's embedding rows / B}, or null when l2 = 0. */
  public Variable l2(Tape tape, Variable fields, float l2, int b) {
    return l2 == 0f ? null : Dense.scale(tape, Reductions.sumSquares(tape, fields), l2 / b);
  }

  /** The parameters by name: dense parameters, then tables. */
  static Map<String, SafeTensors.Entry> weightsOf(ParameterSet params) {
    return org.recsys4j.models.Model.weightsOf(params);
  }
}
