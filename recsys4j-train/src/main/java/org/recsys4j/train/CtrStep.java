package org.recsys4j.train;

import org.recsys4j.core.Parallel;
import org.recsys4j.core.autograd.Dense;
import org.recsys4j.core.autograd.GradientShard;
import org.recsys4j.core.autograd.Losses;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.data.ctr.CtrBatch;
import org.recsys4j.models.ctr.CtrModel;

/**
 * The forward and backward pass of one CTR training step (the caller then runs the optimizer): the
 * loss is binary cross-entropy with logits averaged over the batch, plus the model's regulariser.
 *
 * <p>With more than one thread the step is data-parallel: the batch is cut into one contiguous part
 * per thread, every part runs forward and backward on its own tape, serially, into its own {@link
 * GradientShard}, and the shards are added into the parameters' gradients in part order. Batches
 * larger than {@link #MAX_PART_ROWS} are cut into more parts than threads, also on one thread. Each
 * part's loss is weighted by its share of the batch, so the gradient is the full batch's.
 *
 * <p>Below {@link #MIN_PART_ROWS} rows per thread the step is split the other way: one tape, whose
 * ops split their own work over the threads (the GEMMs of a layer by output columns, so each thread
 * packs half of the weights). Parts that small spend as long on per-part costs as on their rows:
 * every part packs every weight matrix twice and reads and writes a full gradient copy, and the
 * copies must then be added up. DLRM Kaggle, batch 128, two threads, alternating in one JVM: the op
 * split ran 1.18x the data-parallel split (median of seven pairs); at 256 and above the parts were
 * as fast or faster (1.05x at 2048, 1.25x at 512). Results are deterministic for a given thread
 * count; with parts, counts differ from each other only in the order floating-point sums are taken,
 * and with shared ops every count gives the one-thread bits.
 */
public final class CtrStep {
  /**
   * The most rows a part runs forward and backward at once; a larger batch is cut into parts of
   * this size even on one thread, and their gradients add up (the same gradient). {@code bench
   * dlrm-kaggle --batch-size 2048 --threads 1 --part-rows 512,1024,2048 --repeat 4}: 1,024-row
   * parts ran 1.13x unsplit (a step's ~40 MB of activations and gradients overflow a 32 MB L3
   * cache) and 1.16x 512-row parts (medians of alternating repetitions).
   */
  public static final int MAX_PART_ROWS = 1024;

  /**
   * Fewer rows per thread than this and the threads share each op instead of taking a part each.
   */
  public static final int MIN_PART_ROWS = 128;

  private final CtrModel model;
  private final Parallel par;
  private final Tape single;
  private final Tape[] tapes;
  private final GradientShard[] shards;
  private final CtrBatch[] parts;
  private final float[][] sums; // per worker: weighted BCE and total of its parts
  private final int partRows;

  /** The losses of a step: mean BCE, and BCE plus the regulariser (what was differentiated). */
  public record Loss(float bce, float total) {}

  /**
   * @param shape a batch of the data's shape and the step's largest size (parts are sized from it)
   */
  public CtrStep(CtrModel model, Parallel par, CtrBatch shape) {
    this(model, par, shape, MAX_PART_ROWS);
  }

  /**
   * As {@link #CtrStep(CtrModel, Parallel, CtrBatch)} with parts of at most {@code partRows} rows.
   */
  public CtrStep(CtrModel model, Parallel par, CtrBatch shape, int partRows) {
    if (partRows < 1) {
      throw new IllegalArgumentException("part rows must be positive, got " + partRows);
    }
    this.partRows = partRows;
    this.model = model;
    this.par = par;
    int workers = par.threads();
    this.single = new Tape(par).recycling(); // the loss is read before the next reset
    this.tapes = new Tape[workers];
    this.shards = new GradientShard[workers];
    this.parts = new CtrBatch[workers];
    this.sums = new float[workers][2];
    // a part holds at most partRows rows and at most a thread's share of the largest batch
    int capacity = Math.max(1, Math.min(partRows, (shape.capacity() + workers - 1) / workers));
    for (int w = 0; w < workers; w++) {
      // the first buffer also takes the single tape's parts, of up to partRows rows
      int rows = w == 0 ? Math.max(capacity, Math.min(partRows, shape.capacity())) : capacity;
      parts[w] = new CtrBatch(rows, shape.denseCount(), shape.catCount(), shape.multiHotCount());
      if (workers > 1) {
        shards[w] = new GradientShard(model.parameters());
        tapes[w] = new Tape(Parallel.serial(), shards[w]).recycling();
      }
    }
  }

  /** Runs forward and backward on {@code batch}; gradients are left in the model's parameters. */
  public Loss run(CtrBatch batch) {
    int b = batch.size();
    int dataParts = Math.max(Math.min(tapes.length, b), (b + partRows - 1) / partRows);
    boolean shareOps = b / dataParts < MIN_PART_ROWS;
    int partCount = shareOps ? (b + partRows - 1) / partRows : dataParts;
    int workers = shareOps ? 1 : Math.min(tapes.length, partCount);
    if (workers <= 1) { // one tape straight into the parameters (its ops use every thread)
      runParts(single, parts[0], batch, 0, partCount, partCount, sums[0]);
      return new Loss(sums[0][0], sums[0][1]);
    }
    par.forRange(
        workers,
        1,
        (c, from, to) -> {
          for (int w = from; w < to; w++) {
            runParts(
                tapes[w],
                parts[w],
                batch,
                partStart(partCount, w, workers),
                partStart(partCount, w + 1, workers),
                partCount,
                sums[w]);
          }
        });
    GradientShard[] used =
        workers == shards.length ? shards : java.util.Arrays.copyOf(shards, workers);
    GradientShard.reduceInto(model.parameters(), used, par);
    float bce = 0;
    float total = 0;
    for (int w = 0; w < workers; w++) {
      bce += sums[w][0];
      total += sums[w][1];
    }
    return new Loss(bce, total);
  }

  /**
   * Parts {@code [from, to)} of {@code batch} cut into {@code partCount}, one after another on
   * {@code tape} (through {@code buffer} unless the batch is one part); their weighted losses go to
   * {@code sum}.
   */
  private void runParts(
      Tape tape, CtrBatch buffer, CtrBatch batch, int from, int to, int partCount, float[] sum) {
    int b = batch.size();
    float[] out = new float[2];
    sum[0] = 0;
    sum[1] = 0;
    for (int p = from; p < to; p++) {
      int lo = partStart(b, p, partCount);
      int hi = partStart(b, p + 1, partCount);
      CtrBatch part = batch;
      if (partCount > 1) {
        buffer.copyRowsFrom(batch, lo, hi - lo);
        part = buffer;
      }
      tape.reset();
      pass(tape, part, (float) (hi - lo) / b, out);
      sum[0] += out[0];
      sum[1] += out[1];
    }
  }

  /** The first of {@code n} items that part {@code p} of {@code parts} starts at. */
  private static int partStart(int n, int p, int parts) {
    return (int) ((long) n * p / parts);
  }

  /**
   * Forward and backward of {@code part}, its loss weighted by {@code weight}; writes the weighted
   * losses.
   */
  private void pass(Tape tape, CtrBatch part, float weight, float[] out) {
    CtrModel.Forward f = model.forward(tape, part, true);
    Variable bce = Losses.bceWithLogitsMean(tape, f.logits(), part.labels);
    Variable loss = f.regularizer() == null ? bce : Dense.add(tape, bce, f.regularizer());
    out[0] = bce.item() * weight;
    out[1] = loss.item() * weight;
    if (!Float.isFinite(out[1])) {
      return; // the caller reports the non-finite loss; its gradient is useless
    }
    tape.backward(weight == 1f ? loss : Dense.scale(tape, loss, weight));
  }
}
