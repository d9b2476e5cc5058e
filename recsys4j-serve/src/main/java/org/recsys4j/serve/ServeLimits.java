package org.recsys4j.serve;

/**
 * What the server accepts and how much it does at once: {@code workers} requests are computed at
 * once (more only trade cache and context switches for nothing on a CPU-bound path); up to {@code
 * maxInFlight} requests are inside the server, the rest of them waiting in line for a worker, and
 * one past that gets 503 at once; a request that waited {@code queueMillis} for a worker gets 503
 * too (its client is better served retrying elsewhere than waiting). Also the largest body, k,
 * candidate count, list length and id length.
 */
public record ServeLimits(
    int maxInFlight,
    int workers,
    long queueMillis,
    long maxBodyBytes,
    int maxK,
    int maxCandidates,
    int maxListLength,
    int maxIdLength) {
  public ServeLimits {
    atLeast("maxInFlight", maxInFlight, 1);
    atLeast("workers", workers, 1);
    atLeast("queueMillis", queueMillis, 0);
    atLeast("maxBodyBytes", maxBodyBytes, 64);
    atLeast("maxK", maxK, 1);
    atLeast("maxCandidates", maxCandidates, maxK);
    atLeast("maxListLength", maxListLength, 0);
    atLeast("maxIdLength", maxIdLength, 1);
  }

  private static void atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
    }
  }

  /**
   * These limits with {@code maxInFlight} requests at once, k up to {@code maxK} and at least
   * {@code candidates} retrievable candidates (never fewer than the current maximum or {@code
   * maxK}).
   */
  public ServeLimits with(int maxInFlight, int maxK, int candidates) {
    return new ServeLimits(
        maxInFlight,
        workers,
        queueMillis,
        maxBodyBytes,
        maxK,
        Math.max(maxK, Math.max(maxCandidates, candidates)),
        maxListLength,
        maxIdLength);
  }

  /** These limits with {@code workers} computing at once and a wait of {@code queueMillis}. */
  public ServeLimits withWorkers(int workers, long queueMillis) {
    return new ServeLimits(
        maxInFlight,
        workers,
        queueMillis,
        maxBodyBytes,
        maxK,
        maxCandidates,
        maxListLength,
        maxIdLength);
  }

  /**
   * 64 requests in the server, two workers per core, 25 ms in line at most, 64 KiB bodies, k up to
   * 1000, 5000 candidates, lists of 1000 ids.
   */
  public static ServeLimits defaults() {
    return new ServeLimits(
        64, 2 * Runtime.getRuntime().availableProcessors(), 25, 64 * 1024, 1000, 5000, 1000, 256);
  }
}
