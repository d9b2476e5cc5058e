package org.recsys4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.Parallel;
import org.recsys4j.data.ctr.BadRowPolicy;
import org.recsys4j.data.graph.LinkSplitOptions;
import org.recsys4j.data.graph.NodeFeatures;
import org.recsys4j.data.impressions.ImpressionDataset;
import org.recsys4j.data.synthetic.SyntheticImpressions;
import org.recsys4j.models.LinkModel;
import org.recsys4j.models.ModelInputs;
import org.recsys4j.models.Models;
import org.recsys4j.models.graphsage.GraphSageConfig;

/** A warm-started retrain on a grown graph keeps its nodes' ids and weights and learns on. */
class WarmStartTest {
  @TempDir Path dir;

  private static LinkSplitOptions split(double test) {
    return new LinkSplitOptions(
        LinkSplitOptions.Mode.TEMPORAL, 0.1, test, 0.3, 0, List.of("click"), 4);
  }

  private static TrainingConfig cfg(int epochs) {
    return new TrainingConfig(
        new RunConfig(epochs, 1024, 2, 5),
        new OptimizerConfig("adam", 0.01f),
        ScheduleConfig.CONSTANT,
        new EvalConfig(10, 0, "auc", 0));
  }

  @Test
  void grownIdMapsKeepOldRowsStartNewOnesAtZeroAndTrainingContinues() {
    SyntheticImpressions.write(dir.resolve("log"), 3000, 120, 30_000, 20, 8);
    ImpressionDataset ds =
        ImpressionDataset.read(dir.resolve("log"), BadRowPolicy.ERROR, null, null);
    LinkInputs early = LinkInputs.prepare(ds, split(0.5), NodeFeatures.DEFAULT_TEXT_BUCKETS);
    GraphSageConfig config = new GraphSageConfig(8, 2, true, "dot", new int[] {8}, false, 0f);
    LinkModel parent =
        (LinkModel) Models.create("graphsage", config, ModelInputs.of(early.shape()), 1);
    new Trainer(cfg(20), dir.resolve("ck1"), List.of()).fit(early.task(parent, 0), false);
    Path bundle = dir.resolve("parent");
    ModelBundle.save(
        bundle,
        parent,
        BundleSections.link(early.data().users(), early.data().items(), early.section()),
        new ModelBundle.Provenance(
            "log", ds.fingerprint(), Map.of(), 1, 2, Map.of(), Map.of(), "validation", null));
    ModelBundle loaded = ModelBundle.load(bundle, Parallel.serial());

    LinkInputs later = LinkInputs.prepareWarm(ds, split(0.2), loaded);
    // the parent's nodes keep their ids
    for (int u = 0; u < loaded.users().size(); u++) {
      assertThat(later.data().users().rawId(u)).isEqualTo(loaded.users().rawId(u));
    }
    assertThat(later.shape().knownUsers()).isGreaterThan(early.shape().knownUsers());
    LinkModel child =
        (LinkModel) Models.create("graphsage", config, ModelInputs.of(later.shape()), 2);
    long added = WarmStart.transfer(loaded.model().weights(), child);
    int oldRows = early.shape().knownUsers();
    float[] before = loaded.model().weights().get("user_emb").floats();
    float[] after = child.weights().get("user_emb").floats();
    assertThat(java.util.Arrays.copyOf(after, oldRows * 8)).isEqualTo(before);
    for (int i = oldRows * 8; i < after.length; i++) {
      assertThat(after[i]).isZero();
    }
    assertThat(added)
        .isEqualTo(
            later.shape().knownUsers()
                - oldRows
                + later.shape().knownItems()
                - early.shape().knownItems());
    assertThat(child.weights().get("conv0.click.lin_l.weight").floats())
        .isEqualTo(loaded.model().weights().get("conv0.click.lin_l.weight").floats());
    double start = testAuc(child, later);
    new Trainer(cfg(10), dir.resolve("ck2"), List.of()).fit(later.task(child, 0), false);
    assertThat(testAuc(child, later)).isGreaterThan(start).isGreaterThan(0.6);
  }

  private static double testAuc(LinkModel m, LinkInputs in) {
    var test = in.data().test();
    return org.recsys4j.eval.LinkEvaluator.on(test.users(), test.items(), test.labels())
        .evaluate(
            m.scorer(in.task(m, 0).input(in.data().testGraph()), Parallel.serial()),
            Parallel.serial())
        .get("auc");
  }

  @Test
  void aTensorThatChangedShapeOtherThanByRowsIsNamed() {
    LinkModel a =
        (LinkModel)
            Models.create(
                "graphsage",
                new GraphSageConfig(8, 2, true, "dot", new int[] {8}, false, 0f),
                ModelInputs.of(new ModelInputs.GraphShape(5, 5, 3, 3, List.of("click"))),
                1);
    LinkModel b =
        (LinkModel)
            Models.create(
                "graphsage",
                new GraphSageConfig(16, 2, true, "dot", new int[] {8}, false, 0f),
                ModelInputs.of(new ModelInputs.GraphShape(5, 5, 3, 3, List.of("click"))),
                1);
    assertThatThrownBy(() -> WarmStart.transfer(a.weights(), b))
        .hasMessageContaining("warm start: tensor")
        .hasMessageContaining("only tables may grow");
  }
}
