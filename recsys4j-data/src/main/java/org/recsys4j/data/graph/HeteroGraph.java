package org.recsys4j.data.graph;

import org.recsys4j.core.CsrMatrix;

/**
 * The user-item graph that passes messages: two node types (users, items) and, per edge type, one
 * CSR in each direction (user -> item, item -> user), each row's neighbours in time order with
 * their timestamps (for temporal sampling). An edge type is a kind of impression (click, view,
 * order, ...); which ones pass messages is the caller's choice.
 */
public final class HeteroGraph {
  private final int users;
  private final int items;
  private final String[] edgeTypes;
  private final Adjacency[] byUser;
  private final Adjacency[] byItem;

  /**
   * One direction of one edge type: row r's neighbours are {@code cols[ptr[r] .. ptr[r+1])}, sorted
   * by {@code times}.
   */
  public record Adjacency(int rows, int cols, int[] ptr, int[] neighbours, long[] times) {
    public int degree(int r) {
      return ptr[r + 1] - ptr[r];
    }

    public int edges() {
      return neighbours.length;
    }

    /**
     * The mean-aggregation matrix of this direction: row r averages its neighbours (weight 1 /
     * degree; a row without neighbours is empty).
     */
    public CsrMatrix mean() {
      float[] vals = new float[neighbours.length];
      for (int r = 0; r < rows; r++) {
        int d = degree(r);
        for (int e = ptr[r]; e < ptr[r + 1]; e++) {
          vals[e] = 1f / d;
        }
      }
      return new CsrMatrix(rows, cols, ptr, neighbours, vals);
    }
  }

  private HeteroGraph(
      int users, int items, String[] edgeTypes, Adjacency[] byUser, Adjacency[] byItem) {
    this.users = users;
    this.items = items;
    this.edgeTypes = edgeTypes;
    this.byUser = byUser;
    this.byItem = byItem;
  }

  /**
   * The graph of saved adjacencies (one per edge type and direction), as {@link #userToItem} and
   * {@link #itemToUser} return them; shapes are checked.
   */
  public static HeteroGraph of(
      int users, int items, String[] edgeTypes, Adjacency[] byUser, Adjacency[] byItem) {
    if (byUser.length != edgeTypes.length || byItem.length != edgeTypes.length) {
      throw new IllegalArgumentException("one adjacency per edge type and direction expected");
    }
    for (int t = 0; t < edgeTypes.length; t++) {
      if (byUser[t].rows() != users
          || byUser[t].cols() != items
          || byItem[t].rows() != items
          || byItem[t].cols() != users
          || byUser[t].edges() != byItem[t].edges()) {
        throw new IllegalArgumentException(
            "edge type " + edgeTypes[t] + ": adjacencies do not fit " + users + " x " + items);
      }
    }
    return new HeteroGraph(users, items, edgeTypes.clone(), byUser.clone(), byItem.clone());
  }

  /**
   * Builds the graph from the edges {@code select[0 .. n)} of the given arrays ({@code type[k]} is
   * an index into {@code edgeTypes}).
   */
  public static HeteroGraph build(
      int users,
      int items,
      String[] edgeTypes,
      int[] user,
      int[] item,
      int[] type,
      long[] time,
      int[] select,
      int n) {
    Adjacency[] bu = new Adjacency[edgeTypes.length];
    Adjacency[] bi = new Adjacency[edgeTypes.length];
    for (int t = 0; t < edgeTypes.length; t++) {
      bu[t] = adjacency(users, items, user, item, type, time, select, n, t);
      bi[t] = adjacency(items, users, item, user, type, time, select, n, t);
    }
    return new HeteroGraph(users, items, edgeTypes.clone(), bu, bi);
  }

  /**
   * This graph grown to {@code users} x {@code items} nodes (at least as many as now) plus the
   * links ({@code user[k]}, {@code item[k]}) of edge type index {@code type[k]} at {@code time[k]},
   * {@code k < n}; each neighbour list stays in time order.
   */
  public HeteroGraph withLinks(
      int users, int items, int[] user, int[] item, int[] type, long[] time, int n) {
    if (users < this.users || items < this.items) {
      throw new IllegalArgumentException(
          "a grown graph cannot have fewer nodes: " + users + " x " + items);
    }
    int m = (int) edges() + n;
    int[] u = new int[m];
    int[] i = new int[m];
    int[] t = new int[m];
    long[] ts = new long[m];
    int k = 0;
    for (int e = 0; e < edgeTypes.length; e++) {
      Adjacency a = byUser[e];
      for (int r = 0; r < a.rows(); r++) {
        for (int j = a.ptr()[r]; j < a.ptr()[r + 1]; j++) {
          u[k] = r;
          i[k] = a.neighbours()[j];
          t[k] = e;
          ts[k++] = a.times()[j];
        }
      }
    }
    for (int l = 0; l < n; l++) {
      if (type[l] < 0 || type[l] >= edgeTypes.length) {
        throw new IllegalArgumentException("edge type index " + type[l] + " out of range");
      }
      u[k] = user[l];
      i[k] = item[l];
      t[k] = type[l];
      ts[k++] = time[l];
    }
    int[] all = new int[m];
    for (int s = 0; s < m; s++) {
      all[s] = s;
    }
    return build(users, items, edgeTypes, u, i, t, ts, all, m);
  }

  private static Adjacency adjacency(
      int rows,
      int cols,
      int[] src,
      int[] dst,
      int[] type,
      long[] time,
      int[] select,
      int n,
      int t) {
    int[] ptr = new int[rows + 1];
    int m = 0;
    for (int s = 0; s < n; s++) {
      int k = select[s];
      if (type[k] == t) {
        ptr[src[k] + 1]++;
        m++;
      }
    }
    for (int r = 0; r < rows; r++) {
      ptr[r + 1] += ptr[r];
    }
    int[] fill = java.util.Arrays.copyOf(ptr, rows);
    int[] nb = new int[m];
    long[] ts = new long[m];
    for (int s = 0; s < n; s++) {
      int k = select[s];
      if (type[k] == t) {
        int at = fill[src[k]]++;
        nb[at] = dst[k];
        ts[at] = time[k];
      }
    }
    sortRowsByTime(rows, ptr, nb, ts);
    return new Adjacency(rows, cols, ptr, nb, ts);
  }

  /** Insertion sort per row (rows are short and mostly in time order already), stable. */
  private static void sortRowsByTime(int rows, int[] ptr, int[] nb, long[] ts) {
    for (int r = 0; r < rows; r++) {
      for (int a = ptr[r] + 1; a < ptr[r + 1]; a++) {
        long tk = ts[a];
        int nk = nb[a];
        int b = a - 1;
        while (b >= ptr[r] && ts[b] > tk) {
          ts[b + 1] = ts[b];
          nb[b + 1] = nb[b];
          b--;
        }
        ts[b + 1] = tk;
        nb[b + 1] = nk;
      }
    }
  }

  public int users() {
    return users;
  }

  public int items() {
    return items;
  }

  /** The edge types that pass messages. */
  public String[] edgeTypes() {
    return edgeTypes.clone();
  }

  public int edgeTypeCount() {
    return edgeTypes.length;
  }

  /** Edge type {@code t} from users to items: a row per user. */
  public Adjacency userToItem(int t) {
    return byUser[t];
  }

  /** Edge type {@code t} from items to users: a row per item. */
  public Adjacency itemToUser(int t) {
    return byItem[t];
  }

  /** All edges over all types (each counted once). */
  public long edges() {
    long e = 0;
    for (Adjacency a : byUser) {
      e += a.edges();
    }
    return e;
  }
}
