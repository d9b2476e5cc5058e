package org.recsys4j.core.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.recsys4j.core.Tensor;

/**
 * The arrays of a recycling {@link Tape}: op outputs and activation gradients are taken from here
 * and all given back at {@link Tape#reset()}, so a training loop that runs the same graph every
 * step allocates nothing after its first step.
 *
 * <p>Why: a fresh JVM array is new memory from the allocation buffer, never in cache, zeroed on the
 * way in; a step of DLRM at batch 128 allocates a few megabytes of them, and their allocation and
 * zeroing were 7% of the step's samples (JFR, two threads). A recycled array was touched in the
 * previous step and is usually still in the L2 or L3 cache. Arrays are matched by exact length,
 * which is what a repeating graph asks for, and handed out zeroed, as {@link Tensor#zeros} does.
 */
final class TensorArena {
  private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
  private final List<float[]> inUse = new ArrayList<>();

  /**
   * A zeroed tensor of {@code shape} whose array returns here at the next {@link #releaseAll()}.
   */
  Tensor zeros(int... shape) {
    long n = 1;
    for (int s : shape) {
      n *= s;
    }
    if (n > Integer.MAX_VALUE || n < 0) {
      return Tensor.zeros(shape); // its own message for impossible shapes
    }
    ArrayDeque<float[]> q = free.get((int) n);
    float[] a = q == null ? null : q.pollLast();
    if (a == null) {
      a = new float[(int) n];
    } else {
      Arrays.fill(a, 0f);
    }
    inUse.add(a);
    return Tensor.of(a, shape);
  }

  /**
   * Makes every array handed out so far available again; tensors over them must no longer be read.
   * Arrays that stayed free through the whole step are dropped: a graph whose shapes change from
   * step to step (sampled subgraphs) would otherwise keep one array of every size it ever asked
   * for.
   */
  void releaseAll() {
    free.clear();
    for (float[] a : inUse) {
      free.computeIfAbsent(a.length, k -> new ArrayDeque<>()).addLast(a);
    }
    inUse.clear();
  }

  /** Arrays waiting to be handed out again (for tests). */
  int free() {
    int n = 0;
    for (ArrayDeque<float[]> q : free.values()) {
      n += q.size();
    }
    return n;
  }

  /** Arrays currently handed out (for tests). */
  int inUse() {
    return inUse.size();
  }
}
