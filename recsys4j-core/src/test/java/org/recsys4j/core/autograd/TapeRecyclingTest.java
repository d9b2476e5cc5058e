package org.recsys4j.core.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.Rng;
import org.recsys4j.core.Tensor;
import org.recsys4j.core.nn.Parameter;

class TapeRecyclingTest {
  private static Tensor random(Rng rng, int... shape) {
    Tensor t = Tensor.zeros(shape);
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = (float) rng.nextGaussian();
    }
    return t;
  }

  /** A small DLRM-like graph: ReLU layer, concat, pairwise dots, scaled BCE; returns the loss. */
  private static float step(Tape tape, Parameter w, Parameter b, Tensor x, float[] labels) {
    tape.reset();
    Variable h = Dense.affineRelu(tape, tape.constant(x), tape.param(w), tape.param(b));
    Variable t = Dense.concat(tape, h, tape.constant(x), h);
    Variable dots = FeatureInteractions.pairwiseDots(tape, t, 3);
    Variable logits =
        Dense.affine(
            tape,
            dots,
            tape.constant(Tensor.of(new float[] {1f, -0.5f, 0.25f}, 3, 1)),
            tape.constant(Tensor.zeros(1)));
    Variable loss = Dense.scale(tape, Losses.bceWithLogitsMean(tape, logits, labels), 0.5f);
    tape.backward(loss);
    return loss.item();
  }

  @Test
  void recyclingTapeGivesTheSameLossesAndGradientsStepAfterStep() {
    Rng rng = Rng.derive(7, 1);
    Parameter w1 = new Parameter("w", random(rng, 4, 4));
    Parameter b1 = new Parameter("b", random(rng, 4));
    Parameter w2 = new Parameter("w", w1.value().copy());
    Parameter b2 = new Parameter("b", b1.value().copy());
    Tape plain = new Tape(Parallel.serial());
    Tape recycling = plain.recycling();
    for (int s = 0; s < 4; s++) {
      Tensor x = random(rng, 6, 4);
      float[] labels = {1, 0, 1, 1, 0, 0};
      float a = step(plain, w1, b1, x, labels);
      float c = step(recycling, w2, b2, x, labels);
      assertThat(c).isEqualTo(a);
      assertThat(w2.grad().data()).containsExactly(w1.grad().data());
      assertThat(b2.grad().data()).containsExactly(b1.grad().data());
      w1.zeroGrad();
      b1.zeroGrad();
      w2.zeroGrad();
      b2.zeroGrad();
    }
    assertThat(plain.arenaInUse()).isZero();
    assertThat(recycling.arenaInUse()).isPositive();
  }

  @Test
  void arraysComeBackZeroedAfterReset() {
    Tape tape = new Tape().recycling();
    Tensor first = tape.zeros(3, 5);
    first.data()[7] = 42f;
    float[] array = first.data();
    tape.reset();
    assertThat(tape.arenaInUse()).isZero();
    Tensor again = tape.zeros(5, 3);
    assertThat(again.data()).isSameAs(array); // same length: the array is reused
    assertThat(again.data()).containsOnly(0f);
    assertThat(tape.zeros(15).data()).isNotSameAs(array); // still in use: a new one
  }

  @Test
  void stepsWhoseShapesChangeDoNotPileUpArrays() {
    Tape tape = new Tape().recycling();
    for (int step = 1; step <= 50; step++) {
      tape.zeros(step, 3);
      tape.zeros(step + 100);
      tape.reset();
      // only the arrays of the step just finished wait for reuse
      org.assertj.core.api.Assertions.assertThat(tape.arenaFree()).isEqualTo(2);
    }
    tape.zeros(50, 3); // the same shape again: reused, not new
    tape.reset();
    org.assertj.core.api.Assertions.assertThat(tape.arenaFree()).isEqualTo(1);
  }
}
