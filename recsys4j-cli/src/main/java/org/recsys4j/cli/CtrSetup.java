package org.recsys4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recsys4j.data.ctr.CtrDataset;
import org.recsys4j.data.ctr.CtrSplits;
import org.recsys4j.data.ctr.NodeEmbeddingJoin;
import org.recsys4j.models.ModelInputs;
import org.recsys4j.models.ModelProvider;
import org.recsys4j.models.ctr.CtrConfig;
import org.recsys4j.models.ctr.CtrModel;
import org.recsys4j.train.BundleSections;
import org.recsys4j.train.CtrTask;

/** {@code train} for a CTR model: processed click-log splits, BCE training, AUC and log loss. */
final class CtrSetup {
  private CtrSetup() {}

  static TrainSetup prepare(TrainCommand c, ModelProvider p) {
    Path cache = Path.of(c.out.toAbsolutePath().normalize() + ".data");
    NodeEmbeddingJoin join = null;
    if (c.nodeEmbeddings != null) {
      List<String> cols = c.joinColumns;
      if (cols.size() != 2) {
        throw new IllegalArgumentException(
            "--join-columns: the user column and the item column, e.g. user,item; got " + cols);
      }
      join =
          NodeEmbeddingJoin.fromExports(
              c.nodeEmbeddings,
              cols.get(0).equals("-") ? null : cols.get(0),
              cols.get(1).equals("-") ? null : cols.get(1));
    }
    CtrSplits s =
        CtrSplits.locate(
            c.data.data,
            c.evalData,
            cache,
            c.holdout,
            c.validRatio,
            c.seed,
            join,
            c.trainFrom == null ? Long.MIN_VALUE : parseTime("--train-from", c.trainFrom));
    CtrDataset train = s.train();
    List<String> notes = new ArrayList<>(s.notes());
    notes.add(
        String.format(
            "%s: %,d rows (%,d clicks), %d dense, %d categorical, %d multi-hot columns; testing on %s",
            train,
            train.rows(),
            train.positives(),
            train.denseCount(),
            train.catCount(),
            train.multiHotCount(),
            s.test() == null ? "nothing" : s.test() + " (" + s.test().rows() + " rows)"));
    CtrConfig config = (CtrConfig) c.modelOptions.config(Map.of(), c::source);
    if (config.model().equals("dlrm")
        && config.bottomMlp().length == 0) { // the default bottom MLP needs the data
      config =
          (CtrConfig)
              c.modelOptions.config(
                  Map.of("bottomMlp", new int[] {train.denseCount(), 64, config.dim()}), c::source);
    }
    if (c.fineTune && join == null) {
      throw new IllegalArgumentException(
          "--fine-tune adjusts joined node embeddings: give them with --node-embeddings");
    }
    List<ModelInputs.Tuned> tuned = new ArrayList<>();
    if (c.fineTune) {
      for (int[] b : train.transforms().joinedBlocks()) {
        tuned.add(new ModelInputs.Tuned(b[0], b[1], b[2]));
      }
    }
    CtrModel model =
        (CtrModel)
            p.create(
                config,
                ModelInputs.of(
                    new ModelInputs.FeatureShape(
                        train.denseCount(),
                        train.cardinalities(),
                        train.multiHotCardinalities(),
                        tuned)),
                c.seed);
    CtrTask task = new CtrTask(model, train, s.validation(), s.test());
    Map<String, Object> ds = new LinkedHashMap<>();
    ds.put("path", train.directory().toAbsolutePath().toString());
    // the raw data read: for an impression log, where serving finds the user and item tables
    ds.put("source", c.data.data.toAbsolutePath().normalize().toString());
    ds.put("rows", train.rows());
    ds.put("dense", train.denseCount());
    ds.put("cardinalities", train.cardinalities());
    ds.put("multi_hot_cardinalities", train.multiHotCardinalities());
    ds.put("holdout", c.holdout);
    if (c.trainFrom != null) {
      ds.put("train_from", parseTime("--train-from", c.trainFrom));
    }
    if (join != null) {
      ds.put(
          "node_embeddings",
          c.nodeEmbeddings.stream().map(x -> x.toAbsolutePath().normalize().toString()).toList());
      ds.put("node_embeddings_version", join.version());
      ds.put("join_columns", join.columns());
      ds.put(
          "fine_tune",
          tuned.stream().map(t -> new int[] {t.denseFrom(), t.width(), t.column()}).toList());
    }
    return new TrainSetup(
        model,
        task,
        BundleSections.ctr(train.transforms()),
        train.directory().getFileName().toString(),
        train.fingerprint(),
        ds,
        notes,
        "",
        null);
  }

  /** Epoch seconds, an ISO date (2026-12-06, midnight UTC) or an ISO instant. */
  static long parseTime(String option, String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      try {
        return java.time.LocalDate.parse(v.trim())
            .atStartOfDay(java.time.ZoneOffset.UTC)
            .toEpochSecond();
      } catch (java.time.format.DateTimeParseException e2) {
        try {
          return java.time.Instant.parse(v.trim()).getEpochSecond();
        } catch (java.time.format.DateTimeParseException e3) {
          throw new IllegalArgumentException(
              option
                  + " must be epoch seconds, a date (2026-12-06) or an instant"
                  + " (2026-12-06T10:00:00Z), got '"
                  + v
                  + "'");
        }
      }
    }
  }
}
