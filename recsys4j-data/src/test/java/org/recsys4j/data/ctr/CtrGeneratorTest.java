package org.recsys4j.data.ctr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Generated rows are a pure function of (seed, row), ids follow a power law, and the teacher sets
 * the click rate.
 */
class CtrGeneratorTest {
  @Test
  void rowsAreReproducibleIdsInRangeAndHeadHeavy() {
    int[] cards = {3, 50, 1000, 100000};
    CtrGenerator g = new CtrGenerator(CtrGenerator.Kind.SYNTHETIC, 4, cards, 7);
    float[] x = new float[4];
    int[] ids = new int[4];
    double[] t = new double[1];
    int[] headCount = new int[cards.length];
    double clicks = 0;
    double teacherSum = 0;
    int n = 20000;
    for (int r = 0; r < n; r++) {
      clicks += g.row(r, x, ids, t);
      teacherSum += t[0];
      for (int f = 0; f < cards.length; f++) {
        assertThat(ids[f]).isBetween(2, cards[f] - 1);
        headCount[f] += ids[f] == 2 ? 1 : 0;
      }
    }
    // log-uniform ids: the first value row takes a ln 2 / ln(C-1) share (the whole table when C-2 =
    // 1)
    assertThat(headCount[0]).isEqualTo(n);
    double head = Math.log(2) / Math.log(99999);
    assertThat(headCount[3] / (double) n).isBetween(0.85 * head, 1.15 * head);
    assertThat(headCount[2]).isGreaterThan(n / 20);
    // labels follow the teacher: the click rate matches its mean probability
    assertThat(clicks / n).isBetween(teacherSum / n - 0.015, teacherSum / n + 0.015);
    assertThat(clicks / n).isBetween(0.15, 0.5);
    float[] x2 = new float[4];
    int[] ids2 = new int[4];
    float label = new CtrGenerator(CtrGenerator.Kind.SYNTHETIC, 4, cards, 7).row(123, x2, ids2, t);
    float again = g.row(123, x, ids, new double[1]);
    assertThat(again).isEqualTo(label);
    assertThat(x).containsExactly(x2);
    assertThat(ids).containsExactly(ids2);
    assertThatThrownBy(() -> new CtrGenerator(CtrGenerator.Kind.RANDOM, 1, new int[] {2}, 1))
        .hasMessageContaining("at least 3 rows");
    assertThatThrownBy(() -> CtrGenerator.Kind.parse("teacher"))
        .hasMessageContaining("kind must be random or synthetic");
  }

  @Test
  void shrinkageScalesAnIdByItsExpectedCount() {
    int[] cards = {1002, 100002};
    long rows = 1_000_000;
    CtrGenerator g = new CtrGenerator(CtrGenerator.Kind.SYNTHETIC, 2, cards, 7, rows, 500);
    // the head id of the small table: n = rows * ln 2 / ln 1001, far above 500
    double n0 = rows * Math.log(2) / Math.log(1001);
    assertThat(g.shrink(0, 2))
        .isCloseTo(n0 / (n0 + 500), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(g.shrink(0, 2)).isGreaterThan(0.99);
    // the tail of the large table: n = rows * ln(1 + 1/100000) / ln 100001, about 0.87, so almost
    // no signal
    assertThat(g.shrink(1, 100001)).isLessThan(0.002);
    double prev = 1;
    for (int row = 2; row < 100002; row += 997) { // monotone: rarer ids carry less
      assertThat(g.shrink(1, row)).isLessThan(prev);
      prev = g.shrink(1, row);
    }
    assertThat(new CtrGenerator(CtrGenerator.Kind.SYNTHETIC, 2, cards, 7).shrink(1, 100001))
        .isEqualTo(1.0);
    // the teacher's logit of a row of tail ids hardly depends on which tail ids they are
    float[] x = {0f, 0f};
    double a = logitOf(g, x, new int[] {1001, 100001});
    double b = logitOf(g, x, new int[] {1000, 100000});
    assertThat(Math.abs(a - b)).isLessThan(0.01);
    assertThatThrownBy(() -> new CtrGenerator(CtrGenerator.Kind.SYNTHETIC, 2, cards, 7, 0, 500))
        .hasMessageContaining("number of training rows");
    assertThatThrownBy(() -> new CtrGenerator(CtrGenerator.Kind.SYNTHETIC, 2, cards, 7, 10, -1))
        .hasMessageContaining("count >= 0");
  }

  private static double logitOf(CtrGenerator g, float[] x, int[] ids) {
    double p = g.teacherProbability(x, ids);
    return Math.log(p / (1 - p));
  }
}
