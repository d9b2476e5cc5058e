package org.recsys4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.recsys4j.core.Parallel;
import org.recsys4j.data.Dataset;
import org.recsys4j.data.synthetic.SyntheticInteractions;
import org.recsys4j.eval.EvalResult;
import org.recsys4j.eval.FullRankingEvaluator;
import org.recsys4j.models.lightgcn.LightGcn;
import org.recsys4j.models.lightgcn.LightGcnConfig;
import org.recsys4j.models.pop.Popularity;
import org.recsys4j.train.BundleSections;
import org.recsys4j.train.EvalConfig;
import org.recsys4j.train.ModelBundle;
import org.recsys4j.train.OptimizerConfig;
import org.recsys4j.train.ProgressListener;
import org.recsys4j.train.RankingTask;
import org.recsys4j.train.RunConfig;
import org.recsys4j.train.ScheduleConfig;
import org.recsys4j.train.TrainReport;
import org.recsys4j.train.Trainer;
import org.recsys4j.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recsys4j quickstart}: the main job end to end on generated data: generate interactions
 * with planted communities, train LightGCN, compare it with the popularity baseline under full
 * ranking, save a bundle and recommend for one user.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Generate data, train LightGCN, compare with popularity, save a bundle, recommend (under a minute).")
final class QuickstartCommand implements Callable<Integer> {
  @Option(names = "--config", description = "YAML file of option values; flags override it.")
  Path config;

  @Option(
      names = "--epochs",
      defaultValue = "10",
      description = "Training epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--threads", description = "Worker threads (default: available processors).")
  Integer threads;

  @Option(
      names = "--seed",
      defaultValue = "2020",
      description = "Seed of data, initialisation and sampling.")
  long seed;

  @Option(
      names = "--out",
      defaultValue = "runs/quickstart",
      description = "Bundle directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--metrics-out",
      description = "Write the training run's final and per-epoch metrics as JSON here.")
  Path metricsOut;

  @Override
  public Integer call() throws java.io.IOException {
    long t0 = System.nanoTime();
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    Dataset ds = SyntheticInteractions.quickstart(seed).generate();
    System.out.println("generated " + ds.summary());
    int batchSize = 1024;
    float lr = 0.005f;
    TrainingConfig cfg =
        new TrainingConfig(
            new RunConfig(epochs, batchSize, t, seed),
            new OptimizerConfig("adam", lr),
            ScheduleConfig.CONSTANT,
            EvalConfig.every(5));
    RankingTask.Options options = RankingTask.Options.of(10, 20);
    LightGcn model = new LightGcn(new LightGcnConfig(64, 3, 1e-4f, 0.1f), ds.train(), seed);
    Path target = out.toAbsolutePath().normalize();
    org.recsys4j.core.io.OutputDirectories.checkReplaceable(
        target, "bundle", ModelBundle::isBundle);
    TrainReport report =
        new Trainer(cfg, null, List.of(ProgressListener.auto(System.out, batchSize)))
            .fit(new RankingTask(model, ds.train(), null, ds.test(), options), false);
    EvalResult pop;
    try (Parallel par = new Parallel(t)) {
      pop =
          new FullRankingEvaluator(options.ks(), 256, par)
              .evaluate(new Popularity(ds.train()), ds.train(), ds.test());
    }
    System.out.println();
    System.out.printf(
        "%-12s %10s %10s %10s %10s%n", "model", "recall@10", "ndcg@10", "recall@20", "ndcg@20");
    row("popularity", pop.metrics());
    row("LightGCN", report.best());
    double lift = report.best().get("recall@20") / pop.get("recall@20");
    System.out.printf("LightGCN recall@20 is %.2fx popularity%n", lift);
    ModelBundle.save(
        target,
        model,
        BundleSections.ranking(ds.users(), ds.items(), ds.train()),
        new ModelBundle.Provenance(
            ds.name(),
            ds.fingerprint(),
            Map.of(),
            seed,
            t,
            Map.of("epochs", epochs, "batch_size", batchSize, "lr", lr),
            report.best(),
            report.selectedBy(),
            null));
    int[] top =
        model.recommend(
            0,
            5,
            java.util.Arrays.copyOfRange(
                ds.train().items(), ds.train().userPtr()[0], ds.train().userPtr()[1]));
    StringBuilder sb = new StringBuilder();
    for (int i : top) {
      sb.append(' ').append(ds.items().rawId(i));
    }
    System.out.println(
        "saved bundle " + out + "; top-5 for user " + ds.users().rawId(0) + ":" + sb);
    if (metricsOut != null) {
      MetricsJson.write(metricsOut, MetricsJson.train(report));
    }
    serveOnce(out, ds.users().rawId(0));
    System.out.printf("quickstart finished in %.1fs%n", (System.nanoTime() - t0) / 1e9);
    if (lift <= 1.0) {
      System.err.println("error: LightGCN did not beat popularity on the planted data");
      return 1;
    }
    return 0;
  }

  private static void row(String name, Map<String, Double> m) {
    System.out.printf(
        "%-12s %10.4f %10.4f %10.4f %10.4f%n",
        name, m.get("recall@10"), m.get("ndcg@10"), m.get("recall@20"), m.get("ndcg@20"));
  }

  /**
   * The last step of the tour: the bundle served over HTTP on a free loopback port, one request for
   * {@code user} sent and its answer printed, then the server stopped.
   */
  private static void serveOnce(Path bundle, String user) throws java.io.IOException {
    try (org.recsys4j.serve.RecommendServer server =
        new org.recsys4j.serve.RecommendServer(
                org.recsys4j.serve.Catalog.load(bundle), org.recsys4j.serve.ServeLimits.defaults())
            .start("127.0.0.1", 0)) {
      String body = "{\"user\": \"" + user + "\", \"k\": 5}";
      java.net.http.HttpResponse<String> r =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(
                              "http://127.0.0.1:" + server.port() + "/v1/recommend"))
                      .header("Content-Type", "application/json")
                      .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      System.out.println(
          "served it over HTTP (recsys4j serve --retrieval "
              + bundle
              + "): POST /v1/recommend "
              + body
              + " -> "
              + r.statusCode()
              + " "
              + r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.IOException("interrupted while asking the server", e);
    }
  }
}
