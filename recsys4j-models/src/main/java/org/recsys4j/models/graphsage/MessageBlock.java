package org.recsys4j.models.graphsage;

import org.recsys4j.core.CsrMatrix;
import org.recsys4j.data.graph.HeteroGraph;
import org.recsys4j.data.graph.SampledSubgraph;

/**
 * One layer's message passing: for each edge type, the mean-aggregation matrix into the destination
 * items (rows) from the source users (columns), and into the destination users from the source
 * items, each with its transpose for the backward pass. Destination nodes are the leading rows of
 * the source nodes of their type.
 */
public record MessageBlock(
    int srcUsers,
    int srcItems,
    int dstUsers,
    int dstItems,
    CsrMatrix[] toItems,
    CsrMatrix[] toItemsT,
    CsrMatrix[] toUsers,
    CsrMatrix[] toUsersT) {

  /** All nodes to all nodes over every edge type of {@code g}. */
  public static MessageBlock full(HeteroGraph g) {
    int t = g.edgeTypeCount();
    CsrMatrix[] ti = new CsrMatrix[t];
    CsrMatrix[] tiT = new CsrMatrix[t];
    CsrMatrix[] tu = new CsrMatrix[t];
    CsrMatrix[] tuT = new CsrMatrix[t];
    for (int e = 0; e < t; e++) {
      ti[e] = g.itemToUser(e).mean(); // rows items, columns users
      tiT[e] = ti[e].transpose();
      tu[e] = g.userToItem(e).mean(); // rows users, columns items
      tuT[e] = tu[e].transpose();
    }
    return new MessageBlock(g.users(), g.items(), g.users(), g.items(), ti, tiT, tu, tuT);
  }

  /**
   * Layer {@code l} (0 = the first applied) of a sampled subgraph: from the nodes within {@code
   * hops - l} hops of the seeds to those within {@code hops - l - 1}, each destination averaging
   * its sampled neighbours.
   */
  public static MessageBlock sampled(SampledSubgraph g, int l) {
    int dstHop = g.hops() - 1 - l;
    int dstUsers = g.usersWithin(dstHop);
    int dstItems = g.itemsWithin(dstHop);
    int srcUsers = g.usersWithin(dstHop + 1);
    int srcItems = g.itemsWithin(dstHop + 1);
    int t = g.edgeTypes();
    CsrMatrix[] ti = new CsrMatrix[t];
    CsrMatrix[] tiT = new CsrMatrix[t];
    CsrMatrix[] tu = new CsrMatrix[t];
    CsrMatrix[] tuT = new CsrMatrix[t];
    for (int e = 0; e < t; e++) {
      ti[e] = mean(g.itemRowPtr(e), g.itemNeighbours(e), dstItems, srcUsers);
      tiT[e] = ti[e].transpose();
      tu[e] = mean(g.userRowPtr(e), g.userNeighbours(e), dstUsers, srcItems);
      tuT[e] = tu[e].transpose();
    }
    return new MessageBlock(srcUsers, srcItems, dstUsers, dstItems, ti, tiT, tu, tuT);
  }

  /** Rows {@code 0 .. rows-1} of a sampled CSR as a mean-aggregation matrix. */
  private static CsrMatrix mean(int[] ptr, int[] nbr, int rows, int cols) {
    int[] p = java.util.Arrays.copyOf(ptr, rows + 1);
    if (rows == 0) {
      p[0] = 0;
    }
    int nnz = p[rows] - p[0];
    int base = p[0];
    int[] idx = java.util.Arrays.copyOfRange(nbr, base, base + nnz);
    float[] v = new float[nnz];
    for (int r = 0; r < rows; r++) {
      p[r] -= base;
    }
    p[rows] -= base;
    for (int r = 0; r < rows; r++) {
      int d = p[r + 1] - p[r];
      for (int j = p[r]; j < p[r + 1]; j++) {
        v[j] = 1f / d;
      }
    }
    return new CsrMatrix(rows, cols, p, idx, v);
  }

  public int edgeTypes() {
    return toItems.length;
  }
}
