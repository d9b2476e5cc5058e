package org.recsys4j.core;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool of worker threads that runs a range split into contiguous, deterministic chunks.
 * Chunk boundaries depend only on the range and the thread count, so a body that writes disjoint
 * outputs per index gives the same bits whatever the scheduling. The calling thread runs the first
 * chunk; every chunk has finished before {@link #forRange} returns.
 *
 * <p>Hand-offs spin before they sleep, as OpenMP runtimes do: a worker that finishes a chunk
 * watches for the next one for {@link #SPIN_NANOS} before parking, and the caller watches for the
 * workers' ends the same way. A training step of a small batch hands work over a few dozen times
 * (one data-parallel pass, then the gradient reduction and the optimizer update per parameter), and
 * waking a parked thread through the kernel costs tens of microseconds each time on a virtual
 * machine; with an executor's blocking queue that was the largest cost a second thread added at
 * DLRM batch 128. A caller that finds the pool busy (a second thread calling at the same time, or a
 * body calling back into its own pool) runs the chunks itself, in order, with the same boundaries.
 */
public final class Parallel implements AutoCloseable {
  /** A body over the half-open range {@code [from, to)} of chunk {@code chunk}. */
  @FunctionalInterface
  public interface RangeBody {
    void run(int chunk, int from, int to);
  }

  /** How long an idle worker, or a caller waiting for workers, spins before parking. */
  static final long SPIN_NANOS = 100_000;

  private static final Parallel SERIAL = new Parallel(1);

  private final int threads;
  private final Worker[] workers;
  private final AtomicBoolean busy = new AtomicBoolean();
  private volatile boolean closed;

  public Parallel(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.threads = threads;
    this.workers = new Worker[threads - 1];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker(this);
      workers[i].start();
    }
  }

  /** A one-thread instance that runs everything on the caller. */
  public static Parallel serial() {
    return SERIAL;
  }

  public int threads() {
    return threads;
  }

  /**
   * Splits {@code [0, n)} into at most {@link #threads()} chunks, at least {@code minChunk} long.
   */
  public void forRange(int n, int minChunk, RangeBody body) {
    int chunks = chunks(n, minChunk);
    if (chunks == 1) {
      body.run(0, 0, n);
      return;
    }
    if (closed || !busy.compareAndSet(false, true)) {
      for (int c = 0; c < chunks; c++) { // same chunks, one after another on the caller
        body.run(c, start(n, c, chunks), start(n, c + 1, chunks));
      }
      return;
    }
    try {
      for (int c = 1; c < chunks; c++) {
        workers[c - 1].post(body, c, start(n, c, chunks), start(n, c + 1, chunks));
      }
      Throwable failure = null;
      try {
        body.run(0, 0, start(n, 1, chunks));
      } catch (RuntimeException | Error e) {
        failure = e;
      }
      for (int c = 1; c < chunks; c++) {
        Throwable f = workers[c - 1].await();
        if (failure == null) {
          failure = f;
        }
      }
      if (failure instanceof RuntimeException e) {
        throw e;
      } else if (failure instanceof Error e) {
        throw e;
      } else if (failure != null) {
        throw new IllegalStateException("worker failed", failure);
      }
    } finally {
      busy.set(false);
    }
  }

  private static int start(int n, int chunk, int chunks) {
    return (int) ((long) n * chunk / chunks);
  }

  /** The number of chunks {@link #forRange} will use, for callers that keep per-chunk buffers. */
  public int chunks(int n, int minChunk) {
    return Math.max(1, Math.min(threads, n / Math.max(1, minChunk)));
  }

  @Override
  public void close() {
    closed = true;
    for (Worker w : workers) {
      LockSupport.unpark(w);
    }
  }

  /** One pool thread: runs the chunk posted to it, then spins, then parks until the next. */
  private static final class Worker extends Thread {
    private final Parallel pool;
    private RangeBody body;
    private int chunk;
    private int from;
    private int to;
    private Throwable failure;
    private volatile long
        posted; // generation of the last posted chunk; its fields are written before it
    private volatile long done; // generation of the last finished chunk
    private volatile boolean sleeping;
    private volatile Thread waiter;

    Worker(Parallel pool) {
      super("recsys4j-worker");
      this.pool = pool;
      setDaemon(true);
    }

    /** Called by the pool's caller: hands over one chunk. */
    void post(RangeBody b, int c, int f, int t) {
      body = b;
      chunk = c;
      from = f;
      to = t;
      failure = null;
      posted = posted + 1; // the volatile write publishes the fields above
      if (sleeping) {
        LockSupport.unpark(this);
      }
    }

    /** Called by the pool's caller: waits for the posted chunk; returns its failure or null. */
    Throwable await() {
      long target = posted;
      long spinUntil = System.nanoTime() + SPIN_NANOS;
      while (done != target) {
        if (System.nanoTime() < spinUntil) {
          Thread.onSpinWait();
        } else {
          waiter = Thread.currentThread();
          if (done != target) {
            LockSupport.park(this);
          }
          waiter = null;
        }
      }
      return failure; // written before the volatile write of done
    }

    @Override
    public void run() {
      long seen = 0;
      while (!pool.closed) {
        if (posted != seen) {
          seen = posted;
          try {
            body.run(chunk, from, to);
          } catch (Throwable e) {
            failure = e;
          }
          body = null;
          done = seen;
          Thread w = waiter;
          if (w != null) {
            LockSupport.unpark(w);
          }
          continue;
        }
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (posted == seen && !pool.closed && System.nanoTime() < spinUntil) {
          Thread.onSpinWait();
        }
        if (posted == seen && !pool.closed) {
          sleeping = true;
          if (posted == seen && !pool.closed) {
            LockSupport.park(this);
          }
          sleeping = false;
        }
      }
    }
  }
}
