package org.recsys4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recsys4j.data.ctr.BadRowPolicy;
import org.recsys4j.data.ctr.MovieLensCtr;
import org.recsys4j.data.graph.LinkData;
import org.recsys4j.data.graph.LinkSplitOptions;
import org.recsys4j.data.graph.NeighborSampler;
import org.recsys4j.data.graph.NodeFeatures;
import org.recsys4j.data.impressions.ImpressionDataset;
import org.recsys4j.data.impressions.ImpressionLog;
import org.recsys4j.data.impressions.MovieLensImpressions;
import org.recsys4j.data.impressions.MovieLensLatest;
import org.recsys4j.models.LinkModel;
import org.recsys4j.models.ModelInputs;
import org.recsys4j.models.ModelProvider;
import org.recsys4j.train.BundleSections;
import org.recsys4j.train.LinkInputs;
import org.recsys4j.train.LinkTask;
import org.recsys4j.train.ModelBundle;
import org.recsys4j.train.WarmStart;

/**
 * {@code train} for a link model: an impression log (or raw MovieLens, converted) split into
 * message-passing and supervision links, BCE training over the graph, AUC on held-out links.
 */
final class LinkSetup {
  private LinkSetup() {}

  /** The impression-log directory of {@code data}, converting raw MovieLens into {@code cache}. */
  static Path impressionDir(Path data, Path cache, List<String> notes) {
    if (ImpressionDataset.isDataset(data)) {
      return data;
    }
    if (MovieLensCtr.isMovieLens100k(data)) {
      long n = MovieLensImpressions.convert(data, cache);
      notes.add(String.format("converted %s: %,d ratings as impressions into %s", data, n, cache));
      return cache;
    }
    if (MovieLensLatest.isLatest(data)) {
      long n = MovieLensLatest.convert(data, cache);
      notes.add(String.format("converted %s: %,d ratings as links into %s", data, n, cache));
      return cache;
    }
    throw new IllegalArgumentException(
        data
            + ": not an impression log (expected schema.yaml and impressions.csv[.gz]; raw"
            + " MovieLens 100K or MovieLens latest directories are converted)");
  }

  /**
   * The fan-out of scoring over the graph as of each held-out impression ({@code --eval-graph
   * temporal}), or null for scoring over the graph at the split's cut.
   */
  static int[] evalFanout(LinkOptions lo, int layers, LinkSplitOptions.Mode mode) {
    switch (lo.evalGraph) {
      case "cut":
        if (lo.evalFanout != null) {
          throw new IllegalArgumentException("--eval-fanout applies to --eval-graph temporal only");
        }
        return null;
      case "temporal":
        if (mode != LinkSplitOptions.Mode.TEMPORAL) {
          throw new IllegalArgumentException(
              "--eval-graph temporal needs the temporal split: a random split holds out links from"
                  + " the middle of the log, so the links before one are not all it may see");
        }
        int[] f = lo.evalFanout != null ? lo.evalFanout : lo.fanout;
        if (f == null) {
          f = new int[layers];
          java.util.Arrays.fill(f, 20);
        }
        if (f.length != layers) {
          throw new IllegalArgumentException(
              "--eval-fanout: one value per layer expected ("
                  + layers
                  + "), got "
                  + java.util.Arrays.toString(f));
        }
        return f;
      default:
        throw new IllegalArgumentException(
            "--eval-graph: expected cut or temporal, got '" + lo.evalGraph + "'");
    }
  }

  /** The end of the test period: --test-until, --test-from plus --period, or none. */
  static long testUntil(LinkOptions lo) {
    if (lo.period != null) {
      if (lo.testUntil != null) {
        throw new IllegalArgumentException("give --period or --test-until, not both");
      }
      if (lo.testFrom == null) {
        throw new IllegalArgumentException(
            "--period is the length of the test period from --test-from; give --test-from");
      }
      return CtrSetup.parseTime("--test-from", lo.testFrom)
          + org.recsys4j.data.graph.TimePeriods.parseSeconds("--period", lo.period);
    }
    return lo.testUntil == null ? Long.MAX_VALUE : CtrSetup.parseTime("--test-until", lo.testUntil);
  }

  static TrainSetup prepare(TrainCommand c, ModelProvider p) {
    List<String> notes = new ArrayList<>();
    LinkOptions lo = c.linkOptions;
    Path cache = Path.of(c.out.toAbsolutePath().normalize() + ".data");
    Path dir = impressionDir(c.data.data, cache, notes);
    ImpressionDataset ds =
        ImpressionDataset.read(
            dir,
            BadRowPolicy.ERROR,
            LinkOptions.columns(lo.userFeatures),
            LinkOptions.columns(lo.itemFeatures));
    ImpressionLog log = ds.log();
    boolean realNegatives = log.clicks() < log.size();
    double negRatio = lo.negRatio != null ? lo.negRatio : realNegatives ? 0 : 1;
    boolean splitGiven = ConfigFile.given(c.spec, "--split");
    LinkSplitOptions.Mode mode =
        splitGiven
            ? LinkSplitOptions.Mode.parse(c.data.split)
            : log.timed() ? LinkSplitOptions.Mode.TEMPORAL : LinkSplitOptions.Mode.RANDOM;
    double testRatio = ConfigFile.given(c.spec, "--test-ratio") ? c.data.testRatio : 0.1;
    List<String> messageTypes =
        lo.messageEdges != null
            ? lo.messageEdges
            : log.edgeTypes().equals(ImpressionLog.LABEL_EDGE_TYPES)
                ? List.of("click")
                : log.edgeTypes();
    LinkSplitOptions so =
        new LinkSplitOptions(
            mode,
            c.validRatio,
            testRatio,
            lo.disjointTrainRatio,
            realNegatives ? 0 : negRatio,
            messageTypes,
            c.data.splitSeed,
            lo.testFrom == null ? Long.MIN_VALUE : CtrSetup.parseTime("--test-from", lo.testFrom),
            testUntil(lo));
    ModelBundle parent = null;
    if (c.warmStart != null) {
      parent = ModelBundle.load(c.warmStart, org.recsys4j.core.Parallel.serial());
      parent.linkModel("--warm-start");
      if (!parent.model().type().equals(p.type())) {
        throw new IllegalArgumentException(
            "--warm-start "
                + c.warmStart
                + " holds a "
                + parent.model().type()
                + " model, not "
                + p.type());
      }
      List<String> changed = c.modelOptions.changedFrom(parent.model().config(), c::source);
      if (!changed.isEmpty()) {
        throw new IllegalArgumentException(
            "a warm start keeps the earlier model's configuration; "
                + String.join(", ", changed)
                + (changed.size() == 1 ? " changes" : " change")
                + " it");
      }
      if (!parent.graph().edgeTypes().equals(messageTypes)) {
        throw new IllegalArgumentException(
            "--warm-start: the earlier model passes messages over "
                + parent.graph().edgeTypes()
                + ", this run over "
                + messageTypes);
      }
    }
    LinkInputs in =
        parent == null
            ? LinkInputs.prepare(ds, so, NodeFeatures.DEFAULT_TEXT_BUCKETS)
            : LinkInputs.prepareWarm(ds, so, parent);
    LinkData data = in.data();
    NodeFeatures uf = in.userFeatures();
    NodeFeatures itf = in.itemFeatures();
    notes.add(
        String.format(
            "%s: %,d impressions (%,d clicks), %,d users (%d feature columns, width %d), %,d items"
                + " (%d feature columns, width %d), fingerprint %s",
            log.source(),
            log.size(),
            log.clicks(),
            data.users().size(),
            uf.schema().features().size(),
            uf.width(),
            data.items().size(),
            itf.schema().features().size(),
            itf.width(),
            ds.fingerprint()));
    notes.add(
        String.format(
            "%s split: training %,d supervision links over %,d message edges (%s), validation %s,"
                + " test %s%s",
            mode.id(),
            data.trainLinks().size(),
            data.trainGraph().edges(),
            String.join("+", messageTypes),
            data.valid() == null ? "none" : String.format("%,d links", data.valid().size()),
            data.test() == null ? "none" : String.format("%,d links", data.test().size()),
            data.testFrom() == Long.MIN_VALUE
                ? ""
                : " (test from " + java.time.Instant.ofEpochSecond(data.testFrom()) + ")"));
    Record config =
        parent != null ? parent.model().config() : c.modelOptions.config(Map.of(), c::source);
    LinkModel model = (LinkModel) p.create(config, ModelInputs.of(in.shape()), c.seed);
    if (parent != null) {
      long added = WarmStart.transfer(parent.model().weights(), model);
      notes.add(
          String.format(
              "warm start from %s: its weights, %d new node rows starting from their features",
              c.warmStart, added));
    }
    LinkTask task =
        lo.fanout == null
            ? in.task(model, negRatio)
            : in.task(model, negRatio, lo.fanout, NeighborSampler.Mode.parse(lo.subgraphs));
    task.resplitEachEpoch(lo.resplitEachEpoch);
    int[] evalFanout = evalFanout(lo, model.layers(), mode);
    if (evalFanout != null) {
      task.scoreOnline(evalFanout);
    }
    Map<String, Object> recorded = new LinkedHashMap<>();
    recorded.put("path", c.data.data.toAbsolutePath().toString());
    recorded.put("split", mode.id());
    recorded.put("test_ratio", testRatio);
    if (lo.testFrom != null) {
      recorded.put("test_from_given", so.testFrom());
    }
    if (so.testUntil() != Long.MAX_VALUE) {
      recorded.put("test_until", so.testUntil());
    }
    recorded.put("valid_ratio", c.validRatio);
    recorded.put("split_seed", c.data.splitSeed);
    recorded.put("disjoint_train_ratio", lo.disjointTrainRatio);
    recorded.put("message_edges", messageTypes);
    recorded.put("eval_graph", lo.evalGraph);
    if (evalFanout != null) {
      recorded.put("eval_fanout", evalFanout);
    }
    recorded.put("impressions", log.size());
    recorded.put("users", data.users().size());
    recorded.put("items", data.items().size());
    recorded.put("known_users", data.knownUsers());
    recorded.put("known_items", data.knownItems());
    if (data.testFrom() != Long.MIN_VALUE) {
      recorded.put("test_from", data.testFrom());
    }
    return new TrainSetup(
        model,
        task,
        BundleSections.link(data.users(), data.items(), in.section()),
        dir.getFileName().toString(),
        ds.fingerprint(),
        recorded,
        notes,
        (lo.fanout == null
                ? ", full batch, "
                : ", mini-batch with fan-out "
                    + java.util.Arrays.toString(lo.fanout)
                    + " ("
                    + lo.subgraphs
                    + " subgraphs), ")
            + negRatio
            + " random negative(s) per click",
        parent == null ? null : c.warmStart.toAbsolutePath().normalize().toString());
  }
}
