package org.recsys4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.CsrMatrix;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.Rng;
import org.recsys4j.core.autograd.Losses;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.core.nn.EmbeddingTable;
import org.recsys4j.core.nn.Parameter;
import org.recsys4j.data.ctr.BadRowPolicy;
import org.recsys4j.data.graph.HeteroGraph;
import org.recsys4j.data.graph.LinkData;
import org.recsys4j.data.graph.LinkLabels;
import org.recsys4j.data.graph.LinkSplitOptions;
import org.recsys4j.data.graph.NodeFeatures;
import org.recsys4j.data.impressions.ImpressionDataset;
import org.recsys4j.data.impressions.NodeTable;
import org.recsys4j.data.synthetic.SyntheticImpressions;
import org.recsys4j.eval.LinkEvaluator;
import org.recsys4j.models.LinkModel;
import org.recsys4j.models.ModelInputs;
import org.recsys4j.models.Models;
import org.recsys4j.models.graphsage.GraphInput;
import org.recsys4j.models.graphsage.GraphSageConfig;

/**
 * GraphSAGE learns a planted signal from a generated impression log, with and without id
 * embeddings; training is reproducible; a saved bundle scores exactly as the trained model; the
 * gradients of the whole forward pass match finite differences.
 */
class LinkTrainingTest {
  @TempDir static Path dir;
  static ImpressionDataset ds;
  static LinkData data;
  static NodeFeatures uf;
  static NodeFeatures itf;

  @BeforeAll
  static void generate() {
    SyntheticImpressions.write(dir.resolve("log"), 400, 150, 30_000, 20, 3);
    ds = ImpressionDataset.read(dir.resolve("log"), BadRowPolicy.ERROR, null, null);
    data =
        LinkData.split(
            ds,
            new LinkSplitOptions(
                LinkSplitOptions.Mode.TEMPORAL, 0.1, 0.2, 0.3, 0, List.of("click"), 4));
    uf = NodeFeatures.fit(ds.users(), data.users(), data.knownUsers(), 64, "users");
    itf = NodeFeatures.fit(ds.items(), data.items(), data.knownItems(), 64, "items");
  }

  private static LinkModel model(boolean ids, String scorer, int dim, long seed) {
    return model(
        new GraphSageConfig(dim, 2, ids, scorer, new int[] {16}, false, 0f), data, uf, itf, seed);
  }

  /** A GraphSAGE of {@code config} over {@code d}'s nodes, clicks passing messages. */
  private static LinkModel model(
      GraphSageConfig config, LinkData d, NodeFeatures users, NodeFeatures items, long seed) {
    return (LinkModel)
        Models.create(
            "graphsage",
            config,
            ModelInputs.of(
                new ModelInputs.GraphShape(
                    d.knownUsers(),
                    d.knownItems(),
                    users.width(),
                    items.width(),
                    List.of("click"))),
            seed);
  }

  private static LinkTask task(LinkModel m) {
    return new LinkTask(
        m, data, uf.encode(ds.users(), data.users()), itf.encode(ds.items(), data.items()), 1.0);
  }

  private static TrainingConfig cfg(int epochs) {
    return new TrainingConfig(
        new RunConfig(epochs, 1024, 2, 5),
        new OptimizerConfig("adam", 0.01f),
        ScheduleConfig.CONSTANT,
        new EvalConfig(10, 0, "auc", 0));
  }

  private static double testAuc(LinkModel m, LinkTask t) {
    LinkLabels test = data.test();
    return LinkEvaluator.on(test.users(), test.items(), test.labels())
        .evaluate(m.scorer(t.input(data.testGraph()), Parallel.serial()), Parallel.serial())
        .get("auc");
  }

  @Test
  void learnsThePlantedSignalWithAndWithoutIdEmbeddings() {
    for (boolean ids : new boolean[] {true, false}) {
      LinkModel m = model(ids, "dot", 16, 1);
      LinkTask t = task(m);
      double before = testAuc(m, t);
      TrainReport r = new Trainer(cfg(60), dir.resolve("ck" + ids), List.of()).fit(t, false);
      double after = testAuc(m, t);
      assertThat(r.selectedBy()).isEqualTo("validation");
      assertThat(after).as("ids=" + ids).isGreaterThan(0.72).isGreaterThan(before + 0.1);
    }
  }

  @Test
  void sameSeedSameLossesAndTheMlpScorerLearnsToo() {
    double[][] losses = new double[2][];
    for (int run = 0; run < 2; run++) {
      LinkModel m = model(true, "mlp", 16, 2);
      double before = testAuc(m, task(m));
      TrainReport r = new Trainer(cfg(60), dir.resolve("mlp" + run), List.of()).fit(task(m), false);
      losses[run] = r.epochs().stream().mapToDouble(EpochStats::loss).toArray();
      assertThat(testAuc(m, task(m))).isGreaterThan(before + 0.1);
    }
    assertThat(losses[0]).isEqualTo(losses[1]);
  }

  @Test
  void aSavedBundleScoresExactlyAsTheTrainedModel() {
    LinkModel m = model(true, "dot", 8, 3);
    LinkTask t = task(m);
    new Trainer(cfg(10), dir.resolve("ck-save"), List.of()).fit(t, false);
    CsrMatrix ur = uf.encode(ds.users(), data.users());
    CsrMatrix ir = itf.encode(ds.items(), data.items());
    GraphSection g =
        new GraphSection(
            data.knownUsers(),
            data.knownItems(),
            List.of("click"),
            uf,
            itf,
            data.testGraph(),
            ur,
            ir);
    Path b = dir.resolve("bundle");
    ModelBundle.save(
        b,
        m,
        BundleSections.link(data.users(), data.items(), g),
        new ModelBundle.Provenance(
            "log", ds.fingerprint(), Map.of(), 3, 2, Map.of(), Map.of(), "validation", null));
    ModelBundle loaded = ModelBundle.load(b, Parallel.serial());
    LinkModel back = (LinkModel) loaded.model();
    GraphSection lg = loaded.graph();
    LinkLabels test = data.test();
    float[] p1 = new float[test.size()];
    float[] p2 = new float[test.size()];
    m.scorer(t.input(data.testGraph()), Parallel.serial())
        .scoreLinks(test.users(), test.items(), p1);
    back.scorer(
            GraphInput.full(lg.graph(), lg.userRows(), lg.itemRows(), back.layers()),
            Parallel.serial())
        .scoreLinks(test.users(), test.items(), p2);
    assertThat(java.util.Arrays.equals(p1, p2)).as("identical scores after save and load").isTrue();
    assertThat(loaded.users().size()).isEqualTo(data.users().size());
  }

  /**
   * A node the model never saw, embedded by {@link LinkEmbedder} from its features and links, gets
   * the embedding the model gives it when it is put into the graph by hand; and nothing added
   * leaves the saved graph's embeddings exactly.
   */
  @Test
  void embeddingAnUnseenNodeEqualsAddingItToTheGraph() {
    LinkModel m = model(false, "dot", 8, 4);
    new Trainer(cfg(5), dir.resolve("ck-embed"), List.of()).fit(task(m), false);
    Path b = dir.resolve("bundle-embed");
    LinkInputs in =
        new LinkInputs(
            ds,
            data,
            uf,
            itf,
            uf.encode(ds.users(), data.users()),
            itf.encode(ds.items(), data.items()));
    ModelBundle.save(
        b,
        m,
        BundleSections.link(data.users(), data.items(), in.section()),
        new ModelBundle.Provenance(
            "log", ds.fingerprint(), Map.of(), 4, 2, Map.of(), Map.of(), "last-epoch", null));
    ModelBundle loaded = ModelBundle.load(b, Parallel.serial());
    float[][] same = LinkEmbedder.of(loaded).embeddings(Parallel.serial());
    LinkModel.Embedded direct =
        m.embed(
            new Tape(),
            GraphInput.full(data.testGraph(), in.userRows(), in.itemRows(), 2),
            false,
            null);
    assertThat(java.util.Arrays.equals(same[1], direct.items().value().toArray())).isTrue();
    // a new item with features and two clicks
    String[] row = {"c3", "t1|t7", "2001", "the w3 story"};
    NodeTable table = new NodeTable(itf.schema(), Map.of("fresh", row), "new_items.csv");
    LinkEmbedder grown =
        LinkEmbedder.of(
            loaded,
            null,
            table,
            List.of(),
            List.of(),
            new LinkEmbedder.Links(
                List.of(data.users().rawId(3), data.users().rawId(7)),
                List.of("fresh", "fresh"),
                List.of("click", "click"),
                new long[] {5, 6}));
    float[][] got = grown.embeddings(Parallel.serial());
    // by hand: append the item, its feature row and its two edges to the graph
    int ni = data.items().size();
    HeteroGraph old = data.testGraph();
    int e = (int) old.edges();
    int[] uu = new int[e + 2];
    int[] ii = new int[e + 2];
    long[] tt = new long[e + 2];
    int k = 0;
    for (int r = 0; r < old.users(); r++) {
      for (int j = old.userToItem(0).ptr()[r]; j < old.userToItem(0).ptr()[r + 1]; j++) {
        uu[k] = r;
        ii[k] = old.userToItem(0).neighbours()[j];
        tt[k++] = old.userToItem(0).times()[j];
      }
    }
    uu[k] = 3;
    ii[k] = ni;
    tt[k++] = 5;
    uu[k] = 7;
    ii[k] = ni;
    tt[k++] = 6;
    int[] all = new int[k];
    for (int s = 0; s < k; s++) {
      all[s] = s;
    }
    HeteroGraph g =
        HeteroGraph.build(
            old.users(), ni + 1, new String[] {"click"}, uu, ii, new int[k], tt, all, k);
    String[][] raw = new String[ni + 1][];
    for (int x = 0; x < ni; x++) {
      raw[x] = ds.items().row(data.items().rawId(x));
    }
    raw[ni] = row;
    LinkModel.Embedded byHand =
        m.embed(new Tape(), GraphInput.full(g, in.userRows(), itf.encode(raw), 2), false, null);
    float[] want = byHand.items().value().toArray();
    assertThat(grown.newItems()).isEqualTo(1);
    for (int j = 0; j < 8; j++) {
      assertThat(got[1][ni * 8 + j])
          .isCloseTo(want[ni * 8 + j], org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  /** Layer-wise inference in small chunks gives the embeddings of the one-pass forward. */
  @Test
  void scoringAsOfEachLinkSeesTheEarlierLinksOfItsPeriodAndNothingFromItsOwnTimeOn()
      throws Exception {
    // a log whose most active user only arrives in the test period: its earlier rows are dropped
    Path logDir = dir.resolve("cold-log");
    SyntheticImpressions.write(logDir, 200, 60, 8_000, 10, 5);
    Path csv = logDir.resolve("impressions.csv");
    List<String> lines = java.nio.file.Files.readAllLines(csv);
    long[] times =
        lines.stream().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[3])).sorted().toArray();
    long testFrom = times[(int) (0.8 * times.length)];
    List<String> kept = new java.util.ArrayList<>();
    kept.add(lines.get(0));
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",");
      if (!(f[0].equals("u0") && Long.parseLong(f[3]) < testFrom)) {
        kept.add(l);
      }
    }
    java.nio.file.Files.write(csv, kept);
    ImpressionDataset cds = ImpressionDataset.read(logDir, BadRowPolicy.ERROR, null, null);
    LinkData data =
        LinkData.split(
            cds,
            new LinkSplitOptions(
                LinkSplitOptions.Mode.TEMPORAL,
                0.1,
                0.2,
                0.3,
                0,
                List.of("click"),
                4,
                testFrom,
                Long.MAX_VALUE));
    NodeFeatures uf = NodeFeatures.fit(cds.users(), data.users(), data.knownUsers(), 64, "users");
    NodeFeatures itf = NodeFeatures.fit(cds.items(), data.items(), data.knownItems(), 64, "items");
    LinkModel m =
        model(new GraphSageConfig(8, 2, true, "dot", new int[0], false, 0f), data, uf, itf, 3);
    CsrMatrix ur = uf.encode(cds.users(), data.users());
    CsrMatrix ir = itf.encode(cds.items(), data.items());
    HeteroGraph online = data.onlineGraph();
    LinkLabels test = data.test();
    boolean[] cold = data.testSegments().get("cold_users");
    // a cold user's test impression with earlier clicks of its own in the test period
    int pick = -1;
    for (int k = 0; k < test.size() && pick < 0; k++) {
      if (cold[k] && earlierLinks(online, test.users()[k], test.times()[k]) > 0) {
        pick = k;
      }
    }
    assertThat(pick).as("a cold user with earlier links in the test period").isNotNegative();
    int u = test.users()[pick];
    int it = test.items()[pick];
    long t = test.times()[pick];
    assertThat(earlierLinks(data.testGraph(), u, t)).as("cold: nothing before the test").isZero();
    // the graph of only the links before t: the test period's earlier links added to the cut
    HeteroGraph.Adjacency a = online.userToItem(0);
    int n = (int) online.edges();
    int[] lu = new int[n];
    int[] li = new int[n];
    long[] lt = new long[n];
    int m2 = 0;
    for (int r = 0; r < a.rows(); r++) {
      for (int j = a.ptr()[r]; j < a.ptr()[r + 1]; j++) {
        if (a.times()[j] >= data.testFrom() && a.times()[j] < t) {
          lu[m2] = r;
          li[m2] = a.neighbours()[j];
          lt[m2++] = a.times()[j];
        }
      }
    }
    HeteroGraph before =
        data.testGraph().withLinks(online.users(), online.items(), lu, li, new int[m2], lt, m2);
    int[] all = {-1, -1};
    float onlineScore = score(m, online, all, ur, ir, u, it, t);
    // everything from t on (the link itself, later clicks) is invisible: same score without it
    assertThat(score(m, before, all, ur, ir, u, it, t)).isEqualTo(onlineScore);
    // and the earlier links of the period are seen: without them the score differs
    assertThat(score(m, data.testGraph(), all, ur, ir, u, it, t)).isNotEqualTo(onlineScore);
  }

  private static int earlierLinks(HeteroGraph g, int user, long t) {
    HeteroGraph.Adjacency a = g.userToItem(0);
    int c = 0;
    for (int j = a.ptr()[user]; j < a.ptr()[user + 1]; j++) {
      c += a.times()[j] < t ? 1 : 0;
    }
    return c;
  }

  private static float score(
      LinkModel m, HeteroGraph g, int[] fanouts, CsrMatrix ur, CsrMatrix ir, int u, int i, long t) {
    float[] out = new float[1];
    new org.recsys4j.models.TemporalLinkScorer(m, g, fanouts, ur, ir, 5, Parallel.serial())
        .scoreLinks(new int[] {u}, new int[] {i}, new long[] {t}, out);
    return out[0];
  }

  @Test
  void layerwiseInferenceInChunksEqualsTheWholePass() {
    for (boolean normalize : new boolean[] {false, true}) {
      LinkModel m =
          model(
              new GraphSageConfig(8, 2, true, "dot", new int[] {8}, normalize, 0f),
              data,
              uf,
              itf,
              5);
      GraphInput in = task(m).input(data.testGraph());
      LinkModel.Embedded whole = m.embed(new Tape(), in, false, null);
      LinkModel.Embedded chunked = m.embedLayerwise(in, 37, Parallel.serial());
      float[] a = whole.items().value().toArray();
      float[] b = chunked.items().value().toArray();
      float[] c = whole.users().value().toArray();
      float[] d = chunked.users().value().toArray();
      assertThat(b).hasSameSizeAs(a);
      for (int k = 0; k < a.length; k++) {
        assertThat(b[k]).isCloseTo(a[k], org.assertj.core.data.Offset.offset(1e-5f));
      }
      for (int k = 0; k < c.length; k++) {
        assertThat(d[k]).isCloseTo(c[k], org.assertj.core.data.Offset.offset(1e-5f));
      }
    }
  }

  /**
   * Central differences of the full-batch loss against the backward pass, parameter by parameter.
   */
  @Test
  void gradientsOfTheWholeForwardPassMatchFiniteDifferences() {
    for (String scorer : List.of("dot", "mlp")) {
      LinkModel m = model(true, scorer, 4, 7);
      LinkTask t = task(m);
      GraphInput in = t.input(data.trainGraph());
      LinkLabels links = data.trainLinks();
      int n = 200;
      int[] u = java.util.Arrays.copyOf(links.users(), n);
      int[] i = java.util.Arrays.copyOf(links.items(), n);
      float[] y = java.util.Arrays.copyOf(links.labels(), n);
      Tape tape = new Tape();
      m.parameters().zeroGrad();
      LinkModel.Embedded e = m.embed(tape, in, false, null);
      tape.backward(Losses.bceWithLogitsMean(tape, m.logits(tape, e.users(), e.items(), u, i), y));
      Rng pick = new Rng(5);
      int checked = 0;
      for (Parameter p : m.parameters().dense()) {
        for (int s = 0; s < 3; s++) {
          int k = pick.nextInt(p.value().size());
          double num = numeric(m, in, u, i, y, p.value().data(), k);
          assertThat((double) p.grad().data()[k])
              .as(scorer + " " + p.name() + "[" + k + "]")
              .isCloseTo(num, org.assertj.core.data.Offset.offset(2e-3 + 0.02 * Math.abs(num)));
          checked++;
        }
      }
      for (EmbeddingTable table : m.parameters().tables()) {
        float[] dense = table.denseGrad();
        for (int s = 0; s < 3; s++) {
          int k = u[s] * table.dim() + s % table.dim();
          if (table.name().startsWith("item")) {
            k = i[s] * table.dim() + s % table.dim();
          }
          double num = numeric(m, in, u, i, y, table.weights(), k);
          assertThat((double) dense[k])
              .as(scorer + " " + table.name() + "[" + k + "]")
              .isCloseTo(num, org.assertj.core.data.Offset.offset(2e-3 + 0.02 * Math.abs(num)));
          checked++;
        }
      }
      assertThat(checked).isGreaterThan(30);
    }
  }

  private static double numeric(
      LinkModel m, GraphInput in, int[] u, int[] i, float[] y, float[] w, int k) {
    float orig = w[k];
    double h = 1e-2;
    w[k] = (float) (orig + h);
    double plus = loss(m, in, u, i, y);
    w[k] = (float) (orig - h);
    double minus = loss(m, in, u, i, y);
    w[k] = orig;
    return (plus - minus) / (2 * h);
  }

  private static double loss(LinkModel m, GraphInput in, int[] u, int[] i, float[] y) {
    Tape tape = new Tape();
    LinkModel.Embedded e = m.embed(tape, in, false, null);
    Variable z = m.logits(tape, e.users(), e.items(), u, i);
    return Losses.bceWithLogitsMean(tape, z, y).item();
  }
}
