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
 * Embedding-row gather and scatter-add (a batch of 2048 ids into a 1M-row table), plus dot and axpy
 * at an odd length; vector and scalar in one run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class RowOpsBench {
  @Param({"16", "64"})
  public int dim;

  @Param({"vector", "scalar"})
  public String impl;

  static final int ROWS = 1 << 20;
  static final int BATCH = 2048;
  float[] table;
  float[] buf;
  int[] ids;
  float[] a;
  float[] b;
  Kernels kern;

  @Setup
  public void setup() {
    Rng r = new Rng(3);
    table = new float[ROWS * dim];
    buf = new float[BATCH * dim];
    ids = new int[BATCH];
    for (int i = 0; i < BATCH; i++) {
      ids[i] = r.nextInt(ROWS);
    }
    a = new float[1025];
    b = new float[1025];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextFloat();
      b[i] = r.nextFloat();
    }
    kern = impl.equals("scalar") ? Kernels.scalar() : Kernels.get();
  }

  @Benchmark
  public float[] gatherRows() {
    kern.gatherRows(table, dim, ids, 0, BATCH, buf, 0);
    return buf;
  }

  @Benchmark
  public float[] scatterAddRows() {
    kern.scatterAddRows(buf, 0, dim, ids, 0, BATCH, table);
    return table;
  }

  @Benchmark
  public float dot1025() {
    return kern.dot(a, 0, b, 0, 1025);
  }

  @Benchmark
  public float[] axpy1025() {
    kern.axpy(0.5f, a, 0, b, 0, 1025);
    return b;
  }
}
