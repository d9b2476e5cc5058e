package org.recsys4j.serve;

/**
 * What the server accepts and how much it does at once: requests in flight (past them it answers
 * 503 at once), the largest body, k, candidate count, list length and id length.
 */
public record ServeLimits(
    int maxInFlight,
    long maxBodyBytes,
    int maxK,
    int maxCandidates,
    int maxListLength,
    int maxIdLength) {
  public ServeLimits {
    atLeast("maxInFlight", maxInFlight, 1);
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
        maxBodyBytes,
        maxK,
        Math.max(maxK, Math.max(maxCandidates, candidates)),
        maxListLength,
        maxIdLength);
  }

  /** 64 requests in flight, 64 KiB bodies, k up to 1000, 5000 candidates, lists of 1000 ids. */
  public static ServeLimits defaults() {
    return new ServeLimits(64, 64 * 1024, 1000, 5000, 1000, 256);
  }
}
