package org.recsys4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.recsys4j.core.Parallel;
import org.recsys4j.data.Dataset;
import org.recsys4j.data.Interactions;
import org.recsys4j.data.ctr.CtrDataset;
import org.recsys4j.data.ctr.CtrSplits;
import org.recsys4j.data.ctr.MovieLensCtr;
import org.recsys4j.data.ctr.RowSource;
import org.recsys4j.eval.CtrEvaluator;
import org.recsys4j.eval.EvalResult;
import org.recsys4j.eval.FullRankingEvaluator;
import org.recsys4j.train.ModelBundle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code recsys4j evaluate}: the held-out metrics of a saved bundle of any family. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Evaluate a bundle: full ranking on the test split of --data for a ranking model (the bundle's "
          + "training items are masked; the data is read and split as recorded in the bundle unless split options are "
          + "given), AUC, logloss, accuracy and normalised entropy on a processed dataset (<data>/test) for a CTR model.",
      "Example: recsys4j evaluate --model runs/gowalla --data ../shared/data/lightgcn-gowalla -k 10,20"
    })
final class EvaluateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--config",
      description = "YAML file of option values (a training recipe works); flags override it.")
  Path config;

  @Option(names = "--model", description = "Bundle directory.")
  Path bundle;

  @Option(
      names = "--baseline",
      description =
          "Instead of a bundle: popularity (an item's clicks before the test period) on the latest"
              + " --test-ratio of an impression log, overall and on cold users, cold items and known pairs.")
  String baseline;

  @Mixin DataOptions data;

  @Option(
      names = {"-k", "--k"},
      split = ",",
      defaultValue = "20",
      description = "Metric cut-offs, e.g. 10,20.")
  int[] ks;

  @Option(names = "--threads", description = "Worker threads (default: available processors).")
  Integer threads;

  @Option(
      names = "--eval-batch-size",
      defaultValue = "256",
      description = "Users per evaluation batch.")
  int evalBatchSize;

  @Option(
      names = "--allow-other-data",
      description =
          "Evaluate even when --data is not the data the bundle was "
              + "trained on (its fingerprint differs).")
  boolean allowOtherData;

  @Option(names = "--metrics-out", description = "Write the metrics as JSON here.")
  Path metricsOut;

  @Override
  public Integer call() {
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if ((bundle == null) == (baseline == null)) {
      throw new IllegalArgumentException("give --model DIR or --baseline popularity");
    }
    try (Parallel par = new Parallel(t)) {
      if (baseline != null) {
        if (!baseline.equals("popularity")) {
          throw new IllegalArgumentException(
              "--baseline must be popularity, got '" + baseline + "'");
        }
        double ratio = ConfigFile.given(spec, "--test-ratio") ? data.testRatio : 0.1;
        EvalResult r = LinkEvaluation.popularity(data.data, ratio, par);
        return print("popularity", data.data.toString(), r.metrics(), r.seconds());
      }
      ModelBundle b = ModelBundle.load(bundle, par);
      return switch (b.family()) {
        case CTR -> evaluateCtr(b, par);
        case RANKING -> evaluateRanking(b, par);
        case LINK -> {
          EvalResult r = LinkEvaluation.bundle(b, data.data, par);
          yield print(b.model().type(), data.data.toString(), r.metrics(), r.seconds());
        }
      };
    }
  }

  private int print(String model, String source, Map<String, Double> m, double secs) {
    System.out.printf("%s on %s: %.2fs%n", model, source, secs);
    m.forEach((k, v) -> System.out.printf("  %-16s %.4f%n", k, v));
    if (metricsOut != null) {
      var node = MetricsJson.base(model, m);
      node.put("eval_seconds", secs);
      node.putArray("epochs");
      MetricsJson.write(metricsOut, node);
    }
    return 0;
  }

  private int evaluateRanking(ModelBundle b, Parallel par) {
    JsonNode recorded = b.manifest().path("dataset");
    data.adoptRecorded(recorded, spec);
    Dataset ds = data.load();
    String trained = recorded.path("fingerprint").asText("");
    if (!trained.isEmpty() && !trained.equals(ds.fingerprint())) {
      String msg =
          "--data "
              + data.data
              + " read and split this way has fingerprint "
              + ds.fingerprint()
              + ", the bundle was trained on "
              + trained
              + " (other data, or another split)";
      if (!allowOtherData) {
        throw new IllegalArgumentException(
            msg
                + "; the metrics would not be comparable (--allow-other-data to "
                + "evaluate anyway)");
      }
      System.out.println("warning: " + msg);
    }
    Interactions test = BundleIds.remap(ds.test(), ds, b);
    EvalResult r =
        new FullRankingEvaluator(ks, evalBatchSize, par)
            .evaluate(b.rankingModel("evaluate"), b.exclusions(), test);
    System.out.printf(
        "%s on %s: %d users, %.2fs%n", b.model().type(), ds.name(), r.users(), r.seconds());
    r.metrics().forEach((k, v) -> System.out.printf("  %-14s %.4f%n", k, v));
    if (metricsOut != null) {
      var node = MetricsJson.base(b.model().type(), r.metrics());
      node.put("users", r.users());
      node.put("eval_seconds", r.seconds());
      node.putArray("epochs");
      MetricsJson.write(metricsOut, node);
    }
    return 0;
  }

  /**
   * A CTR bundle on a processed dataset ({@code --data DIR}: its test split) or on raw MovieLens
   * 100K.
   */
  private int evaluateCtr(ModelBundle b, Parallel par) {
    Path root = data.data;
    if (MovieLensCtr.isMovieLens100k(
        root)) { // its u1 test ratings, through the bundle's transforms
      RowSource test = MovieLensCtr.u1Test(root);
      return report(
          b, test.name(), CtrEvaluator.evaluate(b.ctrModel("evaluate"), b.transforms(), test, par));
    }
    double holdout = b.manifest().path("dataset").path("holdout").asDouble(0);
    if (org.recsys4j.data.impressions.ImpressionDataset.isDataset(root)) {
      RowSource test =
          org.recsys4j.data.ctr.ImpressionCtr.of(
                  org.recsys4j.data.impressions.ImpressionDataset.read(
                      root, org.recsys4j.data.ctr.BadRowPolicy.ERROR, null, null),
                  holdout)
              .test();
      return report(
          b, test.name(), CtrEvaluator.evaluate(b.ctrModel("evaluate"), b.transforms(), test, par));
    }
    CtrSplits s = CtrSplits.locate(root, null, null, holdout, 0, 0);
    if (s.test() == null) {
      throw new IllegalArgumentException(root + " has no test split to evaluate on");
    }
    CtrDataset ds = s.test();
    if (!java.util.Arrays.equals(ds.cardinalities(), b.transforms().cardinalities())
        || ds.denseCount() != b.transforms().denseCount()) {
      throw new IllegalArgumentException(
          ds
              + " was not processed with the transforms of bundle "
              + bundle
              + " (different columns or table sizes)");
    }
    return report(b, ds.toString(), CtrEvaluator.evaluate(b.ctrModel("evaluate"), ds, par));
  }

  private int report(ModelBundle b, String source, Map<String, Double> m) {
    double secs = m.remove("seconds");
    System.out.printf("%s on %s: %.2fs%n", b.model().type(), source, secs);
    m.forEach((k, v) -> System.out.printf("  %-10s %.4f%n", k, v));
    if (metricsOut != null) {
      var node = MetricsJson.base(b.model().type(), m);
      node.put("eval_seconds", secs);
      node.putArray("epochs");
      MetricsJson.write(metricsOut, node);
    }
    return 0;
  }
}
