package org.recsys4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.recsys4j.core.Parallel;
import org.recsys4j.data.Dataset;
import org.recsys4j.data.Interactions;
import org.recsys4j.eval.EvalResult;
import org.recsys4j.eval.FullRankingEvaluator;
import java.util.Map;
import org.recsys4j.data.ctr.CtrDataset;
import org.recsys4j.data.ctr.MovieLensCtr;
import org.recsys4j.train.CtrBundle;
import org.recsys4j.train.CtrEvaluation;
import org.recsys4j.train.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code recsys4j evaluate}: full-ranking metrics of a saved bundle on a dataset's test split. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Full-ranking evaluation of a bundle on the test split of --data (the bundle's training items are masked); "
        + "for a CTR bundle, AUC, logloss, accuracy and normalised entropy on a processed dataset (<data>/test).",
        "Example: recsys4j evaluate --model runs/gowalla --data ../shared/data/lightgcn-gowalla -k 10,20"})
final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--config", description = "YAML file of option values; flags override it.")
  Path config;

  @Option(names = "--model", required = true, description = "Bundle directory.")
  Path bundle;

  @Mixin DataOptions data;

  @Option(names = {"-k", "--k"}, split = ",", defaultValue = "20", description = "Metric cut-offs, e.g. 10,20.")
  int[] ks;

  @Option(names = "--threads", description = "Worker threads (default: available processors).")
  Integer threads;

  @Option(names = "--eval-batch-size", defaultValue = "256", description = "Users per evaluation batch.")
  int evalBatchSize;

  @Option(names = "--metrics-out", description = "Write the metrics as JSON here.")
  Path metricsOut;

  @Override
  public Integer call() {
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (CtrBundle.isCtrBundle(bundle)) {
      return evaluateCtr(t);
    }
    try (Parallel par = new Parallel(t)) {
      ModelBundle b = ModelBundle.load(bundle, par);
      Dataset ds = data.load();
      Interactions test = BundleIds.remap(ds.test(), ds, b);
      EvalResult r = new FullRankingEvaluator(ks, evalBatchSize, par).evaluate(b.model(), b.train(), test);
      System.out.printf("%s on %s: %d users, %.2fs%n", b.model().type(), ds.name(), r.users(), r.seconds());
      r.metrics().forEach((k, v) -> System.out.printf("  %-14s %.4f%n", k, v));
      if (metricsOut != null) {
        var node = MetricsJson.base(b.model().type(), r.metrics());
        node.put("users", r.users());
        node.put("eval_seconds", r.seconds());
        node.putArray("epochs");
        MetricsJson.write(metricsOut, node);
      }
    }
    return 0;
  }

  /** A CTR bundle on a processed dataset: {@code --data DIR} (its test split) or a dataset directory. */
  private int evaluateCtr(int t) {
    CtrBundle b = CtrBundle.load(bundle);
    Path root = data.data;
    if (CtrData.isMovieLens100k(root)) {
      // raw MovieLens 100K: the u1 test ratings, through the bundle's own transforms
      Path test = CtrData.movieLensFile(root, "u1.test");
      try (Parallel par = new Parallel(t)) {
        Map<String, Double> m = CtrEvaluation.evaluate(b.model(), b.transforms(), MovieLensCtr.source(test, root, 4),
            par);
        return report(b, test, m);
      }
    }
    Path dir = CtrData.testDir(root);
    CtrDataset ds = CtrDataset.open(dir);
    if (!java.util.Arrays.equals(ds.cardinalities(), b.transforms().cardinalities())
        || ds.denseCount() != b.transforms().denseCount()) {
      throw new IllegalArgumentException(dir + " was not processed with the transforms of bundle " + bundle
          + " (different columns or table sizes)");
    }
    try (Parallel par = new Parallel(t)) {
      return report(b, dir, CtrEvaluation.evaluate(b.model(), ds, par));
    }
  }

  private int report(CtrBundle b, Path source, Map<String, Double> m) {
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
