package org.recsys4j.bench.e2e;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a named end-to-end workload: {@code BenchMain <workload> [--key value ...]}. The CLI's
 * {@code recsys4j bench} command calls {@link #workloads()} and the same {@code run}.
 */
public final class BenchMain {
  private BenchMain() {}

  public static List<Workload> workloads() {
    return List.of(new LightGcnEpochBench(), new FullEvalBench(), new LightGcnToQualityBench(), new DlrmKaggleBench(),
        new CriteoPreprocessBench());
  }

  public static Workload find(String name) {
    for (Workload w : workloads()) {
      if (w.name().equals(name)) {
        return w;
      }
    }
    throw new IllegalArgumentException("unknown workload '" + name + "'; available: "
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
    if (args.length == 0) {
      System.err.println("usage: BenchMain <workload> [--option value ...]");
      for (Workload w : workloads()) {
        System.err.println("  " + w.name() + ": " + w.description());
      }
      System.exit(2);
    }
    find(args[0]).run(parse(args, 1), System.out);
  }
}
