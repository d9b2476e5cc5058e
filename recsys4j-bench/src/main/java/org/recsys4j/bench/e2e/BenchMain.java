package org.recsys4j.bench.e2e;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a named end-to-end workload: {@code recsys4j bench <workload> [--key value ...]} ({@code
 * bin/recsys4j} starts this class from {@code recsys4j-bench.jar}, so the main jar carries no
 * benchmark code); {@code --list} lists the workloads.
 */
public final class BenchMain {
  private BenchMain() {}

  public static List<Workload> workloads() {
    return List.of(
        new LightGcnEpochBench(),
        new FullEvalBench(),
        new LightGcnToQualityBench(),
        new DlrmKaggleBench(),
        new CriteoPreprocessBench(),
        new GraphSageMovieLensBench(),
        new GraphSageScaleBench(),
        new ServeLoadBench(),
        new HnswRecallBench());
  }

  public static Workload find(String name) {
    for (Workload w : workloads()) {
      if (w.name().equals(name)) {
        return w;
      }
    }
    throw new IllegalArgumentException(
        "unknown workload '"
            + name
            + "'; available: "
            + workloads().stream().map(Workload::name).toList());
  }

  /** Parses {@code --key value} pairs (and {@code --key=value}). */
  public static Map<String, String> parse(String[] args, int from) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = from; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("expected --option, got '" + a + "'");
      }
      int eq = a.indexOf('=');
      if (eq > 0) {
        m.put(a.substring(2, eq), a.substring(eq + 1));
      } else if (i + 1 < args.length) {
        m.put(a.substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException("option " + a + " needs a value");
      }
    }
    return m;
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0
        || args[0].equals("--list")
        || args[0].equals("--help")
        || args[0].equals("-h")) {
      System.out.println(
          "usage: recsys4j bench <workload> [--option value ...]; one JSON line per measurement");
      for (Workload w : workloads()) {
        System.out.println("  " + w.name() + ": " + w.description());
      }
      System.exit(args.length == 0 ? 2 : 0);
    }
    try {
      find(args[0]).run(parse(args, 1), System.out);
    } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    }
  }
}
