package org.recsys4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.Parallel;
import org.recsys4j.data.Dataset;
import org.recsys4j.data.synthetic.SyntheticInteractions;
import org.recsys4j.eval.EvalResult;
import org.recsys4j.eval.FullRankingEvaluator;
import org.recsys4j.models.ModelInputs;
import org.recsys4j.models.Models;
import org.recsys4j.models.RankingModel;
import org.recsys4j.models.lightgcn.LightGcnConfig;
import org.recsys4j.models.mf.MfConfig;
import org.recsys4j.models.pop.Popularity;

class TrainingTest {
  private static final Dataset DATA =
      new SyntheticInteractions(800, 600, 8, 30, 0.8, 0.8, 3L).generate();
  @TempDir Path dir;

  private static final RankingTask.Options OPTIONS =
      new RankingTask.Options(RankingTask.Options.DEFAULT_SAMPLING, 1, 0, new int[] {20}, 128);

  private static TrainingConfig cfg(int epochs, float lr, int threads) {
    return cfg(epochs, lr, threads, ScheduleConfig.CONSTANT);
  }

  private static TrainingConfig cfg(int epochs, float lr, int threads, ScheduleConfig schedule) {
    return new TrainingConfig(
        new RunConfig(epochs, 512, threads, 42L),
        new OptimizerConfig("adam", lr),
        schedule,
        EvalConfig.every(0));
  }

  private static RankingModel create(String type, Record config, Dataset data, long seed) {
    return (RankingModel) Models.create(type, config, ModelInputs.of(data.train()), seed);
  }

  private static RankingTask task(RankingModel m, Dataset data, RankingTask.Options o) {
    return new RankingTask(m, data.train(), null, data.test(), o);
  }

  private static BundleSections sections() {
    return BundleSections.ranking(DATA.users(), DATA.items(), DATA.train());
  }

  private static ModelBundle.Provenance prov(Map<String, Object> training) {
    return new ModelBundle.Provenance(
        DATA.name(), DATA.fingerprint(), Map.of(), 42L, 1, training, Map.of(), "last-epoch", null);
  }

  private static Record config(String type) {
    return type.equals("mf")
        ? new MfConfig(32, 1e-4f, 0.1f)
        : new LightGcnConfig(32, 2, 1e-4f, 0.1f);
  }

  private static RankingModel train(String type, TrainingConfig c, Path ckpt, boolean resume) {
    return train(type, c, OPTIONS, ckpt, resume);
  }

  private static RankingModel train(
      String type, TrainingConfig c, RankingTask.Options o, Path ckpt, boolean resume) {
    RankingModel m = create(type, config(type), DATA, c.run().seed());
    new Trainer(c, ckpt, List.of()).fit(task(m, DATA, o), resume);
    return m;
  }

  /** A run of {@code c} that dies at the first step of {@code epoch}, as a killed process would. */
  private static void killAtEpoch(String type, TrainingConfig c, int epoch, Path ckpt) {
    RankingModel m = create(type, config(type), DATA, c.run().seed());
    TrainListener killer =
        new TrainListener() {
          @Override
          public void onStep(int e, int step, double loss) {
            if (e == epoch) {
              throw new IllegalStateException("killed");
            }
          }
        };
    assertThatThrownBy(
            () -> new Trainer(c, ckpt, List.of(killer)).fit(task(m, DATA, OPTIONS), false))
        .hasMessage("killed");
  }

  private static double recall(org.recsys4j.eval.Recommender m) {
    EvalResult r =
        new FullRankingEvaluator(new int[] {20}, 100, Parallel.serial())
            .evaluate(m, DATA.train(), DATA.test());
    return r.get("recall@20");
  }

  @Test
  void bothModelsLearnThePlantedCommunitiesAndBeatPopularity() {
    double pop = recall(new Popularity(DATA.train()));
    double mf = recall(train("mf", cfg(15, 0.01f, 2), null, false));
    double lgcn = recall(train("lightgcn", cfg(15, 0.01f, 2), null, false));
    // popularity ignores the communities; a model that finds them should at least double it
    assertThat(mf).as("MF recall@20 vs popularity %.4f", pop).isGreaterThan(2 * pop);
    assertThat(lgcn).as("LightGCN recall@20 vs popularity %.4f", pop).isGreaterThan(2 * pop);
  }

  @Test
  void manyNegativesPerPairOrASharedPoolLearnThePlantedCommunitiesWithEitherModel() {
    double pop = recall(new Popularity(DATA.train()));
    for (String type : new String[] {"mf", "lightgcn"}) {
      for (int[] negs : new int[][] {{4, 0}, {1, 64}}) {
        RankingTask.Options o =
            new RankingTask.Options(
                RankingTask.Options.DEFAULT_SAMPLING, negs[0], negs[1], new int[] {20}, 128);
        double r = recall(train(type, cfg(15, 0.01f, 2), o, null, false));
        // On this small noisy graph many negatives overfit MF sooner than one (1 negative: 0.39;
        // 4 per pair: 0.36; a pool of 64: 0.37), so the bar is 1.75x popularity rather than 2x.
        assertThat(r)
            .as(
                "%s with %d negatives per pair / a pool of %d vs popularity %.4f",
                type, negs[0], negs[1], pop)
            .isGreaterThan(1.75 * pop);
        // and the draws are deterministic for a seed and thread count
        RankingModel a = train(type, cfg(1, 0.01f, 2), o, null, false);
        RankingModel b = train(type, cfg(1, 0.01f, 2), o, null, false);
        a.weights()
            .forEach(
                (k, v) ->
                    assertThat(b.weights().get(k).floats())
                        .as(type + " " + k)
                        .containsExactly(v.floats()));
      }
    }
    assertThatThrownBy(
            () ->
                new RankingTask.Options(
                    RankingTask.Options.DEFAULT_SAMPLING, 4, 64, new int[] {20}, 1))
        .hasMessageContaining("sharedNegatives 64")
        .hasMessageContaining("negatives must be 1, got 4");
  }

  @Test
  void sameSeedAndThreadsGiveTheSameBits() {
    for (String type : new String[] {"mf", "lightgcn"}) {
      RankingModel a = train(type, cfg(2, 0.01f, 2), null, false);
      RankingModel b = train(type, cfg(2, 0.01f, 2), null, false);
      for (Map.Entry<String, org.recsys4j.core.io.SafeTensors.Entry> e : a.weights().entrySet()) {
        assertThat(b.weights().get(e.getKey()).floats())
            .as(type)
            .containsExactly(e.getValue().floats());
      }
    }
  }

  @Test
  void resumedRunEqualsUninterruptedRun() {
    for (String type : new String[] {"mf", "lightgcn"}) {
      Path ck = dir.resolve(type + ".ckpt");
      RankingModel straight = train(type, cfg(3, 0.01f, 1), null, false);
      killAtEpoch(
          type,
          cfg(3, 0.01f, 1),
          3,
          ck); // killed in epoch 3: the checkpoint holds epoch 2, not evaluated
      RankingModel resumed = train(type, cfg(3, 0.01f, 1), ck, true);
      assertThat(resumed.weights().values().iterator().next().floats())
          .as(type)
          .containsExactly(straight.weights().values().iterator().next().floats());
    }
  }

  @Test
  void checkpointFromAnotherGraphLayoutIsRefused() {
    Path ck = dir.resolve("layout.ckpt");
    train("lightgcn", cfg(1, 0.01f, 1), ck, false);
    Dataset other = new SyntheticInteractions(800, 600, 8, 30, 0.8, 0.8, 4L).generate();
    RankingModel m = create("lightgcn", config("lightgcn"), other, 42L);
    assertThatThrownBy(
            () -> new Trainer(cfg(2, 0.01f, 1), ck, List.of()).fit(task(m, other, OPTIONS), true))
        .hasMessageContaining("layout")
        .hasMessageContaining("without resume");
  }

  @Test
  void stepDecayScheduleIsAFunctionOfTheEpochAndSurvivesResume() {
    TrainingConfig c =
        cfg(3, 0.01f, 1, new ScheduleConfig(new int[] {1, 2}, 0.5f, WarmupDecay.NONE));
    assertThat(c.lrAt(0, 1)).isEqualTo(0.01f);
    assertThat(c.lrAt(1, 99)).isEqualTo(0.005f);
    assertThat(c.lrAt(2, 500)).isEqualTo(0.0025f);
    RankingModel straight = train("mf", c, null, false);
    Path ck = dir.resolve("sched.ckpt");
    killAtEpoch("mf", c, 3, ck);
    RankingModel resumed = train("mf", c, ck, true);
    assertThat(resumed.weights().get("user_embedding").floats())
        .containsExactly(straight.weights().get("user_embedding").floats());
    assertThatThrownBy(() -> new ScheduleConfig(new int[] {5, 2}, 0.5f, WarmupDecay.NONE))
        .hasMessageContaining("lrMilestones");
  }

  @Test
  void bundleRoundTripGivesIdenticalScores() throws Exception {
    for (String type : new String[] {"mf", "lightgcn"}) {
      RankingModel m = train(type, cfg(2, 0.01f, 1), null, false);
      Path b = dir.resolve("bundle-" + type);
      ModelBundle.save(b, m, sections(), prov(Map.of("epochs", 2)));
      ModelBundle loaded = ModelBundle.load(b, Parallel.serial());
      for (int u : new int[] {0, 17, 799}) {
        assertThat(loaded.rankingModel("test").scores(u))
            .as(type + " user " + u)
            .containsExactly(m.scores(u));
      }
      assertThat(loaded.manifest().path("dataset").path("fingerprint").asText())
          .isEqualTo(DATA.fingerprint());
      assertThat(loaded.users().rawId(5)).isEqualTo("u5");
      // overwriting an existing bundle leaves exactly one bundle and no temporary directories
      ModelBundle.save(b, m, sections(), prov(Map.of()));
      try (var s = Files.list(dir)) {
        assertThat(s.filter(p -> p.getFileName().toString().startsWith(".")).count()).isZero();
      }
    }
  }

  @Test
  void bf16PropagationLearnsThePlantedCommunitiesAndItsBundleRoundTrips() throws Exception {
    double pop = recall(new Popularity(DATA.train()));
    LightGcnConfig bf16 = new LightGcnConfig(32, 2, 1e-4f, 0.1f, "bf16");
    RankingModel m = create("lightgcn", bf16, DATA, 42L);
    new Trainer(cfg(15, 0.01f, 2), null, List.of()).fit(task(m, DATA, OPTIONS), false);
    assertThat(recall(m))
        .as("LightGCN (bf16 propagation) recall@20 vs popularity %.4f", pop)
        .isGreaterThan(2 * pop);
    Path b = dir.resolve("bundle-bf16");
    ModelBundle.save(b, m, sections(), prov(Map.of("epochs", 15)));
    ModelBundle loaded = ModelBundle.load(b, Parallel.serial());
    assertThat(((LightGcnConfig) loaded.model().config()).propagation()).isEqualTo("bf16");
    for (int u : new int[] {0, 17, 799}) {
      assertThat(loaded.rankingModel("test").scores(u))
          .as("user " + u)
          .containsExactly(m.scores(u));
    }
  }

  @Test
  void propagationOptionIsCheckedAndOldConfigsReadAsFloat() {
    assertThat(new LightGcnConfig(64, 3, 1e-4f, 0.1f).propagation()).isEqualTo("fp32");
    assertThat(new LightGcnConfig(64, 3, 1e-4f, 0.1f, null).propagation())
        .isEqualTo("fp32"); // bundles before it
    assertThatThrownBy(() -> new LightGcnConfig(24, 3, 1e-4f, 0.1f, "bf16"))
        .hasMessageContaining("propagation 'bf16'")
        .hasMessageContaining("multiple of 16");
    assertThatThrownBy(() -> new LightGcnConfig(64, 3, 1e-4f, 0.1f, "fp16"))
        .hasMessageContaining("propagation must");
  }

  @Test
  void damagedAndForeignBundlesGetClearErrors() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> ModelBundle.load(empty, Parallel.serial()))
        .hasMessageContaining("no manifest.json");
    RankingModel m = train("mf", cfg(1, 0.01f, 1), null, false);
    Path b = dir.resolve("b");
    ModelBundle.save(b, m, sections(), prov(Map.of()));
    Path w = b.resolve("weights.safetensors");
    byte[] raw = Files.readAllBytes(w);
    Files.write(w, java.util.Arrays.copyOf(raw, raw.length / 2));
    assertThatThrownBy(() -> ModelBundle.load(b, Parallel.serial()))
        .hasMessageContaining("weights.safetensors");
    Files.writeString(b.resolve("manifest.json"), "{\"format\":\"something-else\"}");
    assertThatThrownBy(() -> ModelBundle.load(b, Parallel.serial()))
        .hasMessageContaining("not a recsys4j bundle");
  }

  @Test
  void divergingLossStopsWithEpochStepAndRate() {
    RankingModel m = create("mf", new MfConfig(16, 0f, 0.1f), DATA, 1L);
    TrainingConfig c =
        new TrainingConfig(
            new RunConfig(3, 512, 1, 1L),
            new OptimizerConfig("sgd", 1e30f),
            ScheduleConfig.CONSTANT,
            EvalConfig.every(0));
    assertThatThrownBy(() -> new Trainer(c, null, List.of()).fit(task(m, DATA, OPTIONS), false))
        .isInstanceOf(NonFiniteLossException.class)
        .hasMessageContaining("epoch 1")
        .hasMessageContaining("learning rate 1.0E30");
  }

  @Test
  void impossibleOptionsNameTheOption() {
    assertThatThrownBy(() -> new RunConfig(0, 512, 1, 1L))
        .hasMessageContaining("epochs must be >= 1");
    RankingModel m = create("mf", config("mf"), DATA, 1L);
    TrainingConfig badMonitor =
        new TrainingConfig(
            new RunConfig(1, 512, 1, 1L),
            new OptimizerConfig("adam", 0.01f),
            ScheduleConfig.CONSTANT,
            new EvalConfig(0, 0, "recall@10", 0));
    assertThatThrownBy(
            () -> new Trainer(badMonitor, null, List.of()).fit(task(m, DATA, OPTIONS), false))
        .hasMessageContaining("monitor must")
        .hasMessageContaining("recall@10");
    assertThatThrownBy(() -> new OptimizerConfig("adamw", 0.01f))
        .hasMessageContaining("optimizer must be one of");
    assertThatThrownBy(() -> new LightGcnConfig(64, -1, 0f, 0.1f))
        .hasMessageContaining("layers must");
    assertThatThrownBy(() -> train("mf", cfg(1, 0.01f, 1), dir.resolve("none"), true))
        .hasMessageContaining("no checkpoint to resume from");
  }
}
