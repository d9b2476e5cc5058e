package org.recsys4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class RankingMetricsTest {
  @Test
  void handComputedCase() {
    // ranked: 5 9 2 7 1; test = {2, 5, 8}: hits at ranks 1 and 3
    int[] ranked = {5, 9, 2, 7, 1};
    int[] test = {2, 5, 8};
    int[] ks = {1, 3, 5};
    double[] out = new double[5 * 3];
    RankingMetrics.compute(ranked, 5, test, 0, 3, ks, out, 0);
    double l2 = Math.log(2);
    double dcg3 = 1 + 1 / (Math.log(4) / l2);
    double idcg3 = 1 + 1 / (Math.log(3) / l2) + 1 / (Math.log(4) / l2);
    assertThat(out[0]).isCloseTo(1.0 / 3, offset(1e-12)); // recall@1
    assertThat(out[1]).isCloseTo(2.0 / 3, offset(1e-12)); // recall@3
    assertThat(out[3 + 1]).isCloseTo(2.0 / 3, offset(1e-12)); // precision@3
    assertThat(out[3 + 2]).isCloseTo(2.0 / 5, offset(1e-12)); // precision@5
    assertThat(out[6]).isCloseTo(1.0, offset(1e-12)); // ndcg@1
    assertThat(out[7]).isCloseTo(dcg3 / idcg3, offset(1e-12)); // ndcg@3
    assertThat(out[8]).isCloseTo(dcg3 / idcg3, offset(1e-12)); // ndcg@5: ideal still has 3 hits
    assertThat(out[9]).isEqualTo(1.0); // hit@1
    assertThat(out[12]).isEqualTo(1.0); // mrr@1
  }

  @Test
  void mrrAndNdcgWhenFirstHitIsLate() {
    int[] ranked = {4, 3, 2};
    double[] out = new double[5];
    RankingMetrics.compute(ranked, 3, new int[] {2}, 0, 1, new int[] {3}, out, 0);
    assertThat(out[4]).isCloseTo(1.0 / 3, offset(1e-12));
    assertThat(out[2]).isCloseTo(1 / (Math.log(4) / Math.log(2)), offset(1e-12));
  }

  @Test
  void badKsAreRejected() {
    assertThatThrownBy(() -> RankingMetrics.checkKs(new int[] {20, 0}))
        .hasMessageContaining("positive and distinct");
    assertThatThrownBy(() -> RankingMetrics.checkKs(new int[] {}))
        .hasMessageContaining("at least one cut-off");
  }
}
