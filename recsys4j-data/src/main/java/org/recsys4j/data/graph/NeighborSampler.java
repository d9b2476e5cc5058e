package org.recsys4j.data.graph;

import org.recsys4j.core.Rng;

/**
 * Samples the layered neighbourhoods of a batch of seed links, as PyG's {@code LinkNeighborLoader}
 * does: the endpoints of every link are the seeds; hop h draws, for every node reached at hop h-1
 * and every edge type, up to {@code fanouts[h]} of its neighbours uniformly without replacement
 * ({@code -1}: all of them). Three modes:
 *
 * <ul>
 *   <li>{@link Mode#SHARED}: one subgraph for the batch; a node reached twice is one node;
 *   <li>{@link Mode#DISJOINT}: every seed link has its own subgraph (nodes are not shared across
 *       links), as the Zalando write-up trains;
 *   <li>{@link Mode#TEMPORAL}: disjoint, and a link at time t only sees edges before t (the
 *       neighbour lists are in time order, so this is a binary search per node).
 * </ul>
 *
 * <p>Everything goes into a caller-owned {@link SampledSubgraph}; the draws come only from the
 * {@link Rng} passed in, so a batch's subgraph depends on its seed alone, whatever thread samples
 * it. This is a hot path of mini-batch training, written over primitive arrays; its speed is
 * measured by {@code SamplerBench} (JMH).
 */
public final class NeighborSampler {
  /** How seed links share their subgraphs. */
  public enum Mode {
    SHARED,
    DISJOINT,
    TEMPORAL;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Mode parse(String s) {
      for (Mode m : values()) {
        if (m.id().equals(s)) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          "unknown subgraph mode '" + s + "': expected shared, disjoint or temporal");
    }
  }

  private final HeteroGraph graph;
  private final int[] fanouts;
  private final Mode mode;
  private final NodeIndex userIndex = new NodeIndex();
  private final NodeIndex itemIndex = new NodeIndex();
  private int[] picked = new int[64];
  private long[] groupTime = new long[256];

  /**
   * @param fanouts neighbours per node and edge type at each hop (one entry per model layer; -1 =
   *     all)
   */
  public NeighborSampler(HeteroGraph graph, int[] fanouts, Mode mode) {
    if (fanouts.length == 0) {
      throw new IllegalArgumentException("fanouts: one entry per layer, got none");
    }
    for (int f : fanouts) {
      if (f == 0 || f < -1) {
        throw new IllegalArgumentException(
            "fanouts must be positive or -1 (all neighbours), got "
                + java.util.Arrays.toString(fanouts));
      }
    }
    this.graph = graph;
    this.fanouts = fanouts.clone();
    this.mode = mode;
  }

  public Mode mode() {
    return mode;
  }

  public int hops() {
    return fanouts.length;
  }

  /**
   * Samples the subgraph of links ({@code users[k]}, {@code items[k]}) at {@code times[k]}, {@code
   * k < n} ({@code times} is read in temporal mode only), into {@code out}.
   */
  public void sample(int[] users, int[] items, long[] times, int n, Rng rng, SampledSubgraph out) {
    int hops = fanouts.length;
    int types = graph.edgeTypeCount();
    out.reset(hops, types, n);
    userIndex.clear();
    itemIndex.clear();
    boolean separate = mode != Mode.SHARED;
    if (separate && groupTime.length < n) {
      groupTime = new long[Math.max(n, groupTime.length * 2)];
    }
    for (int k = 0; k < n; k++) {
      int g = separate ? k : 0;
      if (separate) {
        groupTime[k] = mode == Mode.TEMPORAL ? times[k] : Long.MAX_VALUE;
      }
      out.linkUser[k] = local(out.users, userIndex, users[k], g);
      out.linkItem[k] = local(out.items, itemIndex, items[k], g);
    }
    out.users.within[0] = out.users.count;
    out.items.within[0] = out.items.count;
    for (int h = 0; h < hops; h++) {
      int from = h == 0 ? 0 : out.users.within[h - 1];
      int fromItems = h == 0 ? 0 : out.items.within[h - 1];
      out.sampledEdges += expand(out.users, out.items, itemIndex, true, from, h, types, rng);
      out.sampledEdges += expand(out.items, out.users, userIndex, false, fromItems, h, types, rng);
      out.users.within[h + 1] = out.users.count;
      out.items.within[h + 1] = out.items.count;
    }
  }

  /**
   * Samples, for the nodes of {@code side} reached at hop {@code h} (local {@code from} up to its
   * within-{@code h} count), their neighbours on {@code other}; returns the edges sampled.
   */
  private long expand(
      SampledSubgraph.Side side,
      SampledSubgraph.Side other,
      NodeIndex otherIndex,
      boolean byUser,
      int from,
      int h,
      int types,
      Rng rng) {
    long sampled = 0;
    for (int r = from; r < side.within[h]; r++) {
      int g = side.group[r];
      long before = mode == Mode.TEMPORAL ? groupTime[g] : Long.MAX_VALUE;
      for (int t = 0; t < types; t++) {
        side.startRow(t, r);
        HeteroGraph.Adjacency a = byUser ? graph.userToItem(t) : graph.itemToUser(t);
        int m = pick(a, side.ids[r], fanouts[h], before, rng);
        for (int s = 0; s < m; s++) {
          side.addNeighbour(t, local(other, otherIndex, a.neighbours()[picked[s]], g));
        }
        side.endRow(t, r);
        sampled += m;
      }
    }
    return sampled;
  }

  /** The local index of (group, global) on {@code side}, added when new. */
  private static int local(SampledSubgraph.Side side, NodeIndex index, int global, int group) {
    int l = index.get(group, global);
    if (l < 0) {
      l = side.add(global, group);
      index.put(group, global, l);
    }
    return l;
  }

  /**
   * Draws up to {@code f} of {@code node}'s neighbours with time before {@code before} into {@code
   * picked} (edge positions), uniformly without replacement (Floyd's algorithm); returns how many.
   */
  private int pick(HeteroGraph.Adjacency a, int node, int f, long before, Rng rng) {
    int from = a.ptr()[node];
    int to = a.ptr()[node + 1];
    if (before != Long.MAX_VALUE) {
      to = firstAtOrAfter(a.times(), from, to, before);
    }
    int d = to - from;
    if (f < 0 || d <= f) {
      if (picked.length < d) {
        picked = new int[Math.max(d, picked.length * 2)];
      }
      for (int s = 0; s < d; s++) {
        picked[s] = from + s;
      }
      return d;
    }
    if (picked.length < f) {
      picked = new int[f];
    }
    int m = 0;
    for (int j = d - f; j < d; j++) {
      int r = rng.nextInt(j + 1);
      boolean seen = false;
      for (int s = 0; s < m; s++) {
        if (picked[s] == from + r) {
          seen = true;
          break;
        }
      }
      picked[m++] = from + (seen ? j : r);
    }
    return m;
  }

  /** The first position in {@code times[from, to)} (ascending) holding a time >= {@code t}. */
  private static int firstAtOrAfter(long[] times, int from, int to, long t) {
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
