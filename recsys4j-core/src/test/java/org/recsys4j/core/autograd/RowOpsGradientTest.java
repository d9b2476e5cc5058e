package org.recsys4j.core.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.recsys4j.core.autograd.GradientCheck.check;
import static org.recsys4j.core.autograd.GradientCheck.random;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.Rng;
import org.recsys4j.core.Tensor;

class RowOpsGradientTest {

  @Test
  void l2NormalizeGradient() {
    Rng r = new Rng(11);
    check("l2Normalize", 1, (t, v) -> RowOps.l2Normalize(t, v[0]), random(r, 5, 7));
  }

  @Test
  void l2NormalizeGivesUnitRowsAndLeavesZeroRowsZero() {
    Tape tape = new Tape();
    Tensor x = Tensor.of(new float[] {3, 4, 0, 0}, 2, 2);
    Tensor y = RowOps.l2Normalize(tape, tape.constant(x)).value();
    assertThat(y.data()).containsExactly(0.6f, 0.8f, 0f, 0f);
  }

  @Test
  void dropoutGradientWithAFixedMask() {
    Rng r = new Rng(12);
    check(
        "dropout",
        2,
        (t, v) -> RowOps.dropout(t, v[0], 0.3f, new Rng(99)), // the same mask at every call
        random(r, 6, 5));
  }

  @Test
  void dropoutKeepsTheExpectationAndZeroIsIdentity() {
    Tape tape = new Tape();
    Tensor ones = Tensor.zeros(100_000);
    java.util.Arrays.fill(ones.data(), 1f);
    Variable x = tape.constant(ones);
    Tensor y = RowOps.dropout(tape, x, 0.25f, new Rng(3)).value();
    double mean = 0;
    int zeros = 0;
    for (int i = 0; i < y.size(); i++) {
      mean += y.get(i);
      zeros += y.get(i) == 0 ? 1 : 0;
    }
    assertThat(mean / y.size()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
    assertThat(zeros / 100_000.0).isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.01));
    assertThat(RowOps.dropout(tape, x, 0f, new Rng(3))).isSameAs(x);
    assertThatThrownBy(() -> RowOps.dropout(tape, x, 1f, new Rng(3)))
        .hasMessageContaining("[0, 1)");
  }

  @Test
  void addRowsAtGradient() {
    Rng r = new Rng(13);
    check(
        "addRowsAt leading",
        3,
        (t, v) -> RowOps.addRowsAt(t, v[0], v[1], null),
        random(r, 6, 4),
        random(r, 3, 4));
    check(
        "addRowsAt scattered",
        4,
        (t, v) -> RowOps.addRowsAt(t, v[0], v[1], new int[] {5, 1, 3}),
        random(r, 6, 4),
        random(r, 3, 4));
  }
}
