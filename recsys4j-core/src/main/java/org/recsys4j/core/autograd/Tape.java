package org.recsys4j.core.autograd;

import java.util.ArrayList;
import java.util.List;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.Tensor;
import org.recsys4j.core.nn.EmbeddingTable;
import org.recsys4j.core.nn.Parameter;

/**
 * Records the backward closures of one forward pass and replays them in reverse. A tape is used for
 * one step; {@link #reset()} clears it for the next. Ops that can split work over threads use
 * {@link #parallel()}.
 *
 * <p>A recycling tape ({@link #recycling()}) also owns the arrays of its op outputs and activation
 * gradients and reuses them after {@link #reset()} (see {@link TensorArena}): what a step computed
 * is then valid only until the next reset, so only training loops that read their loss before
 * resetting should ask for one.
 */
public final class Tape {
  private final List<Runnable> backward = new ArrayList<>();
  private final Parallel parallel;
  private final GradientShard shard;
  private final TensorArena arena;

  public Tape() {
    this(Parallel.serial());
  }

  public Tape(Parallel parallel) {
    this(parallel, null);
  }

  /**
   * A tape for one data-parallel worker: parameter gradients go to {@code shard} (null: into the
   * parameters themselves), see {@link GradientShard}.
   */
  public Tape(Parallel parallel, GradientShard shard) {
    this(parallel, shard, false);
  }

  private Tape(Parallel parallel, GradientShard shard, boolean recycle) {
    this.parallel = parallel;
    this.shard = shard;
    this.arena = recycle ? new TensorArena() : null;
  }

  /** This tape's settings on a tape that recycles its arrays at every {@link #reset()}. */
  public Tape recycling() {
    return new Tape(parallel, shard, true);
  }

  /**
   * A zero tensor for an op's output or a temporary of its backward: from the arena on a recycling
   * tape (valid until {@link #reset()}), a new array otherwise.
   */
  public Tensor zeros(int... shape) {
    return arena == null ? Tensor.zeros(shape) : arena.zeros(shape);
  }

  /** A copy of {@code t} (same shape), from the arena on a recycling tape. */
  public Tensor copy(Tensor t) {
    Tensor c = zeros(t.shape());
    System.arraycopy(t.data(), t.offset(), c.data(), 0, t.size());
    return c;
  }

  /** Arrays this tape keeps for reuse after a reset (0 unless recycling; for tests). */
  int arenaFree() {
    return arena == null ? 0 : arena.free();
  }

  /** Arrays this tape has handed out since its last reset (0 unless recycling; for tests). */
  int arenaInUse() {
    return arena == null ? 0 : arena.inUse();
  }

  public Parallel parallel() {
    return parallel;
  }

  /** A value that needs no gradient. */
  public Variable constant(Tensor t) {
    return new Variable(t, null, false);
  }

  /** A leaf whose gradient is kept (for inputs in gradient checks). */
  public Variable leaf(Tensor t) {
    return new Variable(t, null, true);
  }

  /** A dense parameter; backward accumulates into {@link Parameter#grad()}. */
  public Variable param(Parameter p) {
    return new Variable(p.value(), shard == null ? p.grad() : shard.gradOf(p), true);
  }

  /**
   * Adds gradient rows {@code g[gOff + i*dim ...]} for {@code ids[idOff + i]} to {@code table}'s
   * gradient, or to this tape's shard. Sparse ops call this from their backward pass.
   */
  public void accumulateRows(
      EmbeddingTable table, int[] ids, int idOff, int n, float[] g, int gOff) {
    if (shard == null) {
      table.accumulateGrad(ids, idOff, n, g, gOff, parallel);
    } else {
      shard.addRows(table, ids, idOff, n, g, gOff);
    }
  }

  /**
   * True when {@link #accumulateRows} adds straight into the tables (no shard), so that an op may
   * add the rows of different tables from different threads.
   */
  public boolean rowsGoToTables() {
    return shard == null;
  }

  /**
   * An op output; {@code requiresGrad} if any input needs a gradient. Public so that fused ops in
   * model packages (graph propagation, interactions) can join the tape.
   */
  public Variable output(Tensor value, boolean requiresGrad) {
    return new Variable(value, null, requiresGrad, this);
  }

  /** Records a backward step; ops call this only when the output requires a gradient. */
  public void record(Runnable step) {
    backward.add(step);
  }

  /** Seeds d(loss)/d(loss) = 1 and runs the recorded steps in reverse. */
  public void backward(Variable loss) {
    if (loss.value().size() != 1) {
      throw new IllegalArgumentException("backward() needs a scalar loss, got " + loss.value());
    }
    if (!loss.requiresGrad()) {
      throw new IllegalStateException(
          "the loss does not depend on any parameter: did the forward pass use the tape's params?");
    }
    loss.grad().set(0, 1f);
    for (int i = backward.size() - 1; i >= 0; i--) {
      backward.get(i).run();
    }
  }

  /** Forgets the recorded steps; a recycling tape also takes back every array it handed out. */
  public void reset() {
    backward.clear();
    if (arena != null) {
      arena.releaseAll();
    }
  }
}
