package org.recsys4j.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.recsys4j.core.Rng;
import org.recsys4j.data.graph.HeteroGraph;
import org.recsys4j.data.graph.NeighborSampler;
import org.recsys4j.data.graph.SampledSubgraph;

/**
 * The neighbour sampler on a generated user-item graph (100k users, 20k items, 2M timed click
 * edges, Zipf item popularity): one batch of 384 seed links (128 positives and 256 negatives, as
 * PyG's MovieLens loader) with fan-out 20,10, in each subgraph mode. Divide the sampled edges of a
 * batch (printed once per setup) by the time per batch for edges per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1)
public class SamplerBench {
  @Param({"shared", "disjoint", "temporal"})
  public String mode;

  NeighborSampler sampler;
  SampledSubgraph out;
  int[] users;
  int[] items;
  long[] times;
  Rng rng;

  @Setup
  public void setup() {
    int nu = 100_000;
    int ni = 20_000;
    int edges = 2_000_000;
    Rng r = new Rng(3);
    double[] cum = new double[ni];
    double s = 0;
    for (int i = 0; i < ni; i++) {
      s += 1 / Math.pow(i + 1, 0.8);
      cum[i] = s;
    }
    int[] u = new int[edges];
    int[] it = new int[edges];
    long[] t = new long[edges];
    int[] all = new int[edges];
    for (int k = 0; k < edges; k++) {
      u[k] = r.nextInt(nu);
      int i = java.util.Arrays.binarySearch(cum, r.nextDouble() * s);
      it[k] = Math.min(ni - 1, i >= 0 ? i : -i - 1);
      t[k] = r.nextInt(1_000_000);
      all[k] = k;
    }
    HeteroGraph g =
        HeteroGraph.build(nu, ni, new String[] {"click"}, u, it, new int[edges], t, all, edges);
    sampler = new NeighborSampler(g, new int[] {20, 10}, NeighborSampler.Mode.parse(mode));
    out = new SampledSubgraph();
    users = new int[384];
    items = new int[384];
    times = new long[384];
    for (int k = 0; k < 384; k++) {
      users[k] = r.nextInt(nu);
      items[k] = r.nextInt(ni);
      times[k] = r.nextInt(1_000_000);
    }
    rng = new Rng(5);
    sampler.sample(users, items, times, 384, rng, out);
    System.out.println("\n" + mode + ": " + out.sampledEdges() + " sampled edges per batch");
  }

  @Benchmark
  public long batch() {
    sampler.sample(users, items, times, 384, rng, out);
    return out.sampledEdges();
  }
}
