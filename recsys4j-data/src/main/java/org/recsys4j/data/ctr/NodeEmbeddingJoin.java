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

  /**
   * One version of the tables, for rows at or after {@code from} (its graph's cut time: the graph
   * held only links before it).
   */
  record Snapshot(long from, String version, List<Table> tables) {}

  private final List<Snapshot> snapshots; // ascending by from
  private final int dim;

  private NodeEmbeddingJoin(List<Snapshot> snapshots, int dim) {
    this.snapshots = List.copyOf(snapshots);
    this.dim = dim;
  }

  /**
   * Several exports of one model over growing graphs: a row joins the latest one whose graph cut is
   * not after the row's time, so no row sees links from its own time or later.
   */
  public static NodeEmbeddingJoin fromExports(
      List<Path> dirs, String userColumn, String itemColumn) {
    List<Snapshot> all = new ArrayList<>();
    int dim = -1;
    for (Path d : dirs) {
      NodeEmbeddingJoin j = fromExport(d, userColumn, itemColumn);
      if (dim >= 0 && j.dim != dim) {
        throw new IllegalArgumentException(
            "node embeddings: " + d + " has dimension " + j.dim + ", the others " + dim);
      }
      dim = j.dim;
      all.addAll(j.snapshots);
    }
    all.sort(java.util.Comparator.comparingLong(Snapshot::from));
    for (int k = 1; k < all.size(); k++) {
      if (all.get(k).from() == all.get(k - 1).from()) {
        throw new IllegalArgumentException(
            "node embeddings: two exports share the graph cut time " + all.get(k).from());
      }
    }
    return new NodeEmbeddingJoin(all, dim);
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
      long from = Long.parseLong(meta.getOrDefault("graph_cut_time", "" + Long.MIN_VALUE));
      return new NodeEmbeddingJoin(
          List.of(new Snapshot(from, meta.getOrDefault("version", "unversioned"), tables)), dim);
    } catch (IOException e) {
      throw new DataFormatException(dir.toString(), 0, "unreadable export: " + e.getMessage());
    }
  }

  private List<Table> tables() {
    return snapshots.get(0).tables();
  }

  /** Dense values this join appends per row. */
  public int width() {
    return tables().size() * dim;
  }

  public int dim() {
    return dim;
  }

  /** The version ids of the joined embeddings (their exports'), oldest graph first. */
  public String version() {
    return String.join(",", snapshots.stream().map(Snapshot::version).toList());
  }

  /**
   * The earliest graph cut: rows before it would join embeddings of a graph holding their future.
   */
  public long earliestCut() {
    return snapshots.get(0).from();
  }

  /** The names of the appended dense values, {@code <column>_emb0 ...}. */
  List<String> names() {
    List<String> n = new ArrayList<>();
    for (Table t : tables()) {
      for (int j = 0; j < dim; j++) {
        n.add(t.column() + "_emb" + j);
      }
    }
    return n;
  }

  /**
   * Whether the snapshot a row at {@code time} joins has a vector for {@code id} in the table of
   * joined column {@code k} (otherwise the row gets that table's cold vector).
   */
  public boolean knows(int k, String id, long time) {
    int s = snapshots.size() - 1;
    while (s > 0 && snapshots.get(s).from() > time) {
      s--;
    }
    return id != null && snapshots.get(s).tables().get(k).ids().indexOf(id) >= 0;
  }

  /** The categorical columns joined on, in order. */
  public List<String> columns() {
    return tables().stream().map(Table::column).toList();
  }

  /**
   * Checks that every joined column is a categorical column of {@code schema}; returns their
   * positions among the categorical columns.
   */
  int[] positions(CtrSchema schema) {
    List<String> cat = schema.names(ColumnRole.CATEGORICAL);
    List<Table> tables = tables();
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

  /**
   * Writes the vectors of the row's ids (from {@code categorical}) into {@code out[from ...]}, from
   * the latest snapshot whose graph cut is at or before {@code time} (a row before every cut takes
   * the earliest).
   */
  void apply(String[] categorical, long time, int[] positions, float[] out, int from) {
    int s = snapshots.size() - 1;
    while (s > 0 && snapshots.get(s).from() > time) {
      s--;
    }
    List<Table> tables = snapshots.get(s).tables();
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
      m += tables().get(k).ids().indexOf(id) < 0 ? 1 : 0;
    }
    return m;
  }

  void save(Path dir) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "recsys4j-node-embedding-join");
    root.put("format_version", 2);
    root.put("dim", dim);
    ArrayNode cols = root.putArray("columns");
    tables().forEach(t -> cols.add(t.column()));
    ArrayNode snaps = root.putArray("snapshots");
    Map<String, SafeTensors.Entry> t = new LinkedHashMap<>();
    for (int s = 0; s < snapshots.size(); s++) {
      Snapshot sn = snapshots.get(s);
      snaps.addObject().put("from", sn.from()).put("version", sn.version());
      for (int k = 0; k < sn.tables().size(); k++) {
        Table tb = sn.tables().get(k);
        t.put(s + ".vectors." + k, SafeTensors.Entry.f32(tb.vectors(), tb.ids().size(), dim));
        t.put(s + ".cold." + k, SafeTensors.Entry.f32(tb.cold(), dim));
        tb.ids().save(dir.resolve("node_embeddings." + s + "." + k + ".ids.txt"));
      }
    }
    SafeTensors.write(dir.resolve(TENSORS), t, Map.of("version", version()));
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
    int dim = root.path("dim").asInt();
    List<Snapshot> snaps = new ArrayList<>();
    JsonNode sj = root.path("snapshots");
    for (int s = 0; s < sj.size(); s++) {
      List<Table> tables = new ArrayList<>();
      for (int k = 0; k < root.path("columns").size(); k++) {
        IdMap ids = IdMap.load(dir.resolve("node_embeddings." + s + "." + k + ".ids.txt"));
        SafeTensors.Entry v = t.get(s + ".vectors." + k);
        SafeTensors.Entry c = t.get(s + ".cold." + k);
        if (v == null || c == null || v.floats().length != ids.size() * dim) {
          throw new DataFormatException(jf.toString(), 0, "damaged node-embedding join " + s);
        }
        tables.add(new Table(root.path("columns").get(k).asText(), ids, v.floats(), c.floats()));
      }
      snaps.add(
          new Snapshot(
              sj.get(s).path("from").asLong(), sj.get(s).path("version").asText(), tables));
    }
    if (snaps.isEmpty()) {
      throw new DataFormatException(jf.toString(), 0, "a node-embedding join without snapshots");
    }
    return new NodeEmbeddingJoin(snaps, dim);
  }
}
