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
      out.linkUser[k] = user(out, users[k], g);
      out.linkItem[k] = item(out, items[k], g);
    }
    out.usersWithin[0] = out.users;
    out.itemsWithin[0] = out.items;
    int userFrom = 0;
    int itemFrom = 0;
    for (int h = 0; h < hops; h++) {
      int f = fanouts[h];
      int userTo = out.usersWithin[h];
      int itemTo = out.itemsWithin[h];
      for (int u = userFrom; u < userTo; u++) {
        int g = out.userGroup[u];
        long before = mode == Mode.TEMPORAL ? groupTime[g] : Long.MAX_VALUE;
        for (int t = 0; t < types; t++) {
          out.startUserRow(t, u);
          HeteroGraph.Adjacency a = graph.userToItem(t);
          int m = pick(a, out.userIds[u], f, before, rng);
          for (int s = 0; s < m; s++) {
            out.addUserNeighbour(t, item(out, a.neighbours()[picked[s]], g));
          }
          out.endUserRow(t, u);
          out.sampledEdges += m;
        }
      }
      for (int i = itemFrom; i < itemTo; i++) {
        int g = out.itemGroup[i];
        long before = mode == Mode.TEMPORAL ? groupTime[g] : Long.MAX_VALUE;
        for (int t = 0; t < types; t++) {
          out.startItemRow(t, i);
          HeteroGraph.Adjacency a = graph.itemToUser(t);
          int m = pick(a, out.itemIds[i], f, before, rng);
          for (int s = 0; s < m; s++) {
            out.addItemNeighbour(t, user(out, a.neighbours()[picked[s]], g));
          }
          out.endItemRow(t, i);
          out.sampledEdges += m;
        }
      }
      userFrom = userTo;
      itemFrom = itemTo;
      out.usersWithin[h + 1] = out.users;
      out.itemsWithin[h + 1] = out.items;
    }
  }

  private int user(SampledSubgraph out, int global, int group) {
    int local = userIndex.get(group, global);
    if (local < 0) {
      local = out.addUser(global, group);
      userIndex.put(group, global, local);
    }
    return local;
  }

  private int item(SampledSubgraph out, int global, int group) {
    int local = itemIndex.get(group, global);
    if (local < 0) {
      local = out.addItem(global, group);
      itemIndex.put(group, global, local);
    }
    return local;
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
