package org.recsys4j.models.graphsage;

import org.recsys4j.core.CsrMatrix;
import org.recsys4j.data.graph.HeteroGraph;

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

  public int edgeTypes() {
    return toItems.length;
  }
}
