package org.recsys4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.recsys4j.data.Dataset;
import org.recsys4j.data.sampling.BprSampler;
import org.recsys4j.models.RankingModel;
import org.recsys4j.train.ModelBundle;
import org.recsys4j.train.ModelRegistry;
import org.recsys4j.train.ProgressListener;
import org.recsys4j.train.TrainConfig;
import org.recsys4j.train.TrainListener;
import org.recsys4j.train.TrainReport;
import org.recsys4j.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code recsys4j train}: trains a model, evaluates it, and saves a bundle. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train a ranking model on implicit feedback, or a CTR model on a processed click log, and save it "
        + "as a bundle.",
        "Example: recsys4j train --config examples/lightgcn-gowalla.yaml --data ../shared/data/lightgcn-gowalla",
        "         recsys4j train --model dlrm --data runs/criteo-processed --out runs/dlrm"})
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--config", description = "YAML file of option values; flags override it.")
  Path config;

  @Mixin DataOptions data;
  @Mixin ModelOptions modelOptions;
  @Mixin CtrOptions ctr;

  @Option(names = "--eval-data", description = "CTR models: a processed dataset to evaluate on (default: <data>/test).")
  Path evalData;

  @Option(names = "--epochs", defaultValue = "100", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "2048", description = "Triples per step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.001", description = "Learning rate (default: ${DEFAULT-VALUE}).")
  float lr;

  @Option(names = "--optimizer", defaultValue = "adam", description = "sgd, adagrad, rowwise-adagrad, adam (sparse-row updates of embedding tables) or adam-dense (PyTorch dense-Adam semantics).")
  String optimizer;

  @Option(names = "--lr-milestones", split = ",", description = "Epochs after which the learning rate is multiplied by --lr-gamma, e.g. 80,300.")
  int[] lrMilestones = new int[0];

  @Option(names = "--lr-gamma", defaultValue = "0.1", description = "Step-decay factor at each milestone (default: ${DEFAULT-VALUE}).")
  float lrGamma;

  @Option(names = "--sampling", defaultValue = "interaction", description = "How BPR picks (user, positive) pairs: "
      + "interaction (every interaction once per epoch, shuffled) or user (users uniformly, then one of their "
      + "items, as the LightGCN reference code does). Default: ${DEFAULT-VALUE}.")
  String sampling;

  @Option(names = "--negatives", defaultValue = "1", description = "Negatives drawn for each (user, positive) "
      + "pair; the BPR loss is averaged over them (default: ${DEFAULT-VALUE}). --batch-size counts pairs.")
  int negatives;

  @Option(names = "--shared-negatives", defaultValue = "0", description = "Draw a pool of N negatives per batch "
      + "and compare every (user, positive) pair with all of them (skipping the user's own items): many "
      + "negatives per positive for the cost of one matrix product. 0 = off (default); replaces --negatives.")
  int sharedNegatives;

  @Option(names = "--threads", description = "Worker threads (default: available processors).")
  Integer threads;

  @Option(names = "--seed", defaultValue = "2020", description = "Seed of initialisation and sampling.")
  long seed;

  @Option(names = "--eval-every", defaultValue = "10", description = "Evaluate every N epochs; 0 = at the end only.")
  int evalEvery;

  @Option(names = {"-k", "--k"}, split = ",", defaultValue = "20", description = "Metric cut-offs, e.g. 10,20.")
  int[] ks;

  @Option(names = "--monitor", description = "Metric for early stopping and best-epoch choice (default: recall@<max k>).")
  String monitor;

  @Option(names = "--patience", defaultValue = "0", description = "Stop after N evaluations without improvement; 0 = never.")
  int patience;

  @Option(names = "--eval-batch-size", defaultValue = "256", description = "Users per evaluation batch.")
  int evalBatchSize;

  @Option(names = "--out", required = true, description = "Bundle directory to write.")
  Path out;

  @Option(names = "--metrics-out", description = "Write final and per-epoch metrics as JSON here.")
  Path metricsOut;

  @Option(names = "--checkpoint", description = "Checkpoint file (default: <out>.ckpt).")
  Path checkpoint;

  @Option(names = "--resume", description = "Continue from the checkpoint of an interrupted run.")
  boolean resume;

  @Override
  public Integer call() throws java.io.IOException {
    if (modelOptions.isCtr()) {
      return CtrTrainRun.run(this);
    }
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    int[] sortedKs = ks.clone();
    java.util.Arrays.sort(sortedKs);
    String mon = monitor != null ? monitor : "recall@" + sortedKs[sortedKs.length - 1];
    TrainConfig cfg = new TrainConfig(epochs, batchSize, lr, optimizer, t, seed, evalEvery, sortedKs, mon, patience,
        evalBatchSize, lrMilestones, lrGamma, BprSampler.Mode.parse(sampling), negatives, sharedNegatives);
    Record modelConfig = modelOptions.config();
    Dataset ds = data.load();
    System.out.println(ds.summary() + " (fingerprint " + ds.fingerprint() + ")");
    RankingModel model = ModelRegistry.create(modelOptions.model, modelConfig, ds.train(), seed);
    Path ck = checkpoint != null ? checkpoint : Path.of(out.toAbsolutePath().normalize() + ".ckpt");
    List<TrainListener> listeners = new ArrayList<>();
    listeners.add(ProgressListener.auto(System.out, batchSize));
    String negs = cfg.sharedNegatives() > 0 ? "a shared pool of " + cfg.sharedNegatives() + " negatives"
        : cfg.negatives() + " negative(s)";
    System.out.printf("training %s %s with %s lr %s%s, batch %d, %s sampling, %s, %d threads, seed %d%n", model.type(),
        modelConfig, optimizer, lr, lrMilestones.length == 0 ? "" : " (x" + lrGamma + " after epochs "
            + java.util.Arrays.toString(lrMilestones) + ")", batchSize, cfg.sampling().id(), negs, t, seed);
    TrainReport report = new Trainer(cfg, ck, listeners).fit(model, ds, resume);
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("epochs_run", report.epochs().size());
    training.put("batch_size", batchSize);
    training.put("lr", lr);
    training.put("optimizer", optimizer);
    training.put("lr_milestones", lrMilestones);
    training.put("lr_gamma", lrGamma);
    training.put("sampling", cfg.sampling().id());
    training.put("negatives", cfg.negatives());
    training.put("shared_negatives", cfg.sharedNegatives());
    training.put("best_epoch", report.bestEpoch());
    training.put("total_seconds", report.totalSeconds());
    ModelBundle.save(out, model, ds.users(), ds.items(), ds.train(), new ModelBundle.Provenance(ds.name(),
        ds.fingerprint(), seed, t, training, report.best()));
    System.out.println("saved bundle " + out);
    if (metricsOut != null) {
      MetricsJson.write(metricsOut, MetricsJson.train(report));
      System.out.println("wrote " + metricsOut);
    }
    return 0;
  }
}
