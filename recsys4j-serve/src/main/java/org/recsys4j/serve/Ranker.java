package org.recsys4j.serve;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.autograd.Activations;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.data.IdMap;
import org.recsys4j.data.ctr.ColumnRole;
import org.recsys4j.data.ctr.CtrBatch;
import org.recsys4j.data.ctr.CtrSchema;
import org.recsys4j.data.ctr.CtrTransforms;
import org.recsys4j.data.ctr.NodeFeatureFiller;
import org.recsys4j.data.ctr.RawRow;
import org.recsys4j.models.ModelFamily;
import org.recsys4j.models.ctr.CtrModel;
import org.recsys4j.train.ModelBundle;

/**
 * The scoring stage: a CTR bundle scoring (user, item, context) rows through the bundle's own
 * fitted transforms. A row's columns are filled by name as in training on an impression log: {@code
 * user} and {@code item} are the raw ids, {@code user_<f>} / {@code item_<f>} the node tables'
 * features (from the {@link FeatureStore}; a request's {@code features} replace the user's), and
 * any other column comes from the request's {@code context} (missing when absent).
 *
 * <p>The item side of every catalogue item (its id, its features, its joined node embedding) does
 * not depend on the request, so it is encoded once when the ranker loads: a request encodes its own
 * side once and then only copies encoded values into the batch for each candidate. No vocabulary
 * lookup happens per candidate.
 */
public final class Ranker {
  private final String version;
  private final CtrModel model;
  private final CtrTransforms transforms;
  private final CtrSchema schema;
  private final FeatureStore store;
  private final IdMap items;
  private final NodeFeatureFiller userFiller;
  private final NodeFeatureFiller itemFiller;
  private final int userColumn; // position among the categorical columns, or -1
  private final int itemColumn;
  private final boolean[] denseOfItem;
  private final boolean[] catOfItem;
  private final boolean[] multiOfItem;
  // the columns a request's context may fill, by name: role and position within the role
  private final Map<String, ContextColumn> contextColumns;
  // a new user's joined GraphSAGE vector, from the request's features, by the model of the export
  private final org.recsys4j.train.IsolatedUserEmbedder joinEmbedder;
  private final int userJoinTable; // index of the user's table in the join, or -1
  private final int userJoinFrom; // its first dense input
  private final Encoded[] itemSide; // per catalogue item
  // scratch of the requests scoring now, reused by later ones: as many as ever ran at once (the
  // server bounds that), not one per server thread as a ThreadLocal would keep
  private final java.util.concurrent.ConcurrentLinkedDeque<Scratch> idle =
      new java.util.concurrent.ConcurrentLinkedDeque<>();

  private record ContextColumn(ColumnRole role, int at, String separator) {}

  /** One row's encoded values. */
  private record Encoded(float[] dense, int[] cat, int[][] multi) {}

  /** A request thread's tape and batch, reused from request to request. */
  private final class Scratch {
    final Tape tape = new Tape(Parallel.serial()).recycling();
    final RawRow raw = new RawRow(schema);
    CtrBatch batch = new CtrBatch(1, 0, 0, 0);
    float[] logits = new float[1];
    final Encoded request =
        new Encoded(
            new float[transforms.denseCount()],
            new int[transforms.categoricalCount()],
            new int[transforms.multiHotCount()][]);

    CtrBatch batch(int n) {
      if (batch.capacity() < n) {
        batch =
            new CtrBatch(
                n,
                transforms.denseCount(),
                transforms.categoricalCount(),
                transforms.multiHotCount());
        logits = new float[n];
      }
      return batch;
    }
  }

  private Ranker(
      ModelBundle b,
      FeatureStore store,
      IdMap items,
      org.recsys4j.train.IsolatedUserEmbedder joinEmbedder) {
    this.model = b.ctrModel("serve --ranker");
    this.transforms = b.transforms();
    this.schema = transforms.schema();
    this.store = store;
    this.items = items;
    this.version =
        b.model().type()
            + "@"
            + b.manifest().path("dataset").path("fingerprint").asText("unknown")
            + "/"
            + b.manifest().path("created").asText("");
    List<String> cats = schema.names(ColumnRole.CATEGORICAL);
    this.userColumn = cats.indexOf("user");
    this.itemColumn = cats.indexOf("item");
    if (itemColumn < 0) {
      throw new IllegalArgumentException(
          "--ranker "
              + b.directory()
              + ": the CTR model has no categorical column 'item', so it cannot score candidate"
              + " items; its columns are "
              + schema.columns().stream().map(c -> c.name()).toList());
    }
    requireTable(b, "user_", store.users(), store);
    requireTable(b, "item_", store.items(), store);
    this.userFiller =
        store.users() == null
            ? null
            : new NodeFeatureFiller(schema, "user_", store.users().schema());
    this.itemFiller =
        store.items() == null
            ? null
            : new NodeFeatureFiller(schema, "item_", store.items().schema());
    this.catOfItem = ofItem(cats);
    this.multiOfItem = ofItem(schema.names(ColumnRole.MULTI_HOT));
    boolean[] dense = new boolean[transforms.denseCount()];
    boolean[] cont = ofItem(schema.names(ColumnRole.CONTINUOUS));
    System.arraycopy(cont, 0, dense, 0, cont.length);
    for (int[] block :
        transforms.joinedBlocks()) { // {first dense input, width, categorical column}
      for (int j = 0; j < block[1]; j++) {
        dense[block[0] + j] = catOfItem[block[2]];
      }
    }
    this.denseOfItem = dense;
    Map<String, ContextColumn> context = new java.util.LinkedHashMap<>();
    for (var c : schema.columns()) {
      String n = c.name();
      if (c.role() != ColumnRole.LABEL
          && !n.equals("user")
          && !n.equals("item")
          && !n.startsWith("user_")
          && !n.startsWith("item_")) {
        context.put(
            n, new ContextColumn(c.role(), schema.names(c.role()).indexOf(n), c.separator()));
      }
    }
    this.contextColumns = java.util.Collections.unmodifiableMap(context);
    int table = -1;
    int from = -1;
    List<int[]> blocks = transforms.joinedBlocks();
    for (int k = 0; k < blocks.size(); k++) {
      if (blocks.get(k)[2] == userColumn && userColumn >= 0) {
        table = k;
        from = blocks.get(k)[0];
      }
    }
    this.userJoinTable = table;
    this.userJoinFrom = from;
    this.joinEmbedder =
        table >= 0 && joinEmbedder != null && joinEmbedder.dim() == transforms.join().dim()
            ? joinEmbedder
            : null;
    this.itemSide = new Encoded[items.size()];
    RawRow row = new RawRow(schema);
    for (int i = 0; i < itemSide.length; i++) {
      clear(row);
      fillItem(row, items.rawId(i));
      itemSide[i] = encode(row);
    }
  }

  /**
   * A ranker trained with node features must have their table: without it every such feature would
   * be missing and the scores quietly wrong.
   */
  private void requireTable(
      ModelBundle b, String prefix, org.recsys4j.data.impressions.NodeTable table, FeatureStore s) {
    List<String> cols =
        schema.columns().stream().map(c -> c.name()).filter(n -> n.startsWith(prefix)).toList();
    if (!cols.isEmpty() && table == null) {
      throw new IllegalArgumentException(
          "--ranker "
              + b.directory()
              + " was trained with "
              + prefix.substring(0, prefix.length() - 1)
              + " features "
              + cols
              + " but "
              + (s.source() == null
                  ? "its training data is not where it was ("
                      + b.manifest().path("dataset").path("source").asText("not recorded")
                      + ")"
                  : s.source() + " has no " + prefix.substring(0, prefix.length() - 1) + "s table")
              + "; give the dataset directory with the node tables with --nodes DIR");
    }
  }

  private static boolean[] ofItem(List<String> names) {
    boolean[] out = new boolean[names.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = names.get(i).equals("item") || names.get(i).startsWith("item_");
    }
    return out;
  }

  /**
   * Loads a CTR bundle as the ranker of the catalogue items {@code items}, their features and the
   * users' from {@code store}.
   */
  public static Ranker load(Path bundle, FeatureStore store, IdMap items) {
    return of(ctrBundle(bundle), store, items);
  }

  /**
   * Loads a CTR bundle as the ranker of {@code items}, with the node tables of the dataset in
   * {@code nodes} (null: the impression log the ranker was trained on, when it is still there).
   */
  public static Ranker load(Path bundle, Path nodes, IdMap items) {
    ModelBundle b = ctrBundle(bundle);
    Path n = nodes != null ? nodes : trainingNodes(b);
    return of(b, n == null ? FeatureStore.empty() : FeatureStore.read(n), items);
  }

  private static ModelBundle ctrBundle(Path bundle) {
    ModelBundle b = ModelBundle.load(bundle, Parallel.serial());
    if (b.family() != ModelFamily.CTR) {
      throw new IllegalArgumentException(
          "--ranker "
              + bundle
              + " is a "
              + b.model().type()
              + " bundle; the ranker must be a CTR model (dcnv2, deepfm, dlrm, widedeep, fm, lr)");
    }
    return b;
  }

  private static Ranker of(ModelBundle b, FeatureStore store, IdMap items) {
    return new Ranker(b, store, items, joinEmbedder(b));
  }

  /**
   * The link bundle that exported the ranker's latest joined embeddings (its {@code version.json}
   * names it), when it is still where it was and unchanged: with it a new user's joined vector is
   * computed from the request's features, as the export computed every user of its node table.
   */
  private static org.recsys4j.train.IsolatedUserEmbedder joinEmbedder(ModelBundle b) {
    var exports = b.manifest().path("dataset").path("node_embeddings");
    if (!exports.isArray() || exports.isEmpty()) {
      return null;
    }
    try {
      Path latest = Path.of(exports.get(exports.size() - 1).asText());
      var v =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(java.nio.file.Files.readString(latest.resolve("version.json")));
      Path source = Path.of(v.path("bundle").asText(""));
      if (!ModelBundle.isBundle(source)) {
        return null;
      }
      ModelBundle link = ModelBundle.load(source, Parallel.serial());
      if (link.family() != ModelFamily.LINK
          || !link.manifest().path("created").asText("").equals(v.path("bundle_created").asText())
          || link.graph().userFeatures().width() == 0) {
        return null; // retrained since, or no user features: new users keep the cold vector
      }
      return new org.recsys4j.train.IsolatedUserEmbedder(link);
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Whether a new user's joined embedding is computed from the request's features (else: the
   * export's cold vector, as for any id the export lacks).
   */
  public boolean embedsNewUsers() {
    return joinEmbedder != null;
  }

  /**
   * The impression-log dataset a CTR bundle was trained on, where its user and item tables are
   * (null when the bundle does not record one, or it is not such a dataset any more).
   */
  private static Path trainingNodes(ModelBundle b) {
    String s = b.manifest().path("dataset").path("source").asText("");
    if (s.isEmpty()) {
      return null;
    }
    Path p = Path.of(s);
    return java.nio.file.Files.isRegularFile(p.resolve("schema.yaml")) ? p : null;
  }

  /** Identifies the loaded model: its type, data fingerprint and creation time. */
  public String version() {
    return version;
  }

  /** The columns a request's {@code context} may give (neither user, item nor node features). */
  public List<String> contextColumns() {
    return List.copyOf(contextColumns.keySet());
  }

  /** The user features a request may give ({@code features}), by node-table column name. */
  public List<String> userFeatures() {
    return userFiller == null
        ? List.of()
        : userFiller.features().stream().map(c -> c.name()).toList();
  }

  /** The request side of the rows: who asks, the user's features and the context. */
  public record Request(String user, Map<String, String> features, Map<String, String> context) {}

  /**
   * Click probabilities of catalogue items {@code candidates[0..n)} for one request, into {@code
   * out}.
   */
  public void score(Request req, int[] candidates, int n, float[] out) {
    Scratch s = take();
    try {
      encodeRequest(req, s);
      CtrBatch batch = s.batch(Math.max(1, n));
      for (int i = 0; i < n; i++) {
        put(batch, i, s.request, itemSide[candidates[i]]);
      }
      run(s, batch, n, out);
    } finally {
      idle.push(s);
    }
  }

  private Scratch take() {
    Scratch s = idle.poll();
    return s != null ? s : new Scratch();
  }

  /**
   * Click probabilities of arbitrary rows: {@code items[r]} is a raw item id (a catalogue item uses
   * its encoding from load time; another id is encoded from the item table, or as unknown).
   */
  public void score(Request[] requests, String[] rawItems, float[] out) {
    Scratch s = take();
    try {
      scoreRows(s, requests, rawItems, out);
    } finally {
      idle.push(s);
    }
  }

  private void scoreRows(Scratch s, Request[] requests, String[] rawItems, float[] out) {
    int n = requests.length;
    CtrBatch batch = s.batch(Math.max(1, n));
    for (int r = 0; r < n; r++) {
      encodeRequest(requests[r], s);
      int i = items.indexOf(rawItems[r]);
      Encoded item;
      if (i >= 0) {
        item = itemSide[i];
      } else {
        clear(s.raw);
        fillItem(s.raw, rawItems[r]);
        item = encode(s.raw);
      }
      put(batch, r, s.request, item);
    }
    run(s, batch, n, out);
  }

  private void run(Scratch s, CtrBatch batch, int n, float[] out) {
    if (n == 0) {
      return;
    }
    batch.setSize(n);
    model.logits(s.tape, batch, s.logits);
    for (int i = 0; i < n; i++) {
      out[i] = (float) Activations.sigmoid(s.logits[i]);
    }
  }

  private void encodeRequest(Request req, Scratch s) {
    RawRow row = s.raw;
    clear(row);
    if (userColumn >= 0) {
      row.categorical[userColumn] = req.user();
    }
    if (userFiller != null) {
      if (req.features() != null && !req.features().isEmpty()) {
        try {
          userFiller.fill(row, req.features());
        } catch (IllegalArgumentException e) {
          throw new BadRequest("features", e.getMessage());
        }
      } else {
        userFiller.fill(row, store.users(), req.user());
      }
    }
    if (req.context() != null) {
      for (Map.Entry<String, String> e : req.context().entrySet()) {
        setColumn(row, e.getKey(), e.getValue());
      }
    }
    transforms.apply(row, s.request.dense(), s.request.cat(), s.request.multi());
    if (joinEmbedder != null
        && req.features() != null
        && !req.features().isEmpty()
        && !transforms.join().knows(userJoinTable, req.user(), Long.MAX_VALUE)) {
      float[] v;
      try {
        v = joinEmbedder.embed(req.features());
      } catch (IllegalArgumentException e) {
        throw new BadRequest("features", e.getMessage());
      }
      System.arraycopy(v, 0, s.request.dense(), userJoinFrom, v.length);
    }
  }

  /**
   * The encoded dense inputs of a request's side of the row (continuous columns, then the joined
   * embeddings), as the model sees them: what {@code explain}-style checks and tests compare.
   */
  public float[] requestDense(Request req) {
    Scratch s = take();
    try {
      encodeRequest(req, s);
      return s.request.dense().clone();
    } finally {
      idle.push(s);
    }
  }

  private void setColumn(RawRow row, String name, String value) {
    ContextColumn c = contextColumns.get(name);
    if (c == null) {
      throw new BadRequest(
          "context." + name,
          "is not a context column of the ranker; its context columns are "
              + contextColumns.keySet());
    }
    switch (c.role()) {
      case CATEGORICAL -> row.categorical[c.at()] = value;
      case CONTINUOUS -> row.continuous[c.at()] = parseNumber(name, value);
      case MULTI_HOT ->
          row.multiHot[c.at()] =
              value == null || value.isEmpty()
                  ? new String[0]
                  : value.split(java.util.regex.Pattern.quote(c.separator()), -1);
      default -> {}
    }
  }

  private static double parseNumber(String name, String value) {
    if (value == null) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new BadRequest("context." + name, "must be a number, got '" + value + "'");
    }
  }

  private void fillItem(RawRow row, String rawItem) {
    row.categorical[itemColumn] = rawItem;
    if (itemFiller != null) {
      itemFiller.fill(row, store.items(), rawItem);
    }
  }

  private Encoded encode(RawRow row) {
    Encoded e =
        new Encoded(
            new float[transforms.denseCount()],
            new int[transforms.categoricalCount()],
            new int[transforms.multiHotCount()][]);
    transforms.apply(row, e.dense(), e.cat(), e.multi());
    return e;
  }

  private static void clear(RawRow row) {
    java.util.Arrays.fill(row.continuous, Double.NaN);
    java.util.Arrays.fill(row.categorical, null);
    java.util.Arrays.fill(row.multiHot, new String[0]);
    row.time = Long.MAX_VALUE; // now: the latest joined embeddings
  }

  /** Row {@code i} of the batch: each column from the side it belongs to. */
  private void put(CtrBatch batch, int i, Encoded req, Encoded item) {
    int d = denseOfItem.length;
    for (int j = 0; j < d; j++) {
      batch.dense[i * d + j] = denseOfItem[j] ? item.dense()[j] : req.dense()[j];
    }
    int c = catOfItem.length;
    for (int j = 0; j < c; j++) {
      batch.cat[i * c + j] = catOfItem[j] ? item.cat()[j] : req.cat()[j];
    }
    for (int k = 0; k < multiOfItem.length; k++) {
      int[] ids = multiOfItem[k] ? item.multi()[k] : req.multi()[k];
      int at = i == 0 ? 0 : batch.multiOffsets[k][i];
      batch.multiOffsets[k][i] = at;
      batch.ensureMultiIds(k, at + ids.length);
      System.arraycopy(ids, 0, batch.multiIds[k], at, ids.length);
      batch.multiOffsets[k][i + 1] = at + ids.length;
    }
  }
}
