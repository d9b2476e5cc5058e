package org.recsys4j.data.ctr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recsys4j.core.io.AtomicFiles;
import org.recsys4j.core.io.SafeTensors;
import org.recsys4j.data.DataFormatException;
import org.recsys4j.data.IdMap;

/**
 * Node embeddings joined into click rows as dense features: for a categorical column holding user
 * ids (and one holding item ids), the row's raw id is looked up in an exported embedding table
 * ({@code recsys4j export-embeddings} of a GraphSAGE bundle) and its vector appended to the dense
 * inputs. An id the table lacks gets the table's cold-start vector (the embedding the graph model
 * gives a node with no features and no links), never a silent zero. Part of the fitted transforms:
 * saved with them ({@code node_embeddings.json}, {@code node_embeddings.safetensors}), so that
 * training, evaluation and {@code predict} join exactly the same vectors.
 */
public final class NodeEmbeddingJoin {
  static final String JSON_FILE = "node_embeddings.json";
  static final String TENSORS = "node_embeddings.safetensors";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One joined column: its name, the ids of the table's rows, the vectors and the cold vector. */
  record Table(String column, IdMap ids, float[] vectors, float[] cold) {}

  private final List<Table> tables;
  private final int dim;
  private final String version;

  private NodeEmbeddingJoin(List<Table> tables, int dim, String version) {
    this.tables = List.copyOf(tables);
    this.dim = dim;
    this.version = version;
  }

  /**
   * Reads an export directory ({@code embeddings.safetensors} with {@code users.txt}, {@code
   * items.txt} and the cold-start vectors {@code user_cold}/{@code item_cold}) and joins users on
   * {@code userColumn} and items on {@code itemColumn} (either may be null).
   */
  public static NodeEmbeddingJoin fromExport(Path dir, String userColumn, String itemColumn) {
    Path f = dir.resolve("embeddings.safetensors");
    if (!Files.isRegularFile(f)) {
      throw new DataFormatException(
          f.toString(),
          0,
          "not an embedding export (expected embeddings.safetensors from recsys4j"
              + " export-embeddings --format safetensors)");
    }
    try {
      Map<String, String> meta = new LinkedHashMap<>();
      Map<String, SafeTensors.Entry> t = SafeTensors.read(f, meta);
      List<Table> tables = new ArrayList<>();
      int dim = -1;
      String[][] parts = {{userColumn, "user", "users.txt"}, {itemColumn, "item", "items.txt"}};
      for (String[] p : parts) {
        if (p[0] == null) {
          continue;
        }
        SafeTensors.Entry v = t.get(p[1] + "_embedding");
        SafeTensors.Entry cold = t.get(p[1] + "_cold");
        if (v == null || cold == null) {
          throw new DataFormatException(
              f.toString(),
              0,
              "missing "
                  + p[1]
                  + "_embedding or "
                  + p[1]
                  + "_cold (exported by a link model with recsys4j export-embeddings?)");
        }
        IdMap ids = IdMap.load(dir.resolve(p[2]));
        int d = v.shape()[1];
        if (v.shape()[0] != ids.size() || cold.floats().length != d) {
          throw new DataFormatException(
              f.toString(), 0, p[1] + " embeddings do not match " + p[2] + " or the cold vector");
        }
        if (dim >= 0 && d != dim) {
          throw new DataFormatException(
              f.toString(), 0, "user and item embeddings differ in dimension");
        }
        dim = d;
        tables.add(new Table(p[0], ids, v.floats(), cold.floats()));
      }
      if (tables.isEmpty()) {
        throw new IllegalArgumentException("node embeddings: no column to join on");
      }
      return new NodeEmbeddingJoin(tables, dim, meta.getOrDefault("version", "unversioned"));
    } catch (IOException e) {
      throw new DataFormatException(dir.toString(), 0, "unreadable export: " + e.getMessage());
    }
  }

  /** Dense values this join appends per row. */
  public int width() {
    return tables.size() * dim;
  }

  public int dim() {
    return dim;
  }

  /** The version id of the joined embeddings (their export's). */
  public String version() {
    return version;
  }

  /** The names of the appended dense values, {@code <column>_emb0 ...}. */
  List<String> names() {
    List<String> n = new ArrayList<>();
    for (Table t : tables) {
      for (int j = 0; j < dim; j++) {
        n.add(t.column() + "_emb" + j);
      }
    }
    return n;
  }

  /** The categorical columns joined on, in order. */
  public List<String> columns() {
    return tables.stream().map(Table::column).toList();
  }

  /**
   * Checks that every joined column is a categorical column of {@code schema}; returns their
   * positions among the categorical columns.
   */
  int[] positions(CtrSchema schema) {
    List<String> cat = schema.names(ColumnRole.CATEGORICAL);
    int[] at = new int[tables.size()];
    for (int k = 0; k < at.length; k++) {
      at[k] = cat.indexOf(tables.get(k).column());
      if (at[k] < 0) {
        throw new IllegalArgumentException(
            "node embeddings join on column '"
                + tables.get(k).column()
                + "', which is not a categorical column of the click log; its categorical columns"
                + " are "
                + cat);
      }
    }
    return at;
  }

  /** Writes the vectors of the row's ids (from {@code categorical}) into {@code out[from ...]}. */
  void apply(String[] categorical, int[] positions, float[] out, int from) {
    for (int k = 0; k < tables.size(); k++) {
      Table t = tables.get(k);
      String id = categorical[positions[k]];
      int row = id == null ? -1 : t.ids().indexOf(id);
      if (row >= 0) {
        System.arraycopy(t.vectors(), row * dim, out, from + k * dim, dim);
      } else {
        System.arraycopy(t.cold(), 0, out, from + k * dim, dim);
      }
    }
  }

  /** How many of {@code ids} the table of column {@code k} lacks (for notes). */
  public int missing(int k, Iterable<String> ids) {
    int m = 0;
    for (String id : ids) {
      m += tables.get(k).ids().indexOf(id) < 0 ? 1 : 0;
    }
    return m;
  }

  void save(Path dir) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "recsys4j-node-embedding-join");
    root.put("version", version);
    root.put("dim", dim);
    ArrayNode cols = root.putArray("columns");
    Map<String, SafeTensors.Entry> t = new LinkedHashMap<>();
    for (int k = 0; k < tables.size(); k++) {
      Table tb = tables.get(k);
      cols.add(tb.column());
      t.put("vectors." + k, SafeTensors.Entry.f32(tb.vectors(), tb.ids().size(), dim));
      t.put("cold." + k, SafeTensors.Entry.f32(tb.cold(), dim));
      tb.ids().save(dir.resolve("node_embeddings." + k + ".ids.txt"));
    }
    SafeTensors.write(dir.resolve(TENSORS), t, Map.of("version", version));
    AtomicFiles.writeString(
        dir.resolve(JSON_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
  }

  /** The join saved in {@code dir}, or null when there is none. */
  static NodeEmbeddingJoin load(Path dir) throws IOException {
    Path jf = dir.resolve(JSON_FILE);
    if (!Files.isRegularFile(jf)) {
      return null;
    }
    JsonNode root = JSON.readTree(Files.readString(jf));
    Map<String, SafeTensors.Entry> t = SafeTensors.read(dir.resolve(TENSORS), null);
    List<Table> tables = new ArrayList<>();
    int dim = root.path("dim").asInt();
    for (int k = 0; k < root.path("columns").size(); k++) {
      IdMap ids = IdMap.load(dir.resolve("node_embeddings." + k + ".ids.txt"));
      SafeTensors.Entry v = t.get("vectors." + k);
      SafeTensors.Entry c = t.get("cold." + k);
      if (v == null || c == null || v.floats().length != ids.size() * dim) {
        throw new DataFormatException(jf.toString(), 0, "damaged node-embedding join " + k);
      }
      tables.add(new Table(root.path("columns").get(k).asText(), ids, v.floats(), c.floats()));
    }
    return new NodeEmbeddingJoin(tables, dim, root.path("version").asText());
  }
}
