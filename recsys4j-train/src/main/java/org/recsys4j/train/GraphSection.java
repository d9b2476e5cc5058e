package org.recsys4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recsys4j.core.CsrMatrix;
import org.recsys4j.core.io.AtomicFiles;
import org.recsys4j.core.io.SafeTensors;
import org.recsys4j.data.graph.HeteroGraph;
import org.recsys4j.data.graph.NodeFeatures;
import org.recsys4j.models.ModelInputs;

/**
 * The {@code graph} section of a link model's bundle: what it takes to embed nodes again without
 * the training data. {@code graph.json} holds the nodes known in training, the edge types that pass
 * messages and the fitted node-feature transforms; {@code graph.safetensors} the message-passing
 * graph at the end of training (per edge type and direction a CSR with each edge's time, in the
 * order aggregation sums them, so that a loaded model embeds bit for bit as the trained one) and
 * every node's encoded feature rows. Node ids are the bundle's {@code users.txt} and {@code
 * items.txt}.
 */
public record GraphSection(
    int knownUsers,
    int knownItems,
    List<String> edgeTypes,
    NodeFeatures userFeatures,
    NodeFeatures itemFeatures,
    HeteroGraph graph,
    CsrMatrix userRows,
    CsrMatrix itemRows) {
  static final String JSON_FILE = "graph.json";
  static final String TENSORS = "graph.safetensors";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The model shape this section describes. */
  public ModelInputs.GraphShape shape() {
    return new ModelInputs.GraphShape(
        knownUsers, knownItems, userFeatures.width(), itemFeatures.width(), edgeTypes);
  }

  void write(Path dir) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "recsys4j-graph");
    root.put("version", 1);
    root.put("known_users", knownUsers);
    root.put("known_items", knownItems);
    root.set("edge_types", JSON.valueToTree(edgeTypes));
    root.set("user_features", userFeatures.toJson(JSON));
    root.set("item_features", itemFeatures.toJson(JSON));
    AtomicFiles.writeString(
        dir.resolve(JSON_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    Map<String, SafeTensors.Entry> t = new LinkedHashMap<>();
    for (int e = 0; e < edgeTypes.size(); e++) {
      putAdjacency(t, "edges." + e + ".by_user", graph.userToItem(e));
      putAdjacency(t, "edges." + e + ".by_item", graph.itemToUser(e));
    }
    putCsr(t, "user_rows", userRows);
    putCsr(t, "item_rows", itemRows);
    SafeTensors.write(
        dir.resolve(TENSORS), t, Map.of("users", "" + graph.users(), "items", "" + graph.items()));
  }

  private static void putAdjacency(
      Map<String, SafeTensors.Entry> t, String name, HeteroGraph.Adjacency a) {
    t.put(name + ".indptr", SafeTensors.Entry.i32(a.ptr(), a.ptr().length));
    t.put(name + ".indices", SafeTensors.Entry.i32(a.neighbours(), a.edges()));
    t.put(name + ".times", SafeTensors.Entry.i64(a.times(), a.edges()));
  }

  private static HeteroGraph.Adjacency adjacency(
      Map<String, SafeTensors.Entry> t, Path f, String name, int rows, int cols) {
    int[] ptr = ints(t, f, name + ".indptr");
    int[] idx = ints(t, f, name + ".indices");
    checkCsr(f, name, ptr, idx, rows, cols);
    SafeTensors.Entry times = t.get(name + ".times");
    if (times == null || times.longs().length != idx.length) {
      throw new IllegalArgumentException(f + ": missing or short " + name + ".times");
    }
    return new HeteroGraph.Adjacency(rows, cols, ptr, idx, times.longs());
  }

  private static void putCsr(Map<String, SafeTensors.Entry> t, String name, CsrMatrix m) {
    t.put(name + ".indptr", SafeTensors.Entry.i32(m.rowPtr(), m.rowPtr().length));
    t.put(name + ".indices", SafeTensors.Entry.i32(m.colIdx(), m.nnz()));
    t.put(name + ".values", SafeTensors.Entry.f32(m.vals(), m.nnz()));
  }

  static GraphSection read(Path dir, int users, int items) throws IOException {
    Path jf = dir.resolve(JSON_FILE);
    JsonNode root = JSON.readTree(Files.readString(jf));
    if (!"recsys4j-graph".equals(root.path("format").asText())) {
      throw new IllegalArgumentException(jf + ": not a recsys4j graph section");
    }
    List<String> types = new ArrayList<>();
    root.path("edge_types").forEach(n -> types.add(n.asText()));
    NodeFeatures uf = NodeFeatures.fromJson(root.path("user_features"), jf.toString());
    NodeFeatures itf = NodeFeatures.fromJson(root.path("item_features"), jf.toString());
    Path tf = dir.resolve(TENSORS);
    Map<String, SafeTensors.Entry> t = SafeTensors.read(tf, null);
    HeteroGraph.Adjacency[] byUser = new HeteroGraph.Adjacency[types.size()];
    HeteroGraph.Adjacency[] byItem = new HeteroGraph.Adjacency[types.size()];
    for (int e = 0; e < types.size(); e++) {
      byUser[e] = adjacency(t, tf, "edges." + e + ".by_user", users, items);
      byItem[e] = adjacency(t, tf, "edges." + e + ".by_item", items, users);
    }
    HeteroGraph g;
    try {
      g = HeteroGraph.of(users, items, types.toArray(new String[0]), byUser, byItem);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(tf + ": " + e.getMessage(), e);
    }
    return new GraphSection(
        root.path("known_users").asInt(),
        root.path("known_items").asInt(),
        types,
        uf,
        itf,
        g,
        csr(t, tf, "user_rows", users, uf.width()),
        csr(t, tf, "item_rows", items, itf.width()));
  }

  private static int[] ints(Map<String, SafeTensors.Entry> t, Path f, String name) {
    SafeTensors.Entry e = t.get(name);
    if (e == null) {
      throw new IllegalArgumentException(f + ": missing tensor " + name);
    }
    return e.ints();
  }

  private static void checkCsr(Path f, String name, int[] ptr, int[] idx, int rows, int cols) {
    if (ptr.length != rows + 1 || ptr[0] != 0 || ptr[rows] != idx.length) {
      throw new IllegalArgumentException(f + ": " + name + " does not fit " + rows + " rows");
    }
    for (int r = 0; r < rows; r++) {
      if (ptr[r] > ptr[r + 1]) {
        throw new IllegalArgumentException(f + ": " + name + ".indptr decreases at row " + r);
      }
    }
    for (int c : idx) {
      if (c < 0 || c >= cols) {
        throw new IllegalArgumentException(f + ": " + name + " has column " + c + " of " + cols);
      }
    }
  }

  private static CsrMatrix csr(
      Map<String, SafeTensors.Entry> t, Path f, String name, int rows, int cols) {
    int[] ptr = ints(t, f, name + ".indptr");
    int[] idx = ints(t, f, name + ".indices");
    checkCsr(f, name, ptr, idx, rows, cols);
    SafeTensors.Entry v = t.get(name + ".values");
    if (v == null || v.floats().length != idx.length) {
      throw new IllegalArgumentException(f + ": missing or short " + name + ".values");
    }
    return new CsrMatrix(rows, cols, ptr, idx, v.floats());
  }
}
