package org.recsys4j.bench.e2e;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.recsys4j.core.Rng;
import org.recsys4j.serve.ExactItemIndex;
import org.recsys4j.serve.HnswItemIndex;

/**
 * Exact scan against HNSW on a generated catalogue shaped like trained embeddings (items around
 * cluster centres, norms spread as popularity spreads them; queries drawn the same way): the build
 * time, then one JSON line for the exact scan (median and 99th percentile milliseconds per query,
 * one thread) and one per {@code ef} with HNSW's latency and recall@k against the scan. Options:
 * {@code --items N --dim D --queries Q --k K --ef 100,200,400 --m 16 --beam 100 --threads T}.
 */
public final class HnswRecallBench implements Workload {
  @Override
  public String name() {
    return "hnsw";
  }

  @Override
  public String description() {
    return "exact scan vs HNSW on a generated catalogue: --items N --dim D --queries Q --k K"
        + " --ef 100,200,400";
  }

  @Override
  public void run(Map<String, String> options, PrintStream out) throws Exception {
    Options o = new Options(options);
    int n = o.integer("items", 1_000_000);
    int d = o.integer("dim", 64);
    int queries = o.integer("queries", 1000);
    int k = o.integer("k", 100);
    int[] efs = o.integers("ef", "100,200,400");
    int threads = o.integer("threads", Runtime.getRuntime().availableProcessors());
    Rng rng = new Rng(o.integer("seed", 1));
    int clusters = Math.max(16, n / 2000);
    float[][] centres = new float[clusters][d];
    for (float[] c : centres) {
      for (int t = 0; t < d; t++) {
        c[t] = (float) (rng.nextGaussian() / Math.sqrt(d));
      }
    }
    float[] items = sample(rng, centres, n, d, o.real("norm-spread", 0.5f));
    float[] qs = sample(rng, centres, queries, d, 0f);
    ExactItemIndex exact = new ExactItemIndex(items, n, d);
    int[][] truth = new int[queries][k];
    long[] t = new long[queries];
    float[] scores = new float[k];
    for (int q = 0; q < Math.min(queries, 50); q++) { // JIT warm-up
      exact.search(Arrays.copyOfRange(qs, q * d, (q + 1) * d), k, truth[q], scores);
    }
    for (int q = 0; q < queries; q++) {
      float[] query = Arrays.copyOfRange(qs, q * d, (q + 1) * d);
      long t0 = System.nanoTime();
      exact.search(query, k, truth[q], scores);
      t[q] = System.nanoTime() - t0;
    }
    out.println(line("exact", n, d, k, t).put("recall", 1.0));
    HnswItemIndex hnsw =
        new HnswItemIndex(
            exact,
            o.integer("m", 16),
            o.integer("beam", 100),
            efs[0],
            o.integer("ranges", 8),
            threads,
            o.integer("seed", 1));
    for (int ef : efs) {
      int[] ids = new int[k];
      for (int q = 0; q < Math.min(queries, 50); q++) {
        hnsw.search(Arrays.copyOfRange(qs, q * d, (q + 1) * d), k, ids, scores, ef);
      }
      long hits = 0;
      for (int q = 0; q < queries; q++) {
        float[] query = Arrays.copyOfRange(qs, q * d, (q + 1) * d);
        long t0 = System.nanoTime();
        int got = hnsw.search(query, k, ids, scores, ef);
        t[q] = System.nanoTime() - t0;
        Set<Integer> want = new HashSet<>();
        for (int id : truth[q]) {
          want.add(id);
        }
        for (int j = 0; j < got; j++) {
          hits += want.contains(ids[j]) ? 1 : 0;
        }
      }
      out.println(
          line("hnsw", n, d, k, t)
              .put("ef", ef)
              .put("m", o.integer("m", 16))
              .put("ranges", o.integer("ranges", 8))
              .put("build_seconds", hnsw.buildSeconds())
              .put("build_threads", threads)
              .put("recall", hits / (double) ((long) queries * k)));
    }
  }

  private static JsonLine line(String what, int n, int d, int k, long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return new JsonLine("hnsw_recall")
        .put("search", what)
        .put("items", n)
        .put("dim", d)
        .put("k", k)
        .put("queries", s.length)
        .put("p50_ms", s[s.length / 2] / 1e6)
        .put("p99_ms", s[(int) (s.length * 0.99)] / 1e6);
  }

  /** Points around random centres; items get a popularity-like spread of norms. */
  private static float[] sample(Rng rng, float[][] centres, int n, int d, float spread) {
    float[] out = new float[n * d];
    for (int i = 0; i < n; i++) {
      float[] c = centres[rng.nextInt(centres.length)];
      double scale = Math.exp(spread * rng.nextGaussian());
      for (int t = 0; t < d; t++) {
        out[i * d + t] = (float) (scale * (c[t] + 0.5 * rng.nextGaussian() / Math.sqrt(d)));
      }
    }
    return out;
  }
}
