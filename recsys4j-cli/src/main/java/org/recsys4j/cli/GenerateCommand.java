package org.recsys4j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.recsys4j.data.ctr.CtrDatasetWriter;
import org.recsys4j.data.ctr.CtrGenerator;
import org.recsys4j.data.synthetic.SyntheticImpressions;
import org.recsys4j.eval.ctr.CtrMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recsys4j generate}: a processed click log of any size, random or from a planted teacher.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Generate a processed click log with Criteo's shape: <out>/train and <out>/test. For "
          + "--kind synthetic the labels come from a planted teacher whose AUC on the test rows is recorded "
          + "in <out>/test/meta.json (extra.teacher_auc) and printed.",
      "Example: recsys4j generate --kind synthetic --rows 2000000 --max-cardinality 100000 --out runs/synthetic"
    })
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--config", description = "YAML file of option values; flags override it.")
  Path config;

  @Option(
      names = "--kind",
      required = true,
      description =
          "random or synthetic (a processed click log), or impressions (an impression log with user"
              + " and item tables, for link models).")
  String kind;

  @Option(names = "--rows", description = "random, synthetic: training rows.")
  Long rows;

  @Option(names = "--users", description = "impressions: users.")
  Integer users;

  @Option(names = "--items", description = "impressions: items.")
  Integer items;

  @Option(names = "--impressions", description = "impressions: impression rows.")
  Long impressions;

  @Option(
      names = "--days",
      defaultValue = "30",
      description = "impressions: days the timestamps span (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--test-rows", description = "Test rows (default: rows / 10).")
  Long testRows;

  @Option(
      names = "--dense",
      defaultValue = "13",
      description = "Dense columns (default: ${DEFAULT-VALUE}).")
  int dense;

  @Option(
      names = "--cardinalities",
      split = ",",
      description = "Rows per table (default: the 26 Criteo Kaggle tables).")
  int[] cardinalities;

  @Option(
      names = "--max-cardinality",
      defaultValue = "0",
      description = "Cap every table at this many rows (0 = no cap).")
  int maxCardinality;

  @Option(
      names = "--teacher-shrinkage",
      defaultValue = "0",
      description =
          "Synthetic: scale each id's teacher "
              + "weights by n/(n+K), n its expected count in the training rows, so that the teacher's signal sits on ids "
              + "the data can reveal (0 = off, the default).")
  double teacherShrinkage;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, description = "Output directory.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (kind.equals("impressions")) {
      return impressionLog();
    }
    if (rows == null) {
      throw new IllegalArgumentException("--kind " + kind + " needs --rows");
    }
    if (rows < 1 || rows > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("--rows must be in [1, 2^31), got " + rows);
    }
    long test = testRows != null ? testRows : Math.max(1, rows / 10);
    if (test < 1 || test > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("--test-rows must be in [1, 2^31), got " + test);
    }
    int[] cards =
        cardinalities != null ? cardinalities.clone() : CtrGenerator.kaggleCardinalities();
    if (maxCardinality < 0 || (maxCardinality > 0 && maxCardinality < 3)) {
      throw new IllegalArgumentException(
          "--max-cardinality must be 0 (no cap) or at least 3, got " + maxCardinality);
    }
    for (int i = 0; i < cards.length; i++) {
      if (cards[i] < 1) {
        throw new IllegalArgumentException(
            "--cardinalities: table "
                + (i + 1)
                + " has "
                + cards[i]
                + " values; every table needs at least 1");
      }
      cards[i] = maxCardinality > 0 ? Math.min(cards[i], maxCardinality) : cards[i];
      // the two reserved rows (missing, out of vocabulary) come on top of the values
      cards[i] = cards[i] + 2;
    }
    CtrGenerator.Kind k = CtrGenerator.Kind.parse(kind);
    CtrGenerator g = new CtrGenerator(k, dense, cards, seed, rows, teacherShrinkage);
    long rows = this.rows;
    long t0 = System.nanoTime();
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("generator", k.name().toLowerCase(java.util.Locale.ROOT));
    extra.put("seed", seed);
    if (teacherShrinkage > 0) {
      extra.put("teacher_shrinkage", teacherShrinkage);
    }
    try (CtrDatasetWriter w = new CtrDatasetWriter(out.resolve("train"), g.transforms())) {
      g.writeRows(w, 0, (int) rows, null, null);
      w.commit(extra);
    }
    float[] teacher = new float[(int) test];
    float[] labels = new float[(int) test];
    Map<String, Object> testExtra = new LinkedHashMap<>(extra);
    try (CtrDatasetWriter w = new CtrDatasetWriter(out.resolve("test"), g.transforms())) {
      g.writeRows(w, rows, (int) test, teacher, labels);
      if (k == CtrGenerator.Kind.SYNTHETIC) {
        Map<String, Double> m = CtrMetrics.compute(teacher, labels, labels.length);
        testExtra.put("teacher_auc", m.get("auc"));
        testExtra.put("teacher_logloss", m.get("logloss"));
      }
      w.commit(testExtra);
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "generated %,d training and %,d test rows (%s, %d dense, %d tables) in %.1fs into %s%n",
        rows, test, kind, dense, cards.length, secs, out);
    if (testExtra.containsKey("teacher_auc")) {
      System.out.printf(
          "teacher on the test rows: auc %.4f, logloss %.4f%n",
          testExtra.get("teacher_auc"), testExtra.get("teacher_logloss"));
    }
    return 0;
  }

  private int impressionLog() {
    if (users == null || items == null || impressions == null) {
      throw new IllegalArgumentException(
          "--kind impressions needs --users, --items and --impressions");
    }
    long t0 = System.nanoTime();
    SyntheticImpressions.Summary s =
        SyntheticImpressions.write(out, users, items, impressions, days, seed);
    System.out.printf(
        "generated %,d impressions (%,d clicks) of %,d users and %,d items over %d days in %.1fs"
            + " into %s%nplanted model on the rows: auc %.4f%n",
        s.impressions(),
        s.clicks(),
        users,
        items,
        days,
        (System.nanoTime() - t0) / 1e9,
        out,
        s.plantedAuc());
    return 0;
  }
}
