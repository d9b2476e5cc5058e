package org.recsys4j.core.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.recsys4j.core.autograd.GradientCheck.check;
import static org.recsys4j.core.autograd.GradientCheck.random;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.CsrMatrix;
import org.recsys4j.core.Rng;
import org.recsys4j.core.Tensor;
import org.recsys4j.core.nn.EmbeddingTable;

/** Finite-difference checks of every differentiable op. */
class OpsGradientTest {
  private final long seed = Long.getLong("test.seed", 11L);
  private final Rng r = new Rng(seed);

  @Test
  void matmulAllTransposes() {
    for (int t = 0; t < 4; t++) {
      boolean ta = (t & 1) != 0;
      boolean tb = (t & 2) != 0;
      Tensor a = ta ? random(r, 5, 3) : random(r, 3, 5);
      Tensor b = tb ? random(r, 4, 5) : random(r, 5, 4);
      check(
          "matmul ta=" + ta + " tb=" + tb,
          seed,
          (tp, v) -> Dense.matmul(tp, v[0], ta, v[1], tb),
          a,
          b);
    }
  }

  @Test
  void biasAndElementwise() {
    check(
        "affine",
        seed,
        (tp, v) -> Dense.affine(tp, v[0], v[1], v[2]),
        random(r, 4, 3),
        random(r, 3, 5),
        random(r, 5));
    checkAffineRelu();
    check("addBias", seed, (tp, v) -> Dense.addBias(tp, v[0], v[1]), random(r, 4, 3), random(r, 3));
    check("add", seed, (tp, v) -> Dense.add(tp, v[0], v[1]), random(r, 3, 2), random(r, 3, 2));
    check("sub", seed, (tp, v) -> Dense.sub(tp, v[0], v[1]), random(r, 3, 2), random(r, 3, 2));
    check(
        "linear",
        seed,
        (tp, v) -> Dense.linear(tp, v[0], 0.3f, v[1], -2f),
        random(r, 5),
        random(r, 5));
    check("scale", seed, (tp, v) -> Dense.scale(tp, v[0], -1.7f), random(r, 2, 3));
    check("mul", seed, (tp, v) -> Dense.mul(tp, v[0], v[1]), random(r, 3, 3), random(r, 3, 3));
    check(
        "concat",
        seed,
        (tp, v) -> Dense.concat(tp, v[0], v[1], v[2]),
        random(r, 3, 2),
        random(r, 3, 1),
        random(r, 3, 4));
    check("sliceRows", seed, (tp, v) -> Dense.sliceRows(tp, v[0], 1, 3), random(r, 4, 3));
  }

  /**
   * The fused layer, on inputs whose pre-activations stay clear of ReLU's kink under the probe
   * step.
   */
  private void checkAffineRelu() {
    for (int attempt = 0; ; attempt++) {
      Tensor x = random(r, 4, 3);
      Tensor w = random(r, 3, 5);
      Tensor b = random(r, 5);
      Tape t = new Tape();
      Tensor z = Dense.affine(t, t.constant(x), t.constant(w), t.constant(b)).value();
      boolean clear = true;
      int positive = 0;
      for (int i = 0; i < z.size(); i++) {
        clear &= Math.abs(z.get(i)) > 0.15f;
        positive += z.get(i) > 0 ? 1 : 0;
      }
      if (clear
          && positive > 3
          && positive < z.size() - 3) { // both sides of the kink are exercised
        check("affineRelu", seed, (tp, v) -> Dense.affineRelu(tp, v[0], v[1], v[2]), x, w, b);
        return;
      }
      assertThat(attempt).as("inputs clear of the kink").isLessThan(10_000);
    }
  }

  @Test
  void activations() {
    Tensor x = random(r, 4, 5);
    GradientCheck.avoidKink(r, x, 0.05f);
    check("relu", seed, (tp, v) -> Activations.relu(tp, v[0]), x);
    check("sigmoid", seed, (tp, v) -> Activations.sigmoid(tp, v[0]), random(r, 4, 5));
    check("tanh", seed, (tp, v) -> Activations.tanh(tp, v[0]), random(r, 4, 5));
    check("logSigmoid", seed, (tp, v) -> Activations.logSigmoid(tp, v[0]), random(r, 4, 5));
    check("softplus", seed, (tp, v) -> Activations.softplus(tp, v[0]), random(r, 4, 5));
  }

  @Test
  void stableAtExtremes() {
    Tape tape = new Tape();
    Variable x = tape.constant(Tensor.of(new float[] {-1000f, 1000f}, 2));
    assertThat(Activations.softplus(tape, x).value().toArray()).containsExactly(0f, 1000f);
    assertThat(Activations.logSigmoid(tape, x).value().toArray()).containsExactly(-1000f, -0f);
  }

  @Test
  void reductions() {
    check("sum", seed, (tp, v) -> Reductions.sum(tp, v[0]), random(r, 3, 4));
    check("mean", seed, (tp, v) -> Reductions.mean(tp, v[0]), random(r, 3, 4));
    check("sumSquares", seed, (tp, v) -> Reductions.sumSquares(tp, v[0]), random(r, 3, 4));
    check(
        "rowDot",
        seed,
        (tp, v) -> Reductions.rowDot(tp, v[0], v[1]),
        random(r, 4, 6),
        random(r, 4, 6));
    check(
        "gatherDot",
        seed,
        (tp, v) ->
            Reductions.gatherDot(
                tp, v[0], new int[] {2, 0, 2, 1, 3}, v[1], new int[] {0, 4, 4, 1, 0}),
        random(r, 4, 6),
        random(r, 5, 6));
    check(
        "gatherDot of one variable with itself",
        seed,
        (tp, v) ->
            Reductions.gatherDot(tp, v[0], new int[] {2, 0, 1, 1}, v[0], new int[] {0, 2, 1, 3}),
        random(r, 4, 6));
    check(
        "groupRowDot",
        seed,
        (tp, v) -> Reductions.groupRowDot(tp, v[0], v[1], 3),
        random(r, 4, 5),
        random(r, 12, 5));
    check(
        "weightedSumSquares",
        seed,
        (tp, v) -> Reductions.weightedSumSquares(tp, v[0], new float[] {0.5f, 0f, 3f, 1f}),
        random(r, 4, 3));
    int[] offsets = {0, 2, 2, 5};
    check("segmentSum", seed, (tp, v) -> Reductions.segmentSum(tp, v[0], offsets), random(r, 5, 3));
  }

  @Test
  void indexedGroupRowDotWithRepeatsAndOneSharedTable() {
    int[] aIdx = {2, 0, 2};
    int[] bIdx = {1, 3, 3, 0, 4, 1};
    check(
        "indexed groupRowDot",
        seed,
        (tp, v) -> IndexedDots.groupRowDot(tp, v[0], aIdx, v[1], bIdx, 2),
        random(r, 3, 4),
        random(r, 5, 4));
    // users and items as rows of one node table, as LightGCN scores them
    check(
        "indexed groupRowDot, one table",
        seed,
        (tp, v) -> IndexedDots.groupRowDot(tp, v[0], aIdx, v[0], bIdx, 2),
        random(r, 5, 4));
    // values: the gathered-row form
    Tape tape = new Tape();
    Variable a = tape.leaf(random(r, 3, 4));
    Variable b = tape.leaf(random(r, 5, 4));
    float[] indexed = IndexedDots.groupRowDot(tape, a, aIdx, b, bIdx, 2).value().toArray();
    float[] gathered =
        Reductions.groupRowDot(
                tape, Sparse.gatherRows(tape, a, aIdx), Sparse.gatherRows(tape, b, bIdx), 2)
            .value()
            .toArray();
    assertThat(indexed).containsExactly(gathered);
    assertThatThrownBy(
            () -> IndexedDots.groupRowDot(new Tape(), a, new int[] {3}, b, new int[] {0, 1}, 2))
        .hasMessageContaining("a index 3 at 0 outside [0, 3)");
  }

  @Test
  void ctrInteractionsAndLoss() {
    check(
        "pairwiseDots",
        seed,
        (tp, v) -> FeatureInteractions.pairwiseDots(tp, v[0], 4),
        random(r, 3, 4 * 3));
    check(
        "scaledFields",
        seed,
        (tp, v) -> FeatureInteractions.scaledFields(tp, v[0], v[1]),
        random(r, 3, 2),
        random(r, 2, 4));
    check(
        "fmSecondOrder",
        seed,
        (tp, v) -> FeatureInteractions.fmSecondOrder(tp, v[0], 5),
        random(r, 3, 5 * 2));
    float[] labels = {1f, 0f, 0f, 1f};
    check(
        "bceWithLogitsMean",
        seed,
        (tp, v) -> Losses.bceWithLogitsMean(tp, v[0], labels),
        random(r, 4, 1));
    // values against the definitions
    Tensor x = random(r, 2, 4 * 3);
    Tape tape = new Tape();
    Variable vx = tape.leaf(x);
    float[] dots = FeatureInteractions.pairwiseDots(tape, vx, 4).value().toArray();
    float[] fm = FeatureInteractions.fmSecondOrder(tape, vx, 4).value().toArray();
    for (int b = 0; b < 2; b++) {
      int o = 0;
      double all = 0;
      for (int i = 1; i < 4; i++) {
        for (int j = 0; j < i; j++) {
          double dot = 0;
          for (int t = 0; t < 3; t++) {
            dot += x.get(b, i * 3 + t) * x.get(b, j * 3 + t);
          }
          assertThat((double) dots[b * 6 + o++])
              .as("sample %d pair (%d,%d)", b, i, j)
              .isCloseTo(dot, within(1e-5));
          all += dot;
        }
      }
      assertThat((double) fm[b]).isCloseTo(all, within(1e-5));
    }
    Variable z = tape.leaf(Tensor.of(new float[] {-800f, 0f, 2f, 800f}, 4, 1));
    // softplus(z) - y z with labels 1, 0, 0, 1: 800 (a confident miss), log 2, softplus(2), 0 (a
    // confident hit)
    double expected = (800 + Math.log(2) + (2 + Math.log1p(Math.exp(-2))) + 0) / 4;
    assertThat((double) Losses.bceWithLogitsMean(tape, z, labels).item())
        .isCloseTo(expected, within(1e-5));
  }

  @Test
  void gatherAndSpmm() {
    int[] ids = {2, 0, 2, 4};
    check("gatherRows", seed, (tp, v) -> Sparse.gatherRows(tp, v[0], ids), random(r, 5, 3));
    CsrMatrix a =
        new CsrMatrix(
            3,
            4,
            new int[] {0, 2, 2, 5},
            new int[] {0, 3, 1, 2, 3},
            new float[] {0.5f, -1f, 2f, 0.25f, 1.5f});
    CsrMatrix at = a.transpose();
    check("spmm", seed, (tp, v) -> Sparse.spmm(tp, a, at, v[0]), random(r, 4, 3));
    check("spmmT", seed, (tp, v) -> Sparse.spmm(tp, at, a, v[0]), random(r, 3, 5));
  }

  @Test
  void pairwiseSoftplusMeanWithAndWithoutMask() {
    check(
        "pairwiseSoftplusMean",
        seed,
        (tp, v) -> Losses.pairwiseSoftplusMean(tp, v[0], v[1], null),
        random(r, 3, 1),
        random(r, 3, 4));
    byte[] valid = {1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 0};
    check(
        "pairwiseSoftplusMean masked",
        seed,
        (tp, v) -> Losses.pairwiseSoftplusMean(tp, v[0], v[1], valid),
        random(r, 3, 1),
        random(r, 3, 4));
    // value: the mean over the valid pairs only, against a direct computation
    Tape tape = new Tape();
    Tensor pos = random(r, 3, 1);
    Tensor neg = random(r, 3, 4);
    double sum = 0;
    int count = 0;
    for (int b = 0; b < 3; b++) {
      for (int j = 0; j < 4; j++) {
        if (valid[b * 4 + j] != 0) {
          sum += Math.log1p(Math.exp(neg.get(b * 4 + j) - pos.get(b)));
          count++;
        }
      }
    }
    float got =
        Losses.pairwiseSoftplusMean(tape, tape.constant(pos), tape.constant(neg), valid).item();
    assertThat((double) got).isCloseTo(sum / count, org.assertj.core.data.Offset.offset(1e-6));
    assertThatThrownBy(
            () ->
                Losses.pairwiseSoftplusMean(
                    tape, tape.constant(pos), tape.constant(neg), new byte[12]))
        .hasMessageContaining("every pair is masked out");
  }

  @Test
  void embeddingSparseGradEqualsDensifiedGradient() {
    EmbeddingTable table = new EmbeddingTable("e", 6, 3).initNormal(r, 1.0);
    int[] ids = {4, 1, 4, 0};
    // dense reference: gather from the same values held as a dense leaf
    Tensor dense = Tensor.of(table.weights().clone(), 6, 3);
    Tensor w = random(r, 4, 3);
    Tape t1 = new Tape();
    Variable leaf = t1.leaf(dense);
    t1.backward(
        Reductions.sum(t1, Dense.mul(t1, Sparse.gatherRows(t1, leaf, ids), t1.constant(w))));
    Tape t2 = new Tape();
    t2.backward(
        Reductions.sum(t2, Dense.mul(t2, Sparse.embedding(t2, table, ids), t2.constant(w))));
    assertThat(table.touchedCount()).isEqualTo(3);
    assertThat(table.denseGrad()).containsExactly(leaf.grad().toArray());
    table.zeroGrad();
    assertThat(table.touchedCount()).isZero();
  }

  @Test
  void fieldLookupsAndBagsEqualTheirGatherComposition() {
    EmbeddingTable t0 = new EmbeddingTable("c0", 5, 3).initNormal(r, 1.0);
    EmbeddingTable t1 = new EmbeddingTable("c1", 4, 3).initNormal(r, 1.0);
    int[] ids = {4, 1, 0, 1, 4, 3}; // 3 samples x 2 fields, row-major
    Tensor w = random(r, 3, 6);
    Tape ref = new Tape();
    Variable l0 = ref.leaf(Tensor.of(t0.weights().clone(), 5, 3));
    Variable l1 = ref.leaf(Tensor.of(t1.weights().clone(), 4, 3));
    Variable composed =
        Dense.concat(
            ref,
            Sparse.gatherRows(ref, l0, new int[] {4, 0, 4}),
            Sparse.gatherRows(ref, l1, new int[] {1, 1, 3}));
    ref.backward(Reductions.sum(ref, Dense.mul(ref, composed, ref.constant(w))));
    Tape tape = new Tape();
    Variable fields = Sparse.embeddingFields(tape, new EmbeddingTable[] {t0, t1}, ids, 3);
    assertThat(fields.value().toArray()).containsExactly(composed.value().toArray());
    tape.backward(Reductions.sum(tape, Dense.mul(tape, fields, tape.constant(w))));
    assertThat(t0.denseGrad()).containsExactly(l0.grad().toArray());
    assertThat(t1.denseGrad()).containsExactly(l1.grad().toArray());
    // bags: sample 0 = {1, 3, 1}, sample 1 = {} (zeros), sample 2 = {2}; mean pooling
    EmbeddingTable tags = new EmbeddingTable("tags", 4, 2).initNormal(r, 1.0);
    int[] offsets = {0, 3, 3, 4};
    int[] tagIds = {1, 3, 1, 2};
    Tensor wb = random(r, 3, 2);
    Tape rb = new Tape();
    Variable lt = rb.leaf(Tensor.of(tags.weights().clone(), 4, 2));
    Variable pooled = Reductions.segmentSum(rb, Sparse.gatherRows(rb, lt, tagIds), offsets);
    Variable meanRef =
        Dense.mul(
            rb, pooled, rb.constant(Tensor.of(new float[] {1 / 3f, 1 / 3f, 1, 1, 1, 1}, 3, 2)));
    rb.backward(Reductions.sum(rb, Dense.mul(rb, meanRef, rb.constant(wb))));
    Tape tb = new Tape();
    Variable bag = Sparse.embeddingBag(tb, tags, offsets, tagIds, 3, true);
    float[] got = bag.value().toArray();
    float[] want = meanRef.value().toArray();
    for (int i = 0; i < got.length; i++) {
      assertThat(got[i]).isCloseTo(want[i], within(1e-6f));
    }
    tb.backward(Reductions.sum(tb, Dense.mul(tb, bag, tb.constant(wb))));
    float[] gg = tags.denseGrad();
    float[] gw = lt.grad().toArray();
    for (int i = 0; i < gg.length; i++) {
      assertThat(gg[i]).isCloseTo(gw[i], within(1e-6f));
    }
  }

  @Test
  void badShapesAreRejectedWithNames() {
    Tape tape = new Tape();
    Variable a = tape.constant(Tensor.zeros(2, 3));
    Variable b = tape.constant(Tensor.zeros(4, 2));
    assertThatThrownBy(() -> Dense.matmul(tape, a, false, b, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inner dimensions");
    EmbeddingTable t = new EmbeddingTable("items", 3, 2);
    assertThatThrownBy(() -> Sparse.embedding(tape, t, new int[] {1, 5}))
        .hasMessageContaining("items")
        .hasMessageContaining("id 5");
    assertThatThrownBy(() -> tape.backward(Reductions.sum(tape, a)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not depend");
  }
}
