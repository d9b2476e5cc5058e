package org.recsys4j.bench.e2e;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.recsys4j.data.ctr.BadRowPolicy;
import org.recsys4j.data.graph.LinkSplitOptions;
import org.recsys4j.data.graph.NodeFeatures;
import org.recsys4j.data.impressions.ImpressionDataset;
import org.recsys4j.data.impressions.MovieLensLatest;
import org.recsys4j.models.LinkModel;
import org.recsys4j.models.ModelInputs;
import org.recsys4j.models.Models;
import org.recsys4j.models.graphsage.GraphSageConfig;
import org.recsys4j.train.EpochStats;
import org.recsys4j.train.EvalConfig;
import org.recsys4j.train.LinkInputs;
import org.recsys4j.train.OptimizerConfig;
import org.recsys4j.train.RunConfig;
import org.recsys4j.train.ScheduleConfig;
import org.recsys4j.train.TrainListener;
import org.recsys4j.train.Trainer;
import org.recsys4j.train.TrainingConfig;

/**
 * Seconds per full-batch epoch of PyG's "Link Prediction on MovieLens" recipe on ml-latest-small
 * (genres + learned user and movie embeddings, two heterogeneous SAGEConv layers of 64, dot scorer,
 * 10%/10% held-out links with 2 negatives each, 30% of training links supervising, 2 fresh
 * negatives per supervision link, Adam lr 0.001), through the real trainer and task. Prints one
 * JSON line per thread count with the median epoch after {@code --warmup} epochs.
 */
public final class GraphSageMovieLensBench implements Workload {
  @Override
  public String name() {
    return "graphsage-movielens";
  }

  @Override
  public String description() {
    return "seconds per full-batch epoch of the PyG MovieLens recipe: --data ../shared/data/ml-latest-small --threads 1,2 --epochs 30 --warmup 5";
  }

  @Override
  public void run(Map<String, String> options, PrintStream out) throws Exception {
    Options o = new Options(options);
    Path raw = Path.of(o.str("data", "../shared/data/ml-latest-small"));
    int epochs = o.integer("epochs", 30);
    int warmup = o.integer("warmup", 5);
    Path tmp = Files.createTempDirectory("graphsage-movielens");
    try {
      Path dir = raw;
      if (!ImpressionDataset.isDataset(raw)) {
        dir = tmp.resolve("data");
        MovieLensLatest.convert(raw, dir);
      }
      ImpressionDataset ds =
          ImpressionDataset.read(dir, BadRowPolicy.ERROR, List.of(), List.of("genres"));
      LinkInputs in =
          LinkInputs.prepare(
              ds,
              new LinkSplitOptions(
                  LinkSplitOptions.Mode.RANDOM, 0.1, 0.1, 0.3, 2.0, List.of("click"), 2020),
              NodeFeatures.DEFAULT_TEXT_BUCKETS);
      for (int threads : o.integers("threads", "1,2")) {
        LinkModel model =
            (LinkModel)
                Models.create(
                    "graphsage",
                    new GraphSageConfig(64, 2, true, "dot", new int[] {64}, false, 0f),
                    ModelInputs.of(in.shape()),
                    2020);
        List<Double> seconds = new ArrayList<>();
        TrainListener timer =
            new TrainListener() {
              @Override
              public void onEpochEnd(EpochStats s) {
                seconds.add(s.trainSeconds());
              }
            };
        TrainingConfig cfg =
            new TrainingConfig(
                new RunConfig(epochs, 1, threads, 2020),
                new OptimizerConfig("adam", 0.001f),
                ScheduleConfig.CONSTANT,
                EvalConfig.every(0));
        new Trainer(cfg, null, List.of(timer)).fit(in.task(model, 2.0), false);
        double[] s =
            seconds.subList(Math.min(warmup, seconds.size() - 1), seconds.size()).stream()
                .mapToDouble(Double::doubleValue)
                .sorted()
                .toArray();
        out.println(
            new JsonLine("graphsage_movielens_epoch")
                .put("dataset", raw.getFileName().toString())
                .put("threads", threads)
                .put("epochs_timed", s.length)
                .put("seconds_per_epoch", s[s.length / 2])
                .put("min_seconds", s[0])
                .put("max_seconds", s[s.length - 1])
                .put("supervision_links", in.data().trainLinks().size())
                .put("message_edges", in.data().trainGraph().edges()));
        out.flush();
      }
    } finally {
      try (var walk = Files.walk(tmp)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
