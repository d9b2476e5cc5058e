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
import org.recsys4j.core.kernel.Kernels;

/**
 * GEMM throughput on recsys shapes, vector and scalar in one run. GFLOP/s = 2*m*n*k / time. Shapes:
 * square 256/512, the evaluation product (256 users x 40981 items x 64), an MLP layer (batch 2048 x
 * 512 x 13, K=13), and a tall-thin N=1 output layer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBench {
  @Param({"256x256x256", "512x512x512", "256x40981x64", "2048x512x13", "2048x1x256"})
  public String shape;

  @Param({"vector", "scalar"})
  public String impl;

  float[] a;
  float[] b;
  float[] c;
  int m;
  int n;
  int k;
  Kernels kern;

  @Setup
  public void setup() {
    String[] p = shape.split("x");
    m = Integer.parseInt(p[0]);
    n = Integer.parseInt(p[1]);
    k = Integer.parseInt(p[2]);
    Rng r = new Rng(1);
    a = new float[m * k];
    b = new float[n * k];
    c = new float[m * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) r.nextGaussian();
    }
    kern = impl.equals("scalar") ? Kernels.scalar() : Kernels.get();
  }

  /** C = A B^T (B stored n x k, as item embeddings are). */
  @Benchmark
  public float[] gemmTransB() {
    kern.gemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n);
    return c;
  }
}
