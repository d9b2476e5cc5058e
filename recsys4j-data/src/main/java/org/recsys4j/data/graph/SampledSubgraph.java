package org.recsys4j.data.graph;

import java.util.Arrays;

/**
 * The layered subgraph that {@link NeighborSampler} fills for a batch of seed links, in buffers the
 * caller owns and reuses from batch to batch. Nodes of each type are numbered locally in order of
 * the hop that reached them (the seeds' endpoints first), so the nodes within {@code h} hops are a
 * prefix: {@link #usersWithin(int)}. For every node within {@code hops - 1} hops and every edge
 * type, its sampled neighbours are a CSR row of local indices of the other type.
 */
public final class SampledSubgraph {
  /**
   * One node type's side of the subgraph: its local nodes (global id and subgraph group), how many
   * lie within each hop, and per edge type the CSR of their sampled neighbours (local indices of
   * the other type).
   */
  static final class Side {
    int[] ids = new int[256];
    int[] group = new int[256];
    int count;
    int[] within = new int[4];
    int[][] ptr = new int[0][];
    int[][] nbr = new int[0][];
    int[] edges = new int[0];

    void reset(int hops, int edgeTypes) {
      count = 0;
      if (within.length < hops + 1) {
        within = new int[hops + 1];
      }
      if (ptr.length != edgeTypes) {
        ptr = new int[edgeTypes][256];
        nbr = new int[edgeTypes][1024];
        edges = new int[edgeTypes];
      }
      Arrays.fill(edges, 0);
    }

    int add(int global, int g) {
      if (count == ids.length) {
        ids = Arrays.copyOf(ids, count * 2);
        group = Arrays.copyOf(group, count * 2);
      }
      ids[count] = global;
      group[count] = g;
      return count++;
    }

    /** Starts the neighbour row of local node {@code r} (rows are started in local order). */
    void startRow(int t, int r) {
      if (ptr[t].length < r + 2) {
        ptr[t] = Arrays.copyOf(ptr[t], Math.max(r + 2, ptr[t].length * 2));
      }
      ptr[t][r] = edges[t];
    }

    void endRow(int t, int r) {
      ptr[t][r + 1] = edges[t];
    }

    void addNeighbour(int t, int local) {
      if (edges[t] == nbr[t].length) {
        nbr[t] = Arrays.copyOf(nbr[t], edges[t] * 2);
      }
      nbr[t][edges[t]++] = local;
    }
  }

  int hops;
  int edgeTypes;
  final Side users = new Side();
  final Side items = new Side();
  int[] linkUser = new int[256];
  int[] linkItem = new int[256];
  int links;
  long sampledEdges;

  void reset(int hops, int edgeTypes, int links) {
    this.hops = hops;
    this.edgeTypes = edgeTypes;
    this.links = links;
    this.sampledEdges = 0;
    users.reset(hops, edgeTypes);
    items.reset(hops, edgeTypes);
    if (linkUser.length < links) {
      linkUser = new int[links];
      linkItem = new int[links];
    }
  }

  /** Hops sampled (the model's layers). */
  public int hops() {
    return hops;
  }

  public int edgeTypes() {
    return edgeTypes;
  }

  /** Local users in all (the input nodes of the first layer). */
  public int users() {
    return users.count;
  }

  public int items() {
    return items.count;
  }

  /** Global ids of the local users {@code 0 .. users()-1} (the array may be longer). */
  public int[] userIds() {
    return users.ids;
  }

  public int[] itemIds() {
    return items.ids;
  }

  /** Local users within {@code h} hops of the seeds (0: the seeds' users). */
  public int usersWithin(int h) {
    return users.within[h];
  }

  public int itemsWithin(int h) {
    return items.within[h];
  }

  /**
   * Row pointers of the sampled neighbours (local items) of local users by edge type {@code t}:
   * rows {@code 0 .. usersWithin(hops-1)-1}.
   */
  public int[] userRowPtr(int t) {
    return users.ptr[t];
  }

  public int[] userNeighbours(int t) {
    return users.nbr[t];
  }

  public int[] itemRowPtr(int t) {
    return items.ptr[t];
  }

  public int[] itemNeighbours(int t) {
    return items.nbr[t];
  }

  /** The local user of seed link {@code k}. */
  public int linkUser(int k) {
    return linkUser[k];
  }

  public int linkItem(int k) {
    return linkItem[k];
  }

  public int links() {
    return links;
  }

  /** Local user rows of the seed links, a new array. */
  public int[] linkUsers() {
    return Arrays.copyOf(linkUser, links);
  }

  public int[] linkItems() {
    return Arrays.copyOf(linkItem, links);
  }

  /** Edges sampled for this batch (over all hops, types and directions). */
  public long sampledEdges() {
    return sampledEdges;
  }
}
