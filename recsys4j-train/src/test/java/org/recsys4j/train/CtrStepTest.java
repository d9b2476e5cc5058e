package org.recsys4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.Rng;
import org.recsys4j.core.autograd.Dense;
import org.recsys4j.core.autograd.Losses;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.core.nn.EmbeddingTable;
import org.recsys4j.core.nn.Parameter;
import org.recsys4j.data.ctr.CtrBatch;
import org.recsys4j.models.ModelFamily;
import org.recsys4j.models.ModelInputs;
import org.recsys4j.models.Models;
import org.recsys4j.models.ctr.CtrConfig;
import org.recsys4j.models.ctr.CtrModel;

/**
 * The data-parallel step computes the full batch's gradient: for every model and thread count, and
 * for a batch cut into more parts than threads, the gradients equal those of one tape over the
 * whole batch (up to the order of float sums), and a thread count gives the same bits every time.
 */
class CtrStepTest {
  private static final int DENSE = 3;
  private static final int[] CARDS = {10, 30, 60};
  private static final int[] BAGS = {20};

  private static CtrModel model(String type) {
    CtrConfig c =
        new CtrConfig(
            type,
            8,
            new int[] {DENSE, 16, 8},
            type.equals("dlrm") ? new int[] {32, 1} : new int[] {32, 16},
            2,
            1e-3f,
            0.05f,
            false);
    return (CtrModel)
        Models.create(
            c.model(), c, ModelInputs.of(new ModelInputs.FeatureShape(DENSE, CARDS, BAGS)), 5);
  }

  /** Random rows with bags of 0-3 ids (empty bags included); labels a coin. */
  private static CtrBatch batch(int n, long seed) {
    Rng r = new Rng(seed);
    CtrBatch b = new CtrBatch(n, DENSE, CARDS.length, BAGS.length);
    int total = 0;
    b.ensureMultiIds(0, 3 * n);
    for (int i = 0; i < n; i++) {
      b.labels[i] = r.nextInt(2);
      for (int j = 0; j < DENSE; j++) {
        b.dense[i * DENSE + j] = (float) r.nextGaussian();
      }
      for (int f = 0; f < CARDS.length; f++) {
        b.cat[i * CARDS.length + f] = r.nextInt(CARDS[f]);
      }
      b.multiOffsets[0][i] = total;
      int size = r.nextInt(4);
      for (int k = 0; k < size; k++) {
        b.multiIds[0][total++] = r.nextInt(BAGS[0]);
      }
    }
    b.multiOffsets[0][n] = total;
    b.setSize(n);
    return b;
  }

  /** The gradients of one tape over the whole batch, the definition the step must meet. */
  private static List<float[]> referenceGrads(CtrModel m, CtrBatch batch, float[] loss) {
    Tape tape = new Tape();
    CtrModel.Forward f = m.forward(tape, batch, true);
    Variable bce = Losses.bceWithLogitsMean(tape, f.logits(), batch.labels);
    Variable l = f.regularizer() == null ? bce : Dense.add(tape, bce, f.regularizer());
    loss[0] = bce.item();
    loss[1] = l.item();
    tape.backward(l);
    return takeGrads(m);
  }

  /** Copies and clears every gradient of the model. */
  private static List<float[]> takeGrads(CtrModel m) {
    List<float[]> g = new ArrayList<>();
    for (Parameter p : m.parameters().dense()) {
      g.add(p.grad().data().clone());
      Arrays.fill(p.grad().data(), 0f);
    }
    for (EmbeddingTable t : m.parameters().tables()) {
      g.add(t.denseGrad());
      t.zeroGrad();
    }
    return g;
  }

  private static void assertClose(List<float[]> expected, List<float[]> actual, String what) {
    assertThat(actual).hasSameSizeAs(expected);
    double max = 0;
    for (float[] e : expected) {
      for (float v : e) {
        max = Math.max(max, Math.abs(v));
      }
    }
    assertThat(max).as("%s: the reference has gradients", what).isGreaterThan(1e-4);
    for (int k = 0; k < expected.size(); k++) {
      for (int i = 0; i < expected.get(k).length; i++) {
        assertThat((double) actual.get(k)[i])
            .as("%s: gradient %d[%d]", what, k, i)
            .isCloseTo(expected.get(k)[i], org.assertj.core.data.Offset.offset(1e-6 + 1e-4 * max));
      }
    }
  }

  @Test
  void everyModelGetsTheFullBatchGradientAtAnyThreadCount() {
    // 37 rows: the threads share each op; 401: one part per thread (neither a multiple of a thread
    // count)
    for (String type : Models.types(ModelFamily.CTR)) {
      for (int rows : new int[] {37, 401}) {
        CtrModel m = model(type);
        CtrBatch batch = batch(rows, 11);
        float[] ref = new float[2];
        List<float[]> expected = referenceGrads(m, batch, ref);
        for (int threads : new int[] {1, 2, 3}) {
          try (Parallel par = new Parallel(threads)) {
            CtrStep.Loss loss = new CtrStep(m, par, batch).run(batch);
            assertThat((double) loss.bce())
                .as("%s bce, %d threads", type, threads)
                .isCloseTo(ref[0], org.assertj.core.data.Offset.offset(1e-5));
            assertThat((double) loss.total())
                .as("%s total, %d threads", type, threads)
                .isCloseTo(ref[1], org.assertj.core.data.Offset.offset(1e-5));
            assertClose(
                expected, takeGrads(m), type + ", " + rows + " rows, " + threads + " threads");
          }
        }
      }
    }
  }

  @Test
  void aSmallBatchSharedOverThreadsGivesTheOneThreadBits() {
    CtrBatch batch =
        batch(CtrStep.MIN_PART_ROWS + 45, 4); // under MIN_PART_ROWS per thread at 2 and 3 threads
    for (String type : Models.types(ModelFamily.CTR)) {
      List<float[]> one = null;
      for (int threads : new int[] {1, 2, 3}) {
        CtrModel m = model(type);
        try (Parallel par = new Parallel(threads)) {
          new CtrStep(m, par, batch).run(batch);
        }
        List<float[]> g = takeGrads(m);
        if (one == null) {
          one = g;
          continue;
        }
        for (int k = 0; k < g.size(); k++) {
          assertThat(g.get(k))
              .as("%s, %d threads, gradient %d", type, threads, k)
              .containsExactly(one.get(k));
        }
      }
    }
  }

  @Test
  void aBatchLargerThanOnePartIsCutAndItsGradientsAddUp() {
    int n = CtrStep.MAX_PART_ROWS * 2 + 77;
    for (String type : List.of("dlrm", "deepfm")) {
      CtrModel m = model(type);
      CtrBatch batch = batch(n, 3);
      float[] ref = new float[2];
      List<float[]> expected = referenceGrads(m, batch, ref);
      for (int threads : new int[] {1, 2}) {
        try (Parallel par = new Parallel(threads)) {
          CtrStep.Loss loss = new CtrStep(m, par, batch).run(batch);
          assertThat((double) loss.total())
              .isCloseTo(ref[1], org.assertj.core.data.Offset.offset(1e-5));
          assertClose(expected, takeGrads(m), type + " in parts, " + threads + " threads");
        }
      }
    }
  }

  @Test
  void aThreadCountGivesTheSameBitsEveryTime() {
    CtrBatch batch = batch(301, 8);
    List<float[]> first = null;
    for (int run = 0; run < 3; run++) {
      CtrModel m = model("dlrm");
      try (Parallel par = new Parallel(2)) {
        CtrStep step = new CtrStep(m, par, batch);
        step.run(batch);
        step.run(batch); // gradients accumulate over the two calls, through the same shards
      }
      List<float[]> g = takeGrads(m);
      if (first == null) {
        first = g;
      } else {
        for (int k = 0; k < g.size(); k++) {
          assertThat(g.get(k)).as("run %d, gradient %d", run, k).containsExactly(first.get(k));
        }
      }
    }
  }
}
