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
import org.recsys4j.eval.CtrEvaluator;
import org.recsys4j.models.ModelInputs;
import org.recsys4j.models.Models;
import org.recsys4j.models.ctr.CtrConfig;
import org.recsys4j.models.ctr.CtrModel;

/**
 * CTR training is reproducible, resumes exactly after a kill mid-epoch, and its bundle scores
 * identically.
 */
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
    return (CtrModel)
        Models.create(
            "deepfm",
            new CtrConfig("deepfm", 8, new int[0], new int[] {16}, 0, 1e-5f, 0.01f, false),
            ModelInputs.of(new ModelInputs.FeatureShape(3, new int[] {10, 40, 80}, new int[0])),
            9);
  }

  private static TrainingConfig cfg(int epochs) {
    return new TrainingConfig(
        new RunConfig(epochs, 128, 2, 5),
        new OptimizerConfig("adam", 0.01f),
        ScheduleConfig.CONSTANT,
        new EvalConfig(1, 7, "auc", 0));
  }

  private static float[] flat(CtrModel m) {
    return m.weights().values().stream()
        .map(SafeTensors.Entry::floats)
        .reduce(
            new float[0],
            (a, b) -> {
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
    TrainReport ra =
        new Trainer(cfg(2), dir.resolve("a.ckpt"), List.of())
            .fit(new CtrTask(a, train, null, test), false);
    assertThat(ra.evaluations()).hasSizeGreaterThan(2); // every 7 steps and at epoch ends
    // the same run, killed at step 20 of epoch 2 (24 steps an epoch; the evaluation after global
    // step 42 =
    // step 18 of epoch 2 was checkpointed)
    TrainListener killer =
        new TrainListener() {
          @Override
          public void onStep(int epoch, int step, double loss) {
            if (epoch == 2 && step == 20) {
              throw new IllegalStateException("killed");
            }
          }
        };
    CtrModel b = model();
    Path ck = dir.resolve("b.ckpt");
    assertThatThrownBy(
            () ->
                new Trainer(cfg(2), ck, List.of(killer))
                    .fit(new CtrTask(b, train, null, test), false))
        .hasMessage("killed");
    CtrModel c = model();
    new Trainer(cfg(2), ck, List.of()).fit(new CtrTask(c, train, null, test), true);
    assertThat(flat(c)).containsExactly(flat(a));
    // the bundle scores as the trained model does
    ModelBundle.save(
        dir.resolve("bundle"),
        a,
        BundleSections.ctr(train.transforms()),
        new ModelBundle.Provenance(
            "train",
            train.fingerprint(),
            Map.of(
                "dense",
                3,
                "cardinalities",
                train.cardinalities(),
                "multi_hot_cardinalities",
                train.multiHotCardinalities()),
            9,
            2,
            Map.of(),
            ra.best(),
            ra.selectedBy(),
            null));
    try (var par = new org.recsys4j.core.Parallel(2)) {
      ModelBundle loaded = ModelBundle.load(dir.resolve("bundle"), par);
      assertThat(CtrEvaluator.predict(loaded.ctrModel("test"), test, par))
          .containsExactly(CtrEvaluator.predict(a, test, par));
    }
  }

  @Test
  void withoutAValidationSplitTheLastEpochIsKeptAndWithOneTheBestValidationEpoch()
      throws Exception {
    CtrDataset all = generate("all", 0, 4000);
    CtrDataset train = all.slice(0, 3000);
    CtrDataset valid = all.slice(3000, 3500);
    CtrDataset test = all.slice(3500, 4000);
    TrainingConfig c =
        new TrainingConfig(
            new RunConfig(4, 128, 1, 5),
            new OptimizerConfig("adam", 0.05f),
            ScheduleConfig.CONSTANT,
            new EvalConfig(1, 0, "logloss", 0));
    CtrModel last = model();
    TrainReport r =
        new Trainer(c, null, List.of()).fit(new CtrTask(last, train, null, test), false);
    assertThat(r.selectedBy()).isEqualTo("last-epoch");
    assertThat(r.bestEpoch()).isEqualTo(4);
    assertThat(r.best()).isEqualTo(r.epochs().get(3).metrics());
    CtrModel selected = model();
    TrainReport v =
        new Trainer(c, null, List.of()).fit(new CtrTask(selected, train, valid, test), false);
    assertThat(v.selectedBy()).isEqualTo("validation");
    // the selected epoch has the lowest validation log loss, and the report carries its test
    // metrics
    double bestValid = Double.MAX_VALUE;
    int bestEpoch = 0;
    for (EpochStats s : v.epochs()) {
      assertThat(s.metrics()).containsKeys("auc", "valid_auc", "valid_logloss");
      if (s.metrics().get("valid_logloss") < bestValid) {
        bestValid = s.metrics().get("valid_logloss");
        bestEpoch = s.epoch();
      }
    }
    assertThat(v.bestEpoch()).isEqualTo(bestEpoch);
    assertThat(v.best()).isEqualTo(v.epochs().get(bestEpoch - 1).metrics());
    // the model holds that epoch's weights: its test log loss is the reported one
    try (var par = new org.recsys4j.core.Parallel(1)) {
      assertThat(CtrEvaluator.evaluate(selected, test, par).get("logloss"))
          .isEqualTo(v.best().get("logloss"));
    }
    // early stopping needs a validation split
    TrainingConfig patient =
        new TrainingConfig(c.run(), c.optimizer(), c.schedule(), new EvalConfig(1, 0, null, 2));
    assertThatThrownBy(
            () ->
                new Trainer(patient, null, List.of())
                    .fit(new CtrTask(model(), train, null, test), false))
        .hasMessageContaining("patience")
        .hasMessageContaining("validRatio");
  }

  @Test
  void resumeRefusesChangedSettingsButAllowsMoreEpochsAndWarnsAboutThreads() throws Exception {
    CtrDataset train = generate("train", 0, 1000);
    CtrDataset test = generate("test", 1000, 200);
    Path ck = dir.resolve("r.ckpt");
    new Trainer(cfg(1), ck, List.of()).fit(new CtrTask(model(), train, null, test), false);
    TrainingConfig otherLr =
        new TrainingConfig(
            cfg(2).run(),
            new OptimizerConfig("adam", 0.02f),
            ScheduleConfig.CONSTANT,
            cfg(2).eval());
    assertThatThrownBy(
            () ->
                new Trainer(otherLr, ck, List.of())
                    .fit(new CtrTask(model(), train, null, test), true))
        .hasMessageContaining("lr: 0.01 -> 0.02")
        .hasMessageContaining("only change epochs and threads");
    TrainingConfig otherSeed =
        new TrainingConfig(
            new RunConfig(2, 128, 2, 6),
            cfg(2).optimizer(),
            ScheduleConfig.CONSTANT,
            cfg(2).eval());
    assertThatThrownBy(
            () ->
                new Trainer(otherSeed, ck, List.of())
                    .fit(new CtrTask(model(), train, null, test), true))
        .hasMessageContaining("seed: 5 -> 6");
    List<String> warnings = new java.util.ArrayList<>();
    TrainListener collect =
        new TrainListener() {
          @Override
          public void onWarning(String message) {
            warnings.add(message);
          }
        };
    TrainingConfig oneThread =
        new TrainingConfig(
            new RunConfig(2, 128, 1, 5),
            cfg(2).optimizer(),
            ScheduleConfig.CONSTANT,
            cfg(2).eval());
    TrainReport r =
        new Trainer(oneThread, ck, List.of(collect))
            .fit(new CtrTask(model(), train, null, test), true);
    assertThat(r.epochs()).hasSize(2);
    assertThat(warnings).singleElement().asString().contains("1 threads").contains("ran 2");
  }
}
