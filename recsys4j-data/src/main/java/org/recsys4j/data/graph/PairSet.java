package org.recsys4j.data.graph;

import java.util.Arrays;

/**
 * A set of (user, item) pairs in one open-addressing {@code long[]} (linear probing, load at most
 * one half). Negative samplers ask it millions of times per epoch whether a drawn pair is a known
 * positive; a {@code HashSet<Long>} would box every probe, so this is our own.
 */
public final class PairSet {
  private static final long EMPTY = -1L;
  private long[] slots;
  private int size;

  public PairSet(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    slots = new long[cap];
    Arrays.fill(slots, EMPTY);
  }

  private static long key(int user, int item) {
    return ((long) user << 32) | (item & 0xFFFFFFFFL);
  }

  private static int mix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    return (int) k;
  }

  /** Adds the pair; returns false when it was already present. */
  public boolean add(int user, int item) {
    if (2 * (size + 1) > slots.length) {
      grow();
    }
    return insert(slots, key(user, item)) && ++size > 0;
  }

  private static boolean insert(long[] s, long k) {
    int mask = s.length - 1;
    int i = mix(k) & mask;
    while (s[i] != EMPTY) {
      if (s[i] == k) {
        return false;
      }
      i = (i + 1) & mask;
    }
    s[i] = k;
    return true;
  }

  private void grow() {
    long[] next = new long[slots.length * 2];
    Arrays.fill(next, EMPTY);
    for (long k : slots) {
      if (k != EMPTY) {
        insert(next, k);
      }
    }
    slots = next;
  }

  public boolean contains(int user, int item) {
    long k = key(user, item);
    int mask = slots.length - 1;
    int i = mix(k) & mask;
    while (slots[i] != EMPTY) {
      if (slots[i] == k) {
        return true;
      }
      i = (i + 1) & mask;
    }
    return false;
  }

  public int size() {
    return size;
  }
}
