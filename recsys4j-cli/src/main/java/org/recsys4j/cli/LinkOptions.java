package org.recsys4j.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** The options of link models (GraphSAGE): how the impression log is split and sampled. */
final class LinkOptions {
  @Option(
      names = "--disjoint-train-ratio",
      defaultValue = "0.3",
      description =
          "Link models: share of the training links that only supervise and never pass messages, so"
              + " that a link never predicts itself (PyG's disjoint_train_ratio; default: ${DEFAULT-VALUE}).")
  double disjointTrainRatio;

  @Option(
      names = "--resplit-each-epoch",
      description =
          "Link models: draw the supervision links afresh every epoch, --disjoint-train-ratio of all"
              + " training impressions (clicks and real negatives alike), the rest passing messages; by"
              + " default the split is drawn once, as PyG's RandomLinkSplit.")
  boolean resplitEachEpoch;

  @Option(
      names = "--neg-ratio",
      description =
          "Link models: random negatives per click, drawn afresh each epoch and never a training click;"
              + " also added to held-out links when the log has no real negatives (default: 0 when the log"
              + " has shown-not-clicked rows, else 1).")
  Double negRatio;

  @Option(
      names = "--fanout",
      split = ",",
      description =
          "Link models: train on mini-batches of --batch-size supervision links with sampled"
              + " neighbourhoods, this many neighbours per node and edge type at each hop (one per layer,"
              + " -1 = all), e.g. 20,10; without it training is full-batch.")
  int[] fanout;

  @Option(
      names = "--subgraphs",
      defaultValue = "shared",
      description =
          "Link models, mini-batch: shared (one subgraph per batch), disjoint (one per link) or"
              + " temporal (disjoint, and a link only sees edges before its time) (default: ${DEFAULT-VALUE}).")
  String subgraphs;

  @Option(
      names = "--test-from",
      description =
          "Link models, temporal split: the test period starts at this time (epoch seconds or a date)"
              + " instead of the --test-ratio quantile.")
  String testFrom;

  @Option(
      names = "--test-until",
      description =
          "Link models, temporal split: impressions from this time on are left out (the later"
              + " periods of a rolling retraining simulation).")
  String testUntil;

  @Option(
      names = "--period",
      description =
          "Link models, temporal split with --test-from: the test period's length (week, day, hour,"
              + " or e.g. 6h, 2d), instead of --test-until.")
  String period;

  @Option(
      names = "--eval-graph",
      defaultValue = "cut",
      description =
          "Link models, temporal split: the graph a held-out impression is scored over. cut: the links"
              + " before its split began (one graph for all); temporal: every link before the"
              + " impression itself, earlier ones of its own period included, sampled with"
              + " --eval-fanout, as an online system reads its growing log (default: ${DEFAULT-VALUE}).")
  String evalGraph;

  @Option(
      names = "--eval-fanout",
      split = ",",
      description =
          "Link models, --eval-graph temporal: neighbours per node and edge type at each hop when"
              + " scoring (one per layer, -1 = all; default: --fanout, else 20 per hop).")
  int[] evalFanout;

  @Option(
      names = "--message-edges",
      split = ",",
      description =
          "Link models: edge types that pass messages, e.g. click or click,view (default: click for a"
              + " log without an edge-type column, else every type).")
  List<String> messageEdges;

  @Option(
      names = "--user-features",
      split = ",",
      description =
          "Link models: the users table's feature columns to use (default: all; 'none' for none).")
  List<String> userFeatures;

  @Option(
      names = "--item-features",
      split = ",",
      description =
          "Link models: the items table's feature columns to use (default: all; 'none' for none).")
  List<String> itemFeatures;

  /** A column list as the data reader takes it: null = all, empty = none. */
  static List<String> columns(List<String> given) {
    if (given == null) {
      return null;
    }
    return given.size() == 1 && given.get(0).equals("none") ? List.of() : given;
  }
}
