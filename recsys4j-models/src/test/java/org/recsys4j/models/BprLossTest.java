package org.recsys4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.Rng;
import org.recsys4j.core.Tensor;
import org.recsys4j.core.autograd.Sparse;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;

/**
 * The position-indexed many-negative BPR equals the gathered-row form; distinct rows are found
 * exactly.
 */
class BprLossTest {
  private final long seed = Long.getLong("test.seed", 17L);

  @Test
  void indexedMultiNegativeEqualsTheGatheredFormInValueAndGradient() {
    Rng r = new Rng(seed);
    int nodes = 40;
    int d = 8;
    int b = 30;
    int g = 5;
    float[] fin = new float[nodes * d];
    float[] ego = new float[nodes * d];
    for (int i = 0; i < fin.length; i++) {
      fin[i] = (float) r.nextGaussian();
      ego[i] = (float) r.nextGaussian();
    }
    int[] rows = new int[2 * b + b * g];
    for (int i = 0; i < rows.length; i++) {
      rows[i] =
          i < b
              ? r.nextInt(10)
              : 10 + r.nextInt(nodes - 10); // users 0-9, items 10-39, with repeats
    }
    // gathered: every entry its own row
    Tape t1 = new Tape();
    Variable f1 = t1.leaf(Tensor.of(fin.clone(), nodes, d));
    Variable e1 = t1.leaf(Tensor.of(ego.clone(), nodes, d));
    Variable fr = Sparse.gatherRows(t1, f1, rows);
    Variable er = Sparse.gatherRows(t1, e1, rows);
    Variable gathered =
        BprLoss.multiNegative(
            t1,
            slice(t1, fr, 0, b),
            slice(t1, fr, b, 2 * b),
            slice(t1, fr, 2 * b, rows.length),
            g,
            slice(t1, er, 0, b),
            slice(t1, er, b, 2 * b),
            slice(t1, er, 2 * b, rows.length),
            0.3f);
    t1.backward(gathered);
    // indexed: distinct rows once, entries by position
    Tape t2 = new Tape();
    Variable f2 = t2.leaf(Tensor.of(fin.clone(), nodes, d));
    Variable e2 = t2.leaf(Tensor.of(ego.clone(), nodes, d));
    int[] pos = new int[rows.length];
    int[] distinct = new DistinctRows(nodes).of(rows, pos);
    Variable indexed =
        BprLoss.multiNegativeIndexed(
            t2,
            Sparse.gatherRows(t2, f2, distinct),
            Sparse.gatherRows(t2, e2, distinct),
            java.util.Arrays.copyOfRange(pos, 0, b),
            java.util.Arrays.copyOfRange(pos, b, 2 * b),
            java.util.Arrays.copyOfRange(pos, 2 * b, rows.length),
            g,
            0.3f);
    t2.backward(indexed);
    assertThat(indexed.item())
        .isCloseTo(gathered.item(), offset(1e-5f * Math.abs(gathered.item())));
    float[] gf1 = f1.grad().toArray();
    float[] gf2 = f2.grad().toArray();
    float[] ge1 = e1.grad().toArray();
    float[] ge2 = e2.grad().toArray();
    for (int i = 0; i < gf1.length; i++) {
      assertThat(gf2[i]).as("dF[%d]", i).isCloseTo(gf1[i], offset(1e-6f));
      assertThat(ge2[i]).as("dE0[%d]", i).isCloseTo(ge1[i], offset(1e-6f));
    }
  }

  private static Variable slice(Tape t, Variable v, int from, int to) {
    return org.recsys4j.core.autograd.Dense.sliceRows(t, v, from, to);
  }

  @Test
  void distinctRowsKeepFirstAppearanceOrderAndRejectBadIdsCleanly() {
    DistinctRows dr = new DistinctRows(10);
    int[] pos = new int[6];
    assertThat(dr.of(new int[] {7, 2, 7, 9, 2, 0}, pos)).containsExactly(7, 2, 9, 0);
    assertThat(pos).containsExactly(0, 1, 0, 2, 1, 3);
    assertThatThrownBy(() -> dr.of(new int[] {3, 10}, new int[2]))
        .hasMessageContaining("id 10 at 1 outside [0, 10)");
    assertThat(dr.of(new int[] {3, 3}, pos))
        .containsExactly(3); // scratch left clean by the rejected call
    assertThat(pos[0]).isZero();
  }
}
