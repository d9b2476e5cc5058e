package org.recsys4j.core;

/**
 * A small, fast, splittable pseudo-random generator (SplitMix64). Not thread-safe: each worker
 * derives its own stream with {@link #derive(long, long...)}, which makes results depend only on
 * the seed and the stream coordinates (epoch, worker, ...), never on scheduling.
 */
public final class Rng {
  private long state;
  private double spareGaussian = Double.NaN;

  public Rng(long seed) {
    this.state = mix(seed ^ 0x9E3779B97F4A7C15L);
  }

  /** A generator whose stream is a pure function of {@code seed} and the coordinates. */
  public static Rng derive(long seed, long... coordinates) {
    long s = mix(seed);
    for (long c : coordinates) {
      s = mix(s ^ mix(c + 0x632BE59BD9B4E019L));
    }
    return new Rng(s);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public long nextLong() {
    state += 0x9E3779B97F4A7C15L;
    return mix(state);
  }

  /** Uniform in {@code [0, bound)} without modulo bias (Lemire's multiply-shift with rejection). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    long m = (nextLong() >>> 32) * bound;
    long low = m & 0xFFFFFFFFL;
    if (low < bound) {
      long threshold = (0x100000000L - bound) % bound;
      while (low < threshold) {
        m = (nextLong() >>> 32) * bound;
        low = m & 0xFFFFFFFFL;
      }
    }
    return (int) (m >>> 32);
  }

  /** Uniform in {@code [0, 1)} with 24 random bits. */
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /** Uniform in {@code [0, 1)} with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Standard normal (Box-Muller, one spare cached). */
  public double nextGaussian() {
    if (!Double.isNaN(spareGaussian)) {
      double g = spareGaussian;
      spareGaussian = Double.NaN;
      return g;
    }
    double u1;
    do {
      u1 = nextDouble();
    } while (u1 <= 0);
    double u2 = nextDouble();
    double r = Math.sqrt(-2 * Math.log(u1));
    spareGaussian = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** Fisher-Yates shuffle of {@code a[0, n)}. */
  public void shuffle(int[] a, int n) {
    for (int i = n - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
