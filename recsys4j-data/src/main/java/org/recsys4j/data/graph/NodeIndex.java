package org.recsys4j.data.graph;

import java.util.Arrays;

/**
 * Local indices of the nodes of one type in a sampled subgraph, keyed by (group, global node):
 * group 0 for a subgraph shared by all seeds, the seed's number for disjoint subgraphs. Open
 * addressing over {@code long} keys, emptied in O(1) between batches by a generation stamp; the
 * sampler asks it once per sampled edge, so a boxed map is not an option.
 */
final class NodeIndex {
  private long[] keys = new long[1024];
  private int[] values = new int[1024];
  private int[] stamp = new int[1024];
  private int generation = 1;
  private int size;

  /** Forgets every entry. */
  void clear() {
    generation++;
    size = 0;
    if (generation == Integer.MAX_VALUE) {
      Arrays.fill(stamp, 0);
      generation = 1;
    }
  }

  private static int mix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    return (int) k;
  }

  /** The value of (group, node), or -1. */
  int get(int group, int node) {
    long k = ((long) group << 32) | (node & 0xFFFFFFFFL);
    int mask = keys.length - 1;
    for (int i = mix(k) & mask; stamp[i] == generation; i = (i + 1) & mask) {
      if (keys[i] == k) {
        return values[i];
      }
    }
    return -1;
  }

  /** Sets (group, node) to {@code value} (the key must be absent). */
  void put(int group, int node, int value) {
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    insert(((long) group << 32) | (node & 0xFFFFFFFFL), value);
    size++;
  }

  private void insert(long k, int value) {
    int mask = keys.length - 1;
    int i = mix(k) & mask;
    while (stamp[i] == generation) {
      i = (i + 1) & mask;
    }
    keys[i] = k;
    values[i] = value;
    stamp[i] = generation;
  }

  private void grow() {
    long[] ok = keys;
    int[] ov = values;
    int[] os = stamp;
    int g = generation;
    keys = new long[ok.length * 2];
    values = new int[ok.length * 2];
    stamp = new int[ok.length * 2];
    for (int i = 0; i < ok.length; i++) {
      if (os[i] == g) {
        insert(ok[i], ov[i]);
      }
    }
  }
}
