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
  int hops;
  int edgeTypes;
  int[] userIds = new int[256];
  int[] itemIds = new int[256];
  int[] userGroup = new int[256];
  int[] itemGroup = new int[256];
  int users;
  int items;
  int[] usersWithin = new int[4];
  int[] itemsWithin = new int[4];
  int[][] userPtr = new int[0][];
  int[][] userNbr = new int[0][];
  int[][] itemPtr = new int[0][];
  int[][] itemNbr = new int[0][];
  int[] userEdges = new int[0];
  int[] itemEdges = new int[0];
  int[] linkUser = new int[256];
  int[] linkItem = new int[256];
  int links;
  long sampledEdges;

  void reset(int hops, int edgeTypes, int links) {
    this.hops = hops;
    this.edgeTypes = edgeTypes;
    this.users = 0;
    this.items = 0;
    this.links = links;
    this.sampledEdges = 0;
    if (usersWithin.length < hops + 1) {
      usersWithin = new int[hops + 1];
      itemsWithin = new int[hops + 1];
    }
    if (userPtr.length != edgeTypes) {
      userPtr = new int[edgeTypes][256];
      userNbr = new int[edgeTypes][1024];
      itemPtr = new int[edgeTypes][256];
      itemNbr = new int[edgeTypes][1024];
      userEdges = new int[edgeTypes];
      itemEdges = new int[edgeTypes];
    }
    Arrays.fill(userEdges, 0);
    Arrays.fill(itemEdges, 0);
    if (linkUser.length < links) {
      linkUser = new int[links];
      linkItem = new int[links];
    }
  }

  int addUser(int global, int group) {
    if (users == userIds.length) {
      userIds = Arrays.copyOf(userIds, users * 2);
      userGroup = Arrays.copyOf(userGroup, users * 2);
    }
    userIds[users] = global;
    userGroup[users] = group;
    return users++;
  }

  int addItem(int global, int group) {
    if (items == itemIds.length) {
      itemIds = Arrays.copyOf(itemIds, items * 2);
      itemGroup = Arrays.copyOf(itemGroup, items * 2);
    }
    itemIds[items] = global;
    itemGroup[items] = group;
    return items++;
  }

  /** Starts the neighbour row of local user {@code u} (rows are started in local order). */
  void startUserRow(int t, int u) {
    if (userPtr[t].length < u + 2) {
      userPtr[t] = Arrays.copyOf(userPtr[t], Math.max(u + 2, userPtr[t].length * 2));
    }
    userPtr[t][u] = userEdges[t];
  }

  void endUserRow(int t, int u) {
    userPtr[t][u + 1] = userEdges[t];
  }

  void addUserNeighbour(int t, int item) {
    if (userEdges[t] == userNbr[t].length) {
      userNbr[t] = Arrays.copyOf(userNbr[t], userEdges[t] * 2);
    }
    userNbr[t][userEdges[t]++] = item;
  }

  void startItemRow(int t, int i) {
    if (itemPtr[t].length < i + 2) {
      itemPtr[t] = Arrays.copyOf(itemPtr[t], Math.max(i + 2, itemPtr[t].length * 2));
    }
    itemPtr[t][i] = itemEdges[t];
  }

  void endItemRow(int t, int i) {
    itemPtr[t][i + 1] = itemEdges[t];
  }

  void addItemNeighbour(int t, int user) {
    if (itemEdges[t] == itemNbr[t].length) {
      itemNbr[t] = Arrays.copyOf(itemNbr[t], itemEdges[t] * 2);
    }
    itemNbr[t][itemEdges[t]++] = user;
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
    return users;
  }

  public int items() {
    return items;
  }

  /** Global ids of the local users {@code 0 .. users()-1} (the array may be longer). */
  public int[] userIds() {
    return userIds;
  }

  public int[] itemIds() {
    return itemIds;
  }

  /** Local users within {@code h} hops of the seeds (0: the seeds' users). */
  public int usersWithin(int h) {
    return usersWithin[h];
  }

  public int itemsWithin(int h) {
    return itemsWithin[h];
  }

  /**
   * Row pointers of the sampled neighbours (local items) of local users by edge type {@code t}:
   * rows {@code 0 .. usersWithin(hops-1)-1}.
   */
  public int[] userRowPtr(int t) {
    return userPtr[t];
  }

  public int[] userNeighbours(int t) {
    return userNbr[t];
  }

  public int[] itemRowPtr(int t) {
    return itemPtr[t];
  }

  public int[] itemNeighbours(int t) {
    return itemNbr[t];
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
