package org.recsys4j.bench.e2e;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.optim.Optimizer;
import org.recsys4j.data.Dataset;
import org.recsys4j.data.DatasetLoader;
import org.recsys4j.data.sampling.BprBatch;
import org.recsys4j.data.sampling.BprSampler;
import org.recsys4j.models.lightgcn.LightGcn;
import org.recsys4j.models.lightgcn.LightGcnConfig;

/**
 * Seconds per LightGCN training epoch at the paper's settings (batch 2048, dim 64, 3 layers, Adam),
 * for each requested thread count, measured in one process so that the thread ratios compare like
 * with like; {@code --propagation fp32,bf16} compares the two storages of the propagated layers the same
 * way (each thread count runs them one after the other). Prints one JSON line per (threads,
 * propagation, epoch).
 */
public final class LightGcnEpochBench implements Workload {
  @Override
  public String name() {
    return "lightgcn-epoch";
  }

  @Override
  public String description() {
    return "seconds per LightGCN epoch: --data DIR --threads 1,2 --propagation fp32,bf16 --epochs 3 --batch-size 2048 --dim 64 --layers 3 --sampling interaction";
  }

  @Override
  public void run(Map<String, String> options, PrintStream out) {
    Options o = new Options(options);
    Path data = Path.of(o.str("data", "../shared/data/lightgcn-gowalla"));
    int epochs = o.integer("epochs", 3);
    int batchSize = o.integer("batch-size", 2048);
    int dim = o.integer("dim", 64);
    int layers = o.integer("layers", 3);
    Dataset ds = DatasetLoader.load(data, DatasetLoader.Options.defaults());
    for (int threads : o.integers("threads", "1,2")) {
      for (String propagation : o.str("propagation", "fp32").split(",")) {
        epochs(ds, threads, propagation.trim(), epochs, batchSize, dim, layers, o, out);
      }
    }
  }

  private static void epochs(Dataset ds, int threads, String propagation, int epochs, int batchSize, int dim,
      int layers, Options o, PrintStream out) {
    LightGcn model = new LightGcn(new LightGcnConfig(dim, layers, 1e-4f, 0.1f, propagation), ds.train(), 2020);
    Optimizer opt = Optimizer.create("adam", o.real("lr", 0.001f));
    BprSampler sampler = new BprSampler(ds.train(), 2020, BprSampler.Mode.parse(o.str("sampling", "interaction")));
    BprBatch batch = new BprBatch(batchSize);
    try (Parallel par = new Parallel(threads)) {
      Tape tape = new Tape(par);
      for (int e = 0; e < epochs; e++) {
        long t0 = System.nanoTime();
        sampler.startEpoch(e);
        double loss = 0;
        int steps = 0;
        while (sampler.next(batch)) {
          tape.reset();
          var l = model.loss(tape, batch);
          loss += l.item();
          tape.backward(l);
          opt.step(model.parameters(), par);
          steps++;
        }
        double s = (System.nanoTime() - t0) / 1e9;
        out.println(new JsonLine("lightgcn_epoch").put("dataset", ds.name()).put("threads", threads)
            .put("batch_size", batchSize).put("propagation", propagation).put("dim", dim).put("layers", layers)
            .put("epoch", e + 1)
            .put("steps", steps).put("seconds", s).put("samples_per_second", ds.train().size() / s)
            .put("loss", loss / steps));
        out.flush();
      }
    }
  }
}
