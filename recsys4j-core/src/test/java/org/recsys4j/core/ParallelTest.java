package org.recsys4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ParallelTest {
  @Test
  void everyIndexRunsOnceInFixedChunksOverManyHandOffs() {
    try (Parallel par = new Parallel(3)) {
      for (int round = 0; round < 20_000; round++) { // far more hand-offs than a spin can hide
        int n = 1 + round % 97;
        int[] hits = new int[n];
        int[] chunkOf = new int[n];
        par.forRange(
            n,
            1,
            (c, from, to) -> {
              for (int i = from; i < to; i++) {
                hits[i]++;
                chunkOf[i] = c;
              }
            });
        int chunks = par.chunks(n, 1);
        assertThat(hits).containsOnly(1);
        for (int c = 0; c < chunks; c++) {
          int from = (int) ((long) n * c / chunks);
          int to = (int) ((long) n * (c + 1) / chunks);
          for (int i = from; i < to; i++) {
            assertThat(chunkOf[i]).isEqualTo(c);
          }
        }
      }
    }
  }

  @Test
  void workersWakeUpAfterParking() throws InterruptedException {
    try (Parallel par = new Parallel(2)) {
      for (int round = 0; round < 5; round++) {
        Thread.sleep(5); // longer than the spin: the worker has parked
        AtomicLong sum = new AtomicLong();
        par.forRange(
            1000,
            1,
            (c, from, to) -> {
              for (int i = from; i < to; i++) {
                sum.addAndGet(i);
              }
            });
        assertThat(sum.get()).isEqualTo(999L * 1000 / 2);
      }
    }
  }

  @Test
  void aFailureInAWorkerChunkReachesTheCaller() {
    try (Parallel par = new Parallel(2)) {
      assertThatThrownBy(
              () ->
                  par.forRange(
                      10,
                      1,
                      (c, from, to) -> {
                        if (c == 1) {
                          throw new IllegalStateException("chunk one failed");
                        }
                      }))
          .hasMessage("chunk one failed");
      int[] hits = new int[10]; // the pool still works afterwards
      par.forRange(
          10,
          1,
          (c, from, to) -> {
            for (int i = from; i < to; i++) {
              hits[i]++;
            }
          });
      assertThat(hits).containsOnly(1);
    }
  }

  @Test
  void nestedAndConcurrentCallsRunTheSameChunksOnTheCaller() throws InterruptedException {
    try (Parallel par = new Parallel(2)) {
      ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
      par.forRange(
          4,
          1,
          (c, from, to) ->
              par.forRange(6, 1, (c2, f2, t2) -> seen.add(c + ":" + c2 + ":" + f2 + "-" + t2)));
      assertThat(seen).containsExactlyInAnyOrder("0:0:0-3", "0:1:3-6", "1:0:0-3", "1:1:3-6");
      AtomicLong total = new AtomicLong();
      Thread[] callers = new Thread[4];
      for (int t = 0; t < callers.length; t++) {
        callers[t] =
            new Thread(
                () -> {
                  for (int r = 0; r < 2000; r++) {
                    par.forRange(100, 1, (c, from, to) -> total.addAndGet(to - from));
                  }
                });
        callers[t].start();
      }
      for (Thread t : callers) {
        t.join();
      }
      assertThat(total.get()).isEqualTo(4L * 2000 * 100);
    }
  }
}
