package org.recsys4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.io.SafeTensors;
import org.recsys4j.data.ctr.CtrDataset;
import org.recsys4j.data.ctr.CtrDatasetWriter;
import org.recsys4j.data.ctr.CtrGenerator;
import org.recsys4j.models.ctr.CtrConfig;
import org.recsys4j.models.ctr.CtrModel;
import org.recsys4j.models.ctr.CtrModels;

/** CTR training is reproducible, resumes exactly after a kill mid-epoch, and its bundle scores identically. */
class CtrTrainingTest {
  @TempDir Path dir;

  private CtrDataset generate(String name, long first, int rows) throws Exception {
    CtrGenerator g = new CtrGenerator(CtrGenerator.Kind.SYNTHETIC, 3, new int[] {10, 40, 80}, 4);
    try (CtrDatasetWriter w = new CtrDatasetWriter(dir.resolve(name), g.transforms())) {
      g.writeRows(w, first, rows, null, null);
      w.commit(Map.of());
    }
    return CtrDataset.open(dir.resolve(name));
  }

  private static CtrModel model() {
    return CtrModels.create(new CtrConfig("deepfm", 8, new int[0], new int[] {16}, 0, 1e-5f, 0.01f, false), 3,
        new int[] {10, 40, 80}, new int[0], 9);
  }

  private static CtrTrainConfig cfg(int epochs) {
    return new CtrTrainConfig(epochs, 128, 0.01f, "adam", 2, 5, 1, 7, "auc", 0, new int[0], 1f, WarmupDecay.NONE);
  }

  private static float[] flat(CtrModel m) {
    return m.weights().values().stream().map(SafeTensors.Entry::floats)
        .reduce(new float[0], (a, b) -> {
          float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
          System.arraycopy(b, 0, c, a.length, b.length);
          return c;
        });
  }

  @Test
  void killedMidEpochAndResumedEqualsUninterrupted() throws Exception {
    CtrDataset train = generate("train", 0, 3000);
    CtrDataset test = generate("test", 3000, 500);
    CtrModel a = model();
    CtrTrainer.Result ra = new CtrTrainer(cfg(2), dir.resolve("a.ckpt"), List.of()).fit(a, train, test, false);
    assertThat(ra.evaluations()).hasSizeGreaterThan(2); // every 7 steps and at epoch ends
    // the same run, killed at step 20 of epoch 2 (24 steps an epoch; the evaluation after global step 42 =
    // step 18 of epoch 2 was checkpointed)
    TrainListener killer = new TrainListener() {
      @Override
      public void onStep(int epoch, int step, double loss) {
        if (epoch == 2 && step == 20) {
          throw new IllegalStateException("killed");
        }
      }
    };
    CtrModel b = model();
    Path ck = dir.resolve("b.ckpt");
    assertThatThrownBy(() -> new CtrTrainer(cfg(2), ck, List.of(killer)).fit(b, train, test, false))
        .hasMessage("killed");
    CtrModel c = model();
    new CtrTrainer(cfg(2), ck, List.of()).fit(c, train, test, true);
    assertThat(flat(c)).containsExactly(flat(a));
    // the bundle scores as the trained model does
    CtrBundle.save(dir.resolve("bundle"), a, train, 9, 2, Map.of(), ra.report().best());
    CtrBundle loaded = CtrBundle.load(dir.resolve("bundle"));
    try (var par = new org.recsys4j.core.Parallel(2)) {
      assertThat(CtrEvaluation.predict(loaded.model(), test, par)).containsExactly(CtrEvaluation.predict(a, test, par));
    }
  }
}
