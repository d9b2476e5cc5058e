package org.recsys4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WarmupDecayTest {
  /**
   * The reference's formulas written out for one step (1-based), full rate between warmup and
   * decay.
   */
  private static double reference(double lr, long w, long s, long d, long k) {
    if (k < w) {
      return lr * (1.0 - (double) (w - k) / w);
    }
    if (d > 0 && s <= k && k < s + d) {
      return Math.max(1e-7, lr * Math.pow((double) (d - (k - s)) / d, 2));
    }
    if (d > 0 && k >= s + d) {
      return Math.max(1e-7, lr * Math.pow(1.0 / d, 2)); // frozen at the decay's last rate
    }
    return lr;
  }

  @Test
  void matchesTheReferenceFormulasAtEveryStep() {
    WarmupDecay p = new WarmupDecay(10, 30, 50);
    for (long k = 1; k <= 120; k++) {
      assertThat((double) p.at(0.1f, k))
          .as("step %d", k)
          .isCloseTo(reference(0.1, 10, 30, 50, k), within(1e-8));
    }
    assertThat(p.at(0.1f, 1)).isCloseTo(0.01f, within(1e-9f));
    assertThat(p.at(0.1f, 20)).isEqualTo(0.1f);
    assertThat(p.at(0.1f, 30)).isEqualTo(0.1f);
    assertThat(p.at(0.1f, 79)).isCloseTo(0.1f / 2500, within(1e-10f));
    assertThat(p.at(0.1f, 1_000_000)).isEqualTo(p.at(0.1f, 79));
  }

  @Test
  void noneLeavesTheRateAlone() {
    for (long k = 1; k < 1000; k += 37) {
      assertThat(WarmupDecay.NONE.at(0.002f, k)).isEqualTo(0.002f);
    }
  }

  @Test
  void rejectsImpossibleSettings() {
    assertThatThrownBy(() -> new WarmupDecay(100, 50, 10)).hasMessageContaining("lrDecayStartStep");
    assertThatThrownBy(() -> new WarmupDecay(-1, 0, 0)).hasMessageContaining("lrNumWarmupSteps");
    assertThatThrownBy(() -> WarmupDecay.NONE.at(0.1f, 0)).hasMessageContaining("1-based");
  }

  @Test
  void trainingConfigMultipliesEpochDecayAndStepPolicy() {
    TrainingConfig c =
        new TrainingConfig(
            new RunConfig(3, 128, 1, 5),
            new OptimizerConfig("adam", 0.01f),
            new ScheduleConfig(new int[] {2}, 0.5f, new WarmupDecay(0, 10, 10)),
            EvalConfig.every(1));
    assertThat(c.lrAt(0, 5)).isEqualTo(0.01f);
    assertThat(c.lrAt(2, 5)).isEqualTo(0.005f);
    assertThat(c.lrAt(2, 15)).isCloseTo(0.005f * 0.25f, within(1e-9f));
  }
}
