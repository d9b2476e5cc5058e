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
import org.recsys4j.core.CsrMatrix;
import org.recsys4j.core.Rng;
import org.recsys4j.core.kernel.Kernels;
import org.recsys4j.data.Interactions;
import org.recsys4j.data.graph.BipartiteGraph;

/**
 * CSR SpMM on a Gowalla-sized user-item graph (70,839 nodes, 1.62M non-zeros, power-law degrees)
 * generated here so the benchmark needs no dataset; vector and scalar in one run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SpmmBench {
  @Param({"64", "17"})
  public int dim;

  @Param({"vector", "scalar"})
  public String impl;

  CsrMatrix adj;
  float[] x;
  float[] y;
  Kernels kern;

  @Setup
  public void setup() {
    adj = BipartiteGraph.normalizedAdjacency(powerLawGraph(29858, 40981, 810128, 7));
    Rng r = new Rng(2);
    x = new float[adj.cols() * dim];
    y = new float[adj.rows() * dim];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    kern = impl.equals("scalar") ? Kernels.scalar() : Kernels.get();
  }

  /** Users with geometric degrees, items drawn with Zipf(0.8) popularity, deduplicated. */
  static Interactions powerLawGraph(int users, int items, int target, long seed) {
    Rng r = new Rng(seed);
    double[] cum = new double[items];
    double s = 0;
    for (int i = 0; i < items; i++) {
      s += 1.0 / Math.pow(i + 1, 0.8);
      cum[i] = s;
    }
    int[] us = new int[target];
    int[] is = new int[target];
    int n = 0;
    int per = target / users;
    java.util.HashSet<Long> seen = new java.util.HashSet<>();
    for (int u = 0; u < users && n < target; u++) {
      int deg = Math.max(1, (int) (-Math.log(1 - r.nextDouble()) * per));
      for (int j = 0; j < deg && n < target; j++) {
        int idx = java.util.Arrays.binarySearch(cum, r.nextDouble() * s);
        int it = Math.min(items - 1, idx >= 0 ? idx : -idx - 1);
        if (seen.add(((long) u << 32) | it)) {
          us[n] = u;
          is[n++] = it;
        }
      }
    }
    return Interactions.fromPairs(users, items, us, is, n);
  }

  @Benchmark
  public float[] spmm() {
    kern.spmm(adj.rowPtr(), adj.colIdx(), adj.vals(), x, dim, y, 0, adj.rows());
    return y;
  }
}
