package org.recsys4j.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fixed pool of worker threads that runs a range split into contiguous, deterministic chunks.
 * Chunk boundaries depend only on the range and the thread count, so a body that writes disjoint
 * outputs per index gives the same bits whatever the scheduling. The calling thread runs the
 * first chunk; every future is joined before returning.
 */
public final class Parallel implements AutoCloseable {
  /** A body over the half-open range {@code [from, to)} of chunk {@code chunk}. */
  @FunctionalInterface
  public interface RangeBody {
    void run(int chunk, int from, int to);
  }

  private static final Parallel SERIAL = new Parallel(1);

  private final int threads;
  private final ExecutorService pool;

  public Parallel(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.threads = threads;
    this.pool =
        threads == 1
            ? null
            : Executors.newFixedThreadPool(
                threads - 1,
                r -> {
                  Thread t = new Thread(r, "recsys4j-worker");
                  t.setDaemon(true);
                  return t;
                });
  }

  /** A one-thread instance that runs everything on the caller. */
  public static Parallel serial() {
    return SERIAL;
  }

  public int threads() {
    return threads;
  }

  /** Splits {@code [0, n)} into at most {@link #threads()} chunks, at least {@code minChunk} long. */
  public void forRange(int n, int minChunk, RangeBody body) {
    int chunks = Math.max(1, Math.min(threads, n / Math.max(1, minChunk)));
    if (chunks == 1 || pool == null) {
      body.run(0, 0, n);
      return;
    }
    List<Future<?>> futures = new ArrayList<>(chunks - 1);
    for (int c = 1; c < chunks; c++) {
      final int chunk = c;
      final int from = (int) ((long) n * c / chunks);
      final int to = (int) ((long) n * (c + 1) / chunks);
      futures.add(pool.submit(() -> body.run(chunk, from, to)));
    }
    Throwable failure = null;
    try {
      body.run(0, 0, (int) ((long) n / chunks));
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (failure instanceof RuntimeException) {
      throw (RuntimeException) failure;
    } else if (failure instanceof Error) {
      throw (Error) failure;
    } else if (failure != null) {
      throw new IllegalStateException("worker failed", failure);
    }
  }

  /** The number of chunks {@link #forRange} will use, for callers that keep per-chunk buffers. */
  public int chunks(int n, int minChunk) {
    return Math.max(1, Math.min(threads, n / Math.max(1, minChunk)));
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
