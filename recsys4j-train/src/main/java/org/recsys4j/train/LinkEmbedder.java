package org.recsys4j.train;

import java.util.Arrays;
import java.util.List;
import org.recsys4j.core.CsrMatrix;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.Tensor;
import org.recsys4j.data.IdMap;
import org.recsys4j.data.graph.HeteroGraph;
import org.recsys4j.data.impressions.NodeTable;
import org.recsys4j.eval.LinkScorer;
import org.recsys4j.models.LinkModel;
import org.recsys4j.models.graphsage.GraphInput;

/**
 * Embeds the nodes of a link bundle's graph, and nodes it never saw: new users and items are added
 * to the graph with their feature rows (encoded by the bundle's fitted transforms, all-missing
 * without a table row) and whatever links they have now, and every node is embedded over the grown
 * graph with no retraining. A new node has no id embedding (it was not known in training), so it is
 * known by its features and links alone; that is the inductive cold start.
 */
public final class LinkEmbedder {
  private final LinkModel model;
  private final IdMap users;
  private final IdMap items;
  private final GraphInput input;
  private final int newUsers;
  private final int newItems;

  private LinkEmbedder(
      LinkModel model, IdMap users, IdMap items, GraphInput input, int newUsers, int newItems) {
    this.model = model;
    this.users = users;
    this.items = items;
    this.input = input;
    this.newUsers = newUsers;
    this.newItems = newItems;
  }

  /** New links to add: raw ids, edge type names and times (epoch seconds). */
  public record Links(List<String> users, List<String> items, List<String> types, long[] times) {
    public static Links none() {
      return new Links(List.of(), List.of(), List.of(), new long[0]);
    }
  }

  /** The bundle's graph as it is. */
  public static LinkEmbedder of(ModelBundle b) {
    return of(b, null, null, List.of(), List.of(), Links.none());
  }

  /**
   * The bundle's graph grown by the given nodes and links: {@code userTable}/{@code itemTable} give
   * feature rows of new nodes (in the bundle's node-table layout; may be null), {@code extraUsers}
   * and {@code extraItems} name further new nodes (features missing unless a table has them), and
   * {@code links} are added as edges (their endpoints are added as nodes when new).
   */
  public static LinkEmbedder of(
      ModelBundle b,
      NodeTable userTable,
      NodeTable itemTable,
      List<String> extraUsers,
      List<String> extraItems,
      Links links) {
    LinkModel model = b.linkModel("embedding nodes");
    GraphSection g = b.graph();
    IdMap users = copy(b.users());
    IdMap items = copy(b.items());
    int oldUsers = users.size();
    int oldItems = items.size();
    if (userTable != null) {
      userTable.ids().forEach(users::add);
    }
    if (itemTable != null) {
      itemTable.ids().forEach(items::add);
    }
    extraUsers.forEach(users::add);
    extraItems.forEach(items::add);
    links.users().forEach(users::add);
    links.items().forEach(items::add);
    CsrMatrix userRows = grow(g.userRows(), g.userFeatures(), userTable, users, oldUsers);
    CsrMatrix itemRows = grow(g.itemRows(), g.itemFeatures(), itemTable, items, oldItems);
    HeteroGraph graph = g.graph();
    if (links.users().size() > 0 || users.size() > oldUsers || items.size() > oldItems) {
      graph = grownGraph(g, users, items, links);
    }
    GraphInput in =
        GraphInput.full(
            graph,
            g.userFeatures().width() == 0 ? null : userRows,
            g.itemFeatures().width() == 0 ? null : itemRows,
            model.layers());
    return new LinkEmbedder(
        model, users, items, in, users.size() - oldUsers, items.size() - oldItems);
  }

  private static IdMap copy(IdMap m) {
    IdMap c = new IdMap();
    for (int i = 0; i < m.size(); i++) {
      c.add(m.rawId(i));
    }
    return c;
  }

  /** The saved rows of the old nodes, then the encoded rows of the new ones. */
  private static CsrMatrix grow(
      CsrMatrix old,
      org.recsys4j.data.graph.NodeFeatures f,
      NodeTable table,
      IdMap ids,
      int oldCount) {
    int extra = ids.size() - oldCount;
    if (extra == 0) {
      return old;
    }
    String[][] raw = new String[extra][];
    for (int k = 0; k < extra; k++) {
      raw[k] = table == null ? null : table.row(ids.rawId(oldCount + k));
    }
    CsrMatrix add = f.encode(raw);
    int[] ptr = Arrays.copyOf(old.rowPtr(), ids.size() + 1);
    int base = old.nnz();
    for (int k = 0; k < extra; k++) {
      ptr[oldCount + k + 1] = base + add.rowPtr()[k + 1];
    }
    int[] idx = Arrays.copyOf(old.colIdx(), base + add.nnz());
    float[] vals = Arrays.copyOf(old.vals(), base + add.nnz());
    System.arraycopy(add.colIdx(), 0, idx, base, add.nnz());
    System.arraycopy(add.vals(), 0, vals, base, add.nnz());
    return new CsrMatrix(ids.size(), old.cols(), ptr, idx, vals);
  }

  private static HeteroGraph grownGraph(GraphSection g, IdMap users, IdMap items, Links links) {
    List<String> types = g.edgeTypes();
    int n = links.users().size();
    int[] u = new int[n];
    int[] i = new int[n];
    int[] t = new int[n];
    for (int l = 0; l < n; l++) {
      int e = types.indexOf(links.types().get(l));
      if (e < 0) {
        throw new IllegalArgumentException(
            "link "
                + (l + 1)
                + ": edge type '"
                + links.types().get(l)
                + "' does not pass messages in this model; its edge types are "
                + types);
      }
      u[l] = users.indexOf(links.users().get(l));
      i[l] = items.indexOf(links.items().get(l));
      t[l] = e;
    }
    return g.graph().withLinks(users.size(), items.size(), u, i, t, links.times(), n);
  }

  public IdMap users() {
    return users;
  }

  public IdMap items() {
    return items;
  }

  /** Nodes added beyond the bundle's (the last ids of each map). */
  public int newUsers() {
    return newUsers;
  }

  public int newItems() {
    return newItems;
  }

  public int dim() {
    return model.dim();
  }

  /** The output embeddings of every user and item (row-major, ids in {@link #users()} order). */
  public float[][] embeddings(Parallel par) {
    LinkModel.Embedded e = model.embedAll(input, par);
    Tensor u = e.users().value();
    Tensor i = e.items().value();
    return new float[][] {u.toArray(), i.toArray()};
  }

  /** A scorer of (user, item) links over the grown graph, by index into {@link #users()}. */
  public LinkScorer scorer(Parallel par) {
    return model.scorer(input, par);
  }

  /** The graph input (for tests and benchmarks). */
  public GraphInput input() {
    return input;
  }
}
