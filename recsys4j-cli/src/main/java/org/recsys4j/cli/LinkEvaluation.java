package org.recsys4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.recsys4j.core.Parallel;
import org.recsys4j.data.ctr.BadRowPolicy;
import org.recsys4j.data.graph.LinkData;
import org.recsys4j.data.graph.LinkLabels;
import org.recsys4j.data.graph.LinkSplitOptions;
import org.recsys4j.data.impressions.ImpressionDataset;
import org.recsys4j.eval.EvalResult;
import org.recsys4j.eval.LinkEvaluator;
import org.recsys4j.eval.LinkScorer;
import org.recsys4j.train.LinkEmbedder;
import org.recsys4j.train.ModelBundle;

/**
 * {@code evaluate} for link models and the popularity baseline on an impression log: the log split
 * again as recorded (or as given), the test links scored, AUC overall and on the impressions of
 * cold users, cold items and known pairs.
 */
final class LinkEvaluation {
  private LinkEvaluation() {}

  /** A link bundle on the test links of the data it was trained on, split as it recorded. */
  static EvalResult bundle(ModelBundle b, Path dataDir, Parallel par) {
    JsonNode d = b.manifest().path("dataset");
    ImpressionDataset ds = read(dataDir);
    if (!ds.fingerprint().equals(d.path("fingerprint").asText())) {
      throw new IllegalArgumentException(
          dataDir
              + " has fingerprint "
              + ds.fingerprint()
              + ", the bundle was trained on "
              + d.path("fingerprint").asText()
              + " (other data)");
    }
    List<String> types = new ArrayList<>();
    d.path("message_edges").forEach(n -> types.add(n.asText()));
    LinkSplitOptions o =
        new LinkSplitOptions(
            LinkSplitOptions.Mode.parse(d.path("split").asText()),
            d.path("valid_ratio").asDouble(),
            d.path("test_ratio").asDouble(),
            d.path("disjoint_train_ratio").asDouble(),
            ds.log().clicks() < ds.log().size() ? 0 : negRatio(b),
            types,
            d.path("split_seed").asLong(),
            d.has("test_from_given") ? d.path("test_from_given").asLong() : Long.MIN_VALUE,
            d.has("test_until") ? d.path("test_until").asLong() : Long.MAX_VALUE);
    LinkData data = LinkData.split(ds, o);
    if (data.users().size() != b.users().size() || data.items().size() != b.items().size()) {
      throw new IllegalArgumentException(
          dataDir + " split as recorded does not give the bundle's nodes; was it trained warm?");
    }
    LinkLabels test = data.test();
    if (test == null) {
      throw new IllegalArgumentException("the bundle's split has no test links");
    }
    LinkScorer s = LinkEmbedder.of(b).scorer(par);
    return LinkEvaluator.on(test.users(), test.items(), test.labels(), data.testSegments())
        .evaluate(s, par);
  }

  private static double negRatio(ModelBundle b) {
    return b.manifest().path("training").path("neg_ratio").asDouble(1);
  }

  /**
   * The popularity baseline: an item's clicks before the test period as its score, on the latest
   * {@code testRatio} of the impressions.
   */
  static EvalResult popularity(Path dataDir, double testRatio, Parallel par) {
    ImpressionDataset ds = read(dataDir);
    LinkData data =
        LinkData.split(
            ds,
            new LinkSplitOptions(
                LinkSplitOptions.Mode.TEMPORAL, 0, testRatio, 0, 0, List.of(messageType(ds)), 0));
    float[] clicks = new float[data.items().size()];
    var g = data.testGraph(); // every click before the test
    for (int i = 0; i < clicks.length; i++) {
      clicks[i] = g.itemToUser(0).degree(i);
    }
    LinkLabels test = data.test();
    LinkScorer pop =
        (users, items, out) -> {
          for (int k = 0; k < users.length; k++) {
            out[k] = clicks[items[k]] / (1f + clicks[items[k]]);
          }
        };
    return LinkEvaluator.on(test.users(), test.items(), test.labels(), data.testSegments())
        .evaluate(pop, par);
  }

  private static String messageType(ImpressionDataset ds) {
    return ds.log().edgeTypes().get(0);
  }

  /** The impression log of {@code dataDir}; raw MovieLens is converted in a temporary directory. */
  static ImpressionDataset read(Path dataDir) {
    if (ImpressionDataset.isDataset(dataDir)) {
      return ImpressionDataset.read(dataDir, BadRowPolicy.ERROR, null, null);
    }
    try {
      Path tmp = java.nio.file.Files.createTempDirectory("recsys4j-eval");
      try {
        Path dir = LinkSetup.impressionDir(dataDir, tmp.resolve("data"), new ArrayList<>());
        return ImpressionDataset.read(dir, BadRowPolicy.ERROR, null, null);
      } finally {
        org.recsys4j.core.io.AtomicFiles.deleteTree(tmp);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
