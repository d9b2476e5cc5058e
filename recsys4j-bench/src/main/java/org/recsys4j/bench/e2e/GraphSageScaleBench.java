package org.recsys4j.bench.e2e;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.Rng;
import org.recsys4j.data.ctr.BadRowPolicy;
import org.recsys4j.data.graph.LinkLabels;
import org.recsys4j.data.graph.LinkSplitOptions;
import org.recsys4j.data.graph.NeighborSampler;
import org.recsys4j.data.graph.NodeFeatures;
import org.recsys4j.data.graph.SampledSubgraph;
import org.recsys4j.data.impressions.ImpressionDataset;
import org.recsys4j.data.synthetic.SyntheticImpressions;
import org.recsys4j.models.LinkModel;
import org.recsys4j.models.ModelInputs;
import org.recsys4j.models.Models;
import org.recsys4j.models.graphsage.GraphSageConfig;
import org.recsys4j.train.EvalConfig;
import org.recsys4j.train.LinkInputs;
import org.recsys4j.train.LinkTask;
import org.recsys4j.train.OptimizerConfig;
import org.recsys4j.train.RunConfig;
import org.recsys4j.train.ScheduleConfig;
import org.recsys4j.train.Trainer;
import org.recsys4j.train.TrainingConfig;

/**
 * GraphSAGE at scale on a generated impression log ({@code --users 1000000 --items 100000
 * --impressions 50000000} by default, written once into {@code --data} and reused): the time to
 * read and split it, the sampler's sampled edges per second on 1 and 2 threads (each thread
 * sampling its own batches of 1,024 supervision links plus one random negative each, fan-out 20,10,
 * temporal subgraphs), seconds per mini-batch training step and the epoch they add up to, the share
 * of a step's time the sampler would take on its own thread, layer-wise inference of every node
 * over the whole graph, and the peak heap. One JSON line per measurement.
 */
public final class GraphSageScaleBench implements Workload {
  @Override
  public String name() {
    return "graphsage-scale";
  }

  @Override
  public String description() {
    return "GraphSAGE on a generated log: --users 1000000 --items 100000 --impressions 50000000 --data runs/scale --steps 200 --threads 2";
  }

  @Override
  public void run(Map<String, String> options, PrintStream out) throws Exception {
    Options o = new Options(options);
    int users = o.integer("users", 1_000_000);
    int items = o.integer("items", 100_000);
    long impressions = Long.parseLong(o.str("impressions", "50000000"));
    Path dir = Path.of(o.str("data", "runs/graphsage-scale"));
    int steps = o.integer("steps", 200);
    int threads = o.integer("threads", 2);
    int batch = o.integer("batch-size", 1024);
    NeighborSampler.Mode mode = NeighborSampler.Mode.parse(o.str("subgraphs", "shared"));
    long t0 = System.nanoTime();
    if (!ImpressionDataset.isDataset(dir)) {
      SyntheticImpressions.write(dir, users, items, impressions, 30, 1);
      emit(out, line("generate", t0).put("impressions", impressions).put("bytes", size(dir)));
    }
    t0 = System.nanoTime();
    ImpressionDataset ds = ImpressionDataset.read(dir, BadRowPolicy.ERROR, null, null);
    emit(out, line("read", t0).put("impressions", (long) ds.log().size()));
    t0 = System.nanoTime();
    LinkInputs in =
        LinkInputs.prepare(
            ds,
            new LinkSplitOptions(
                LinkSplitOptions.Mode.TEMPORAL, 0.05, 0.05, 0.3, 0, List.of("click"), 1),
            NodeFeatures.DEFAULT_TEXT_BUCKETS);
    emit(
        out,
        line("split_and_features", t0)
            .put("message_edges", in.data().trainGraph().edges())
            .put("supervision_links", (long) in.data().trainLinks().size()));
    double samplerSecondsPerBatch = sampler(in, batch, 1, mode, out);
    sampler(in, batch, 2, mode, out);
    LinkModel model =
        (LinkModel)
            Models.create(
                "graphsage",
                new GraphSageConfig(64, 2, true, "dot", new int[] {64}, false, 0f),
                ModelInputs.of(in.shape()),
                1);
    LinkTask task = in.task(model, 1.0, new int[] {20, 10}, NeighborSampler.Mode.TEMPORAL);
    int stepsPerEpoch = (in.data().trainLinks().size() + batch - 1) / batch;
    int measured = Math.min(steps, stepsPerEpoch);
    TrainingConfig cfg =
        new TrainingConfig(
            new RunConfig(1, batch, threads, 1),
            new OptimizerConfig("adam", 0.001f),
            ScheduleConfig.CONSTANT,
            EvalConfig.every(0));
    t0 = System.nanoTime();
    new Trainer(cfg, null, List.of()).fit(new StepLimited(task, measured), false);
    double perStep = (System.nanoTime() - t0) / 1e9 / measured;
    emit(
        out,
        line("train_steps", t0)
            .put("threads", (long) threads)
            .put("steps", (long) measured)
            .put("seconds_per_step", perStep)
            .put("steps_per_epoch", (long) stepsPerEpoch)
            .put("seconds_per_epoch_extrapolated", perStep * stepsPerEpoch)
            .put("sampler_share_of_step", samplerSecondsPerBatch / perStep));
    t0 = System.nanoTime();
    try (Parallel par = new Parallel(threads)) {
      LinkModel.Embedded e = model.embedAll(task.input(in.data().testGraph()), par);
      emit(
          out,
          line("layerwise_inference", t0)
              .put("threads", (long) threads)
              .put("nodes", (long) (e.users().value().rows() + e.items().value().rows())));
    }
    emit(out, new JsonLine("graphsage_scale_heap").put("peak_heap_mb", peakHeapMb()));
  }

  /**
   * Sampled edges per second with {@code t} threads, each sampling its own batches; returns the
   * seconds per batch of one thread.
   */
  private static double sampler(
      LinkInputs in, int batch, int t, NeighborSampler.Mode mode, PrintStream out)
      throws Exception {
    LinkLabels sup = in.data().trainLinks();
    int batches = 40;
    ExecutorService pool = Executors.newFixedThreadPool(t);
    try {
      long t0 = System.nanoTime();
      Future<?>[] f = new Future<?>[t];
      long[] edges = new long[t];
      for (int w = 0; w < t; w++) {
        int worker = w;
        f[w] =
            pool.submit(
                () -> {
                  NeighborSampler s =
                      new NeighborSampler(
                          in.data().trainGraph(),
                          new int[] {20, 10},
                          NeighborSampler.Mode.TEMPORAL);
                  SampledSubgraph g = new SampledSubgraph();
                  Rng r = Rng.derive(9, worker);
                  int[] u = new int[2 * batch];
                  int[] i = new int[2 * batch];
                  long[] ts = new long[2 * batch];
                  for (int b = 0; b < batches; b++) {
                    for (int k = 0; k < 2 * batch; k++) {
                      int s2 = r.nextInt(sup.size());
                      u[k] = sup.users()[s2];
                      i[k] = k < batch ? sup.items()[s2] : r.nextInt(in.data().items().size());
                      ts[k] = sup.times()[s2];
                    }
                    s.sample(u, i, ts, 2 * batch, r, g);
                    edges[worker] += g.sampledEdges();
                  }
                });
      }
      long total = 0;
      for (int w = 0; w < t; w++) {
        f[w].get();
        total += edges[w];
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      out.println(
          new JsonLine("graphsage_scale_sampler")
              .put("threads", t)
              .put("subgraphs", mode.id())
              .put("batches", (long) batches * t)
              .put("sampled_edges", total)
              .put("seconds", secs)
              .put("sampled_edges_per_second", total / secs));
      out.flush();
      return secs / batches;
    } finally {
      pool.shutdownNow();
    }
  }

  private static JsonLine line(String what, long t0) {
    return new JsonLine("graphsage_scale_" + what).put("seconds", (System.nanoTime() - t0) / 1e9);
  }

  private static void emit(PrintStream out, JsonLine j) {
    out.println(j);
    out.flush();
  }

  private static long size(Path dir) throws java.io.IOException {
    try (var s = Files.list(dir)) {
      return s.mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static double peakHeapMb() {
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    return peak / 1048576.0;
  }
}
