package org.recsys4j.core.autograd;

import java.util.ArrayList;
import java.util.List;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.Tensor;
import org.recsys4j.core.nn.EmbeddingTable;
import org.recsys4j.core.nn.Parameter;

/**
 * Records the backward closures of one forward pass and replays them in reverse. A tape is used
 * for one step; {@link #reset()} clears it for the next. Ops that can split work over threads use
 * {@link #parallel()}.
 */
public final class Tape {
  private final List<Runnable> backward = new ArrayList<>();
  private final Parallel parallel;
  private final GradientShard shard;

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
    this.parallel = parallel;
    this.shard = shard;
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
  public void accumulateRows(EmbeddingTable table, int[] ids, int idOff, int n, float[] g, int gOff) {
    if (shard == null) {
      table.accumulateGrad(ids, idOff, n, g, gOff, parallel);
    } else {
      shard.addRows(table, ids, idOff, n, g, gOff);
    }
  }

  /**
   * An op output; {@code requiresGrad} if any input needs a gradient. Public so that fused ops in
   * model packages (graph propagation, interactions) can join the tape.
   */
  public Variable output(Tensor value, boolean requiresGrad) {
    return new Variable(value, null, requiresGrad);
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

  /** Forgets the recorded steps. */
  public void reset() {
    backward.clear();
  }
}
