package org.recsys4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.recsys4j.core.io.OutputLock;
import org.recsys4j.models.ModelFamily;
import org.recsys4j.models.ModelProvider;
import org.recsys4j.train.EvalConfig;
import org.recsys4j.train.ModelBundle;
import org.recsys4j.train.OptimizerConfig;
import org.recsys4j.train.ProgressListener;
import org.recsys4j.train.RunConfig;
import org.recsys4j.train.ScheduleConfig;
import org.recsys4j.train.TrainListener;
import org.recsys4j.train.TrainReport;
import org.recsys4j.train.Trainer;
import org.recsys4j.train.TrainingConfig;
import org.recsys4j.train.WarmupDecay;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code recsys4j train}: trains any model through the one lifecycle, evaluates it, and saves a
 * bundle.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train a model (ranking models on implicit feedback, CTR models on a processed click log), "
          + "report held-out metrics, and save it as a bundle.",
      "Example: recsys4j train --config examples/lightgcn-gowalla.yaml --data ../shared/data/lightgcn-gowalla",
      "         recsys4j train --model dlrm --data runs/criteo-processed --out runs/dlrm"
    })
final class TrainCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", description = "YAML file of option values; flags override it.")
  Path config;

  @Mixin DataOptions data;
  @Mixin ModelOptions modelOptions;
  @Mixin LinkOptions linkOptions;

  @Option(
      names = "--eval-data",
      description = "CTR models: a processed dataset to evaluate on (default: <data>/test).")
  Path evalData;

  @Option(
      names = "--node-embeddings",
      split = ",",
      description =
          "CTR models: embedding exports of a GraphSAGE bundle (recsys4j export-embeddings, one per"
              + " graph cut) whose user and item vectors join the rows by raw id as dense inputs; a row"
              + " takes the latest export whose graph ends before it, ids an export lacks its cold-start"
              + " vector; raw data only (an impression log or MovieLens 100K).")
  List<Path> nodeEmbeddings;

  @Option(
      names = "--fine-tune",
      description =
          "CTR models with --node-embeddings: fine-tune the joined vectors (a learned correction per"
              + " user and item id, starting at zero, is added to them) instead of keeping them frozen.")
  boolean fineTune;

  @Option(
      names = "--train-from",
      description =
          "CTR models on an impression log: train on the impressions from this time (epoch seconds"
              + " or a date); with --node-embeddings the default is the earliest graph cut.")
  String trainFrom;

  @Option(
      names = "--join-columns",
      split = ",",
      defaultValue = "user,item",
      description =
          "CTR models: the categorical columns holding user and item ids for --node-embeddings ('-'"
              + " skips one) (default: ${DEFAULT-VALUE}).")
  List<String> joinColumns;

  @Option(
      names = "--holdout",
      defaultValue = "0.1",
      description =
          "CTR models without a test split: hold out this "
              + "share of the last training rows as the test (of an impression log: the latest share of its time), so the"
              + " run reports AUC and log loss; 0 = train on everything (default: ${DEFAULT-VALUE}).")
  double holdout;

  @Option(
      names = "--valid-ratio",
      defaultValue = "0",
      description =
          "Hold out this share of the training data as a "
              + "validation split that selects the epoch and drives --patience (ranking: per user, drawn with --split-seed; "
              + "CTR: rows drawn with --seed). 0 = none: the final model is the last epoch's (default: ${DEFAULT-VALUE}).")
  double validRatio;

  @Option(
      names = "--epochs",
      defaultValue = "100",
      description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--batch-size",
      defaultValue = "2048",
      description =
          "Rows per optimizer step: (user, positive) "
              + "pairs for ranking models, click-log rows for CTR models (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--lr",
      defaultValue = "0.001",
      description = "Learning rate (default: ${DEFAULT-VALUE}).")
  float lr;

  @Option(
      names = "--optimizer",
      defaultValue = "adam",
      description =
          "sgd, adagrad, rowwise-adagrad, adam (sparse-row "
              + "updates of embedding tables) or adam-dense (PyTorch dense-Adam semantics) (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(
      names = "--lr-milestones",
      split = ",",
      description =
          "Epochs after which the learning rate is multiplied by --lr-gamma, e.g. 80,300.")
  int[] lrMilestones = new int[0];

  @Option(
      names = "--lr-gamma",
      defaultValue = "0.1",
      description = "Step-decay factor at each milestone (default: ${DEFAULT-VALUE}).")
  float lrGamma;

  @Option(
      names = "--lr-num-warmup-steps",
      defaultValue = "0",
      description =
          "Raise the learning rate linearly over the first N optimizer steps (default: ${DEFAULT-VALUE}).")
  long warmupSteps;

  @Option(
      names = "--lr-decay-start-step",
      defaultValue = "0",
      description = "The first step of the quadratic decay (default: ${DEFAULT-VALUE}).")
  long decayStartStep;

  @Option(
      names = "--lr-num-decay-steps",
      defaultValue = "0",
      description =
          "Decay the learning rate quadratically over N steps, as the DLRM reference does (default: "
              + "${DEFAULT-VALUE} = no decay).")
  long decaySteps;

  @Option(
      names = "--sampling",
      defaultValue = "interaction",
      description =
          "Ranking models: how BPR picks (user, "
              + "positive) pairs: interaction (every interaction once per epoch, shuffled) or user (users uniformly, then one "
              + "of their items, as the LightGCN reference code does). Default: ${DEFAULT-VALUE}.")
  String sampling;

  @Option(
      names = "--negatives",
      defaultValue = "1",
      description =
          "Ranking models: negatives drawn for each (user, "
              + "positive) pair; the BPR loss is averaged over them (default: ${DEFAULT-VALUE}).")
  int negatives;

  @Option(
      names = "--shared-negatives",
      defaultValue = "0",
      description =
          "Ranking models: draw a pool of N negatives "
              + "per batch and compare every (user, positive) pair with all of them. 0 = off (default); replaces --negatives.")
  int sharedNegatives;

  @Option(names = "--threads", description = "Worker threads (default: available processors).")
  Integer threads;

  @Option(
      names = "--seed",
      defaultValue = "2020",
      description = "Seed of initialisation, shuffling and sampling.")
  long seed;

  @Option(
      names = "--eval-every",
      defaultValue = "10",
      description = "Evaluate every N epochs; 0 = at the end only.")
  int evalEvery;

  @Option(
      names = "--eval-every-steps",
      defaultValue = "0",
      description = "Also evaluate every N optimizer steps " + "(0 = at epoch ends only).")
  int evalEverySteps;

  @Option(
      names = {"-k", "--k"},
      split = ",",
      defaultValue = "20",
      description = "Ranking models: metric cut-offs, e.g. 10,20.")
  int[] ks;

  @Option(
      names = "--monitor",
      description =
          "Validation metric that selects the epoch and drives --patience "
              + "(default: recall@<max k> for ranking models, auc for CTR models).")
  String monitor;

  @Option(
      names = "--patience",
      defaultValue = "0",
      description =
          "Stop after N evaluations without a better "
              + "validation --monitor; needs --valid-ratio. 0 = never (default).")
  int patience;

  @Option(
      names = "--eval-batch-size",
      defaultValue = "256",
      description = "Ranking models: users per evaluation batch.")
  int evalBatchSize;

  @Option(
      names = "--out",
      required = true,
      description =
          "Bundle directory to write (a new path, an empty " + "directory, or an earlier bundle).")
  Path out;

  @Option(names = "--metrics-out", description = "Write final and per-epoch metrics as JSON here.")
  Path metricsOut;

  @Option(names = "--checkpoint", description = "Checkpoint file (default: <out>.ckpt).")
  Path checkpoint;

  @Option(
      names = "--resume",
      description =
          "Continue from the checkpoint of an interrupted run (only epochs and "
              + "threads may change).")
  boolean resume;

  @Option(
      names = "--warm-start",
      description =
          "Link models: continue from this bundle's weights on newer data: its nodes keep their ids"
              + " and fitted features, new nodes start from their features, the bundle records its parent.")
  Path warmStart;

  @Option(
      names = "--keep-checkpoint",
      description =
          "Keep the checkpoint after a successful run (default: removed "
              + "once the bundle is saved).")
  boolean keepCheckpoint;

  /** Options that only one family reads; given to the other, they are an error. */
  private static final Map<String, java.util.Set<ModelFamily>> FAMILY_OPTIONS =
      new LinkedHashMap<>();

  static {
    for (String o :
        List.of(
            "--sampling",
            "--negatives",
            "--shared-negatives",
            "--k",
            "--eval-batch-size",
            "--format",
            "--columns",
            "--no-header",
            "--test-file",
            "--min-rating",
            "--unknown-ids",
            "--on-duplicate")) {
      FAMILY_OPTIONS.put(o, java.util.Set.of(ModelFamily.RANKING));
    }
    for (String o : List.of("--split", "--test-ratio", "--split-seed")) {
      FAMILY_OPTIONS.put(o, java.util.Set.of(ModelFamily.RANKING, ModelFamily.LINK));
    }
    for (String o :
        List.of(
            "--disjoint-train-ratio",
            "--neg-ratio",
            "--fanout",
            "--subgraphs",
            "--resplit-each-epoch",
            "--test-from",
            "--test-until",
            "--period",
            "--eval-graph",
            "--eval-fanout",
            "--message-edges",
            "--user-features",
            "--item-features")) {
      FAMILY_OPTIONS.put(o, java.util.Set.of(ModelFamily.LINK));
    }
    FAMILY_OPTIONS.put("--eval-data", java.util.Set.of(ModelFamily.CTR));
    FAMILY_OPTIONS.put("--holdout", java.util.Set.of(ModelFamily.CTR));
    FAMILY_OPTIONS.put("--node-embeddings", java.util.Set.of(ModelFamily.CTR));
    FAMILY_OPTIONS.put("--join-columns", java.util.Set.of(ModelFamily.CTR));
    FAMILY_OPTIONS.put("--fine-tune", java.util.Set.of(ModelFamily.CTR));
    FAMILY_OPTIONS.put("--train-from", java.util.Set.of(ModelFamily.CTR));
    FAMILY_OPTIONS.put("--warm-start", java.util.Set.of(ModelFamily.LINK));
  }

  @Override
  public Integer call() throws IOException {
    ModelProvider provider = modelOptions.provider();
    checkFamilyOptions(provider);
    modelOptions.checkApplicable(this::source);
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    TrainingConfig cfg =
        new TrainingConfig(
            new RunConfig(epochs, batchSize, t, seed),
            new OptimizerConfig(optimizer, lr),
            new ScheduleConfig(
                lrMilestones, lrGamma, new WarmupDecay(warmupSteps, decayStartStep, decaySteps)),
            new EvalConfig(evalEvery, evalEverySteps, monitor, patience));
    Path target = out.toAbsolutePath().normalize();
    org.recsys4j.core.io.OutputDirectories.checkReplaceable(
        target, "bundle", ModelBundle::isBundle);
    try (OutputLock lock = OutputLock.acquire(target)) {
      TrainSetup setup =
          switch (provider.family()) {
            case RANKING -> RankingSetup.prepare(this, provider);
            case CTR -> CtrSetup.prepare(this, provider);
            case LINK -> LinkSetup.prepare(this, provider);
          };
      setup.notes().forEach(System.out::println);
      System.out.printf(
          "training %s %s with %s lr %s%s, batch %d%s, %d threads, seed %d%n",
          provider.type(),
          configText(setup.model().config()),
          optimizer,
          lr,
          describe(cfg.schedule()),
          batchSize,
          setup.taskDescription(),
          t,
          seed);
      Path ck = checkpoint != null ? checkpoint : Path.of(target + ".ckpt");
      List<TrainListener> listeners = new ArrayList<>();
      listeners.add(ProgressListener.auto(System.out, batchSize));
      TrainReport report = new Trainer(cfg, ck, listeners).fit(setup.task(), resume);
      Map<String, Object> training = new LinkedHashMap<>();
      cfg.settings().forEach((k, v) -> training.put(snake(k), v));
      setup.task().settings().forEach((k, v) -> training.put(snake(k), v));
      training.put("valid_ratio", validRatio);
      training.putAll(ModelBundle.Provenance.outcome(report));
      ModelBundle.save(
          target,
          setup.model(),
          setup.sections(),
          new ModelBundle.Provenance(
              setup.datasetName(),
              setup.fingerprint(),
              setup.dataset(),
              seed,
              t,
              training,
              report.best(),
              report.selectedBy(),
              setup.parent()));
      System.out.println("saved bundle " + out);
      if (metricsOut != null) {
        MetricsJson.write(metricsOut, MetricsJson.train(report));
        System.out.println("wrote " + metricsOut);
      }
      if (!keepCheckpoint && checkpoint == null) {
        Files.deleteIfExists(ck);
      }
    }
    return 0;
  }

  /**
   * Fails on options given (on the command line or in --config) that the model's family does not
   * read.
   */
  private void checkFamilyOptions(ModelProvider provider) {
    List<String> wrong = new ArrayList<>();
    java.util.Set<ModelFamily> families = new java.util.TreeSet<>();
    for (Map.Entry<String, java.util.Set<ModelFamily>> e : FAMILY_OPTIONS.entrySet()) {
      if (!e.getValue().contains(provider.family()) && ConfigFile.given(spec, e.getKey())) {
        wrong.add(e.getKey() + ConfigFile.source(spec, e.getKey()));
        families.addAll(e.getValue());
      }
    }
    if (!wrong.isEmpty()) {
      List<String> names = new ArrayList<>();
      families.forEach(f -> names.add(f.label()));
      throw new IllegalArgumentException(
          String.join(", ", wrong)
              + (wrong.size() == 1 ? " applies" : " apply")
              + " to "
              + String.join(" and ", names)
              + " models only, not to "
              + provider.type()
              + " (a "
              + provider.family().id()
              + " model)");
    }
  }

  /** Where option {@code flag} was given, for messages. */
  String source(String flag) {
    return ConfigFile.source(spec, flag);
  }

  private static String describe(ScheduleConfig s) {
    WarmupDecay p = s.warmupDecay();
    return (s.milestones().length == 0
            ? ""
            : " (x"
                + s.gamma()
                + " after epochs "
                + java.util.Arrays.toString(s.milestones())
                + ")")
        + (p.warmupSteps() > 0 ? " (warmup " + p.warmupSteps() + " steps)" : "")
        + (p.decaySteps() > 0
            ? " (quadratic decay over steps "
                + p.decayStartStep()
                + "-"
                + (p.decayStartStep() + p.decaySteps() - 1)
                + ")"
            : "");
  }

  /** The config as {@code {"dim":64,"layers":3,...}}: every field by name, arrays readable. */
  static String configText(Record config) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(config);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return config.toString();
    }
  }

  static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }
}
