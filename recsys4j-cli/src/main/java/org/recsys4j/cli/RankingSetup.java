package org.recsys4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.recsys4j.data.Dataset;
import org.recsys4j.data.Interactions;
import org.recsys4j.data.sampling.BprSampler;
import org.recsys4j.data.split.Splits;
import org.recsys4j.models.ModelInputs;
import org.recsys4j.models.ModelProvider;
import org.recsys4j.models.RankingModel;
import org.recsys4j.train.BundleSections;
import org.recsys4j.train.RankingTask;

/**
 * {@code train} for a ranking model: an interaction log read and split, BPR training, full-ranking
 * evaluation.
 */
final class RankingSetup {
  private RankingSetup() {}

  static TrainSetup prepare(TrainCommand c, ModelProvider p) {
    Dataset ds = c.data.load();
    List<String> notes = new ArrayList<>();
    notes.add(ds.summary() + " (fingerprint " + ds.fingerprint() + ")");
    Interactions train = ds.train();
    Interactions valid = null;
    if (c.validRatio > 0) {
      Splits.Carved cv = Splits.carvePerUser(train, c.validRatio, c.data.splitSeed);
      train = cv.kept();
      valid = cv.heldOut();
      notes.add(
          String.format(
              "validation: %,d of the training interactions (valid-ratio %s, per user) select the "
                  + "epoch",
              valid.size(), c.validRatio));
    }
    RankingModel model =
        (RankingModel)
            p.create(c.modelOptions.config(Map.of(), c::source), ModelInputs.of(train), c.seed);
    RankingTask.Options options =
        new RankingTask.Options(
            BprSampler.Mode.parse(c.sampling),
            c.negatives,
            c.sharedNegatives,
            c.ks,
            c.evalBatchSize);
    RankingTask task = new RankingTask(model, train, valid, ds.test(), options);
    return new TrainSetup(
        model,
        task,
        BundleSections.ranking(ds.users(), ds.items(), train, valid),
        ds.name(),
        ds.fingerprint(),
        c.data.recorded(),
        notes,
        ", "
            + options.sampling().id()
            + " sampling, "
            + (c.sharedNegatives > 0
                ? "a shared pool of " + c.sharedNegatives + " negatives"
                : c.negatives + " negative(s)"),
        null);
  }
}
