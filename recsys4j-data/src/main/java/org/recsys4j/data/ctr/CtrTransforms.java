package org.recsys4j.data.ctr;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.recsys4j.core.io.AtomicFiles;
import org.recsys4j.data.DataFormatException;

/**
 * The fitted transforms of a click log: one {@link ContinuousEncoder} per continuous column and one
 * {@link CategoricalEncoder} per categorical or multi-hot column, fitted on training rows only and
 * saved beside the processed data and inside model bundles, so that scoring applies exactly the
 * code and statistics training saw.
 */
public final class CtrTransforms {
  static final String FILE = "transforms.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CtrSchema schema;
  private final TransformOptions options;
  private final ContinuousEncoder[] dense;
  private final CategoricalEncoder[] cat;
  private final CategoricalEncoder[] multi;
  private NodeEmbeddingJoin join;
  private int[] joinAt;

  private CtrTransforms(
      CtrSchema schema,
      TransformOptions options,
      ContinuousEncoder[] dense,
      CategoricalEncoder[] cat,
      CategoricalEncoder[] multi) {
    this.schema = schema;
    this.options = options;
    this.dense = dense;
    this.cat = cat;
    this.multi = multi;
  }

  /**
   * Unfitted transforms for a schema; call {@link #observe} on training rows, then {@link
   * #finishFit}.
   */
  public static CtrTransforms unfitted(CtrSchema schema, TransformOptions o) {
    List<String> dn = schema.names(ColumnRole.CONTINUOUS);
    List<String> cn = schema.names(ColumnRole.CATEGORICAL);
    List<String> mn = schema.names(ColumnRole.MULTI_HOT);
    ContinuousEncoder[] d = new ContinuousEncoder[dn.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = new ContinuousEncoder(dn.get(i), o.fill(), o.log(), o.standardize());
    }
    CategoricalEncoder[] c = new CategoricalEncoder[cn.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = new CategoricalEncoder(cn.get(i), o.minFreq(), o.maxCardinality());
    }
    CategoricalEncoder[] m = new CategoricalEncoder[mn.size()];
    for (int i = 0; i < m.length; i++) {
      m[i] = new CategoricalEncoder(mn.get(i), o.minFreq(), o.maxCardinality());
    }
    return new CtrTransforms(schema, o, d, c, m);
  }

  /**
   * Transforms for data that is already numeric: continuous values pass unchanged, categorical
   * values are row numbers below the given cardinalities ({@link CategoricalEncoder#identity}).
   */
  public static CtrTransforms identity(CtrSchema schema, int[] cardinalities) {
    List<String> dn = schema.names(ColumnRole.CONTINUOUS);
    List<String> cn = schema.names(ColumnRole.CATEGORICAL);
    if (cn.size() != cardinalities.length || !schema.names(ColumnRole.MULTI_HOT).isEmpty()) {
      throw new IllegalArgumentException(
          "identity transforms need one cardinality per categorical column and no "
              + "multi-hot columns");
    }
    TransformOptions o = new TransformOptions(1, 0, 0.0, false, false);
    ContinuousEncoder[] d = new ContinuousEncoder[dn.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = new ContinuousEncoder(dn.get(i), 0.0, false, false);
      d[i].finishFit();
    }
    CategoricalEncoder[] c = new CategoricalEncoder[cn.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = CategoricalEncoder.identity(cn.get(i), cardinalities[i]);
    }
    return new CtrTransforms(schema, o, d, c, new CategoricalEncoder[0]);
  }

  /** Fits on the rows of {@code file} in one streaming pass. */
  public static CtrTransforms fit(
      Path file, CtrSchema schema, TransformOptions o, BadRowPolicy policy) {
    return fit(RowSource.text(file, schema, policy), schema, o);
  }

  /** Fits on the rows of any source in one streaming pass. */
  public static CtrTransforms fit(RowSource rows, CtrSchema schema, TransformOptions o) {
    CtrTransforms t = unfitted(schema, o);
    rows.read(t::observe);
    t.finishFit();
    return t;
  }

  public void observe(RawRow row) {
    for (int i = 0; i < dense.length; i++) {
      dense[i].observe(row.continuous[i]);
    }
    for (int i = 0; i < cat.length; i++) {
      cat[i].observe(row.categorical[i]);
    }
    for (int i = 0; i < multi.length; i++) {
      for (String v : row.multiHot[i]) {
        multi[i].observe(v);
      }
    }
  }

  public void finishFit() {
    for (ContinuousEncoder e : dense) {
      e.finishFit();
    }
    for (CategoricalEncoder e : cat) {
      e.finishFit();
    }
    for (CategoricalEncoder e : multi) {
      e.finishFit();
    }
  }

  public CtrSchema schema() {
    return schema;
  }

  public TransformOptions options() {
    return options;
  }

  /** Dense inputs per row: the continuous columns, then any joined node embeddings. */
  public int denseCount() {
    return dense.length + (join == null ? 0 : join.width());
  }

  /** The names of the dense inputs, in order. */
  public List<String> denseNames() {
    List<String> n = new ArrayList<>(schema.names(ColumnRole.CONTINUOUS));
    if (join != null) {
      n.addAll(join.names());
    }
    return n;
  }

  /**
   * These transforms with node embeddings joined on their columns (appended to the dense inputs);
   * the columns must be categorical columns of the schema.
   */
  public CtrTransforms withJoin(NodeEmbeddingJoin j) {
    CtrTransforms t = new CtrTransforms(schema, options, dense, cat, multi);
    t.joinAt = j.positions(schema);
    t.join = j;
    return t;
  }

  /**
   * Where the joined node embeddings sit: per joined column {@code {first dense input, width,
   * categorical column}} (empty without a join).
   */
  public List<int[]> joinedBlocks() {
    List<int[]> b = new ArrayList<>();
    if (join != null) {
      for (int k = 0; k < joinAt.length; k++) {
        b.add(new int[] {dense.length + k * join.dim(), join.dim(), joinAt[k]});
      }
    }
    return b;
  }

  /** The joined node embeddings, or null. */
  public NodeEmbeddingJoin join() {
    return join;
  }

  public int categoricalCount() {
    return cat.length;
  }

  public int multiHotCount() {
    return multi.length;
  }

  /** The fitted means of the continuous columns (after fill and log), in schema order. */
  public double[] continuousMeans() {
    double[] out = new double[dense.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = dense[i].mean();
    }
    return out;
  }

  /** Embedding rows needed per categorical column. */
  public int[] cardinalities() {
    int[] out = new int[cat.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = cat[i].cardinality();
    }
    return out;
  }

  /** Embedding rows needed per multi-hot column. */
  public int[] multiHotCardinalities() {
    int[] out = new int[multi.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = multi[i].cardinality();
    }
    return out;
  }

  /**
   * Applies the transforms: dense values into {@code denseOut}, categorical rows into {@code
   * catOut}.
   */
  public void apply(RawRow row, float[] denseOut, int[] catOut, int[][] multiOut) {
    for (int i = 0; i < dense.length; i++) {
      denseOut[i] = dense[i].encode(row.continuous[i]);
    }
    if (join != null) {
      join.apply(row.categorical, row.time, joinAt, denseOut, dense.length);
    }
    for (int i = 0; i < cat.length; i++) {
      catOut[i] = cat[i].encode(row.categorical[i]);
    }
    for (int i = 0; i < multi.length; i++) {
      String[] vals = row.multiHot[i];
      int[] ids = new int[vals.length];
      for (int j = 0; j < vals.length; j++) {
        ids[j] = multi[i].encode(vals[j]);
      }
      multiOut[i] = ids;
    }
  }

  /** Writes {@value #FILE} and one vocabulary file per categorical column into {@code dir}. */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("vocab"));
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "recsys4j-ctr-transforms");
    root.put("version", 1);
    ObjectNode s = root.putObject("schema");
    s.put("delimiter", String.valueOf(schema.delimiter()));
    s.put("header", schema.header());
    ArrayNode cols = s.putArray("columns");
    for (CtrColumn c : schema.columns()) {
      ObjectNode o = cols.addObject();
      o.put("name", c.name());
      o.put("role", c.role().name().toLowerCase(java.util.Locale.ROOT));
      if (c.separator() != null) {
        o.put("separator", c.separator());
      }
    }
    ObjectNode opt = root.putObject("options");
    opt.put("min_freq", options.minFreq());
    opt.put("max_cardinality", options.maxCardinality());
    opt.put("fill", options.fill());
    opt.put("log", options.log());
    opt.put("standardize", options.standardize());
    ArrayNode d = root.putArray("continuous");
    for (ContinuousEncoder e : dense) {
      d.addObject().put("column", e.column()).put("mean", e.mean()).put("std", e.std());
    }
    int fileNo = 0;
    for (String key : new String[] {"categorical", "multi_hot"}) {
      ArrayNode arr = root.putArray(key);
      for (CategoricalEncoder e : key.equals("categorical") ? cat : multi) {
        ObjectNode o = arr.addObject();
        o.put("column", e.column());
        o.put("cardinality", e.cardinality());
        if (e.identity()) {
          o.put("identity", true);
        } else if (e.hashed()) {
          o.put("hashed", true);
        } else {
          String name = "vocab/" + (fileNo++) + ".json";
          o.put("vocabulary", name);
          writeVocabulary(dir.resolve(name), e.vocabulary());
        }
      }
    }
    if (join != null) {
      join.save(dir);
    }
    AtomicFiles.writeString(
        dir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
  }

  private static void writeVocabulary(Path file, List<String> vocab) throws IOException {
    try (AtomicFiles.Output o = AtomicFiles.open(file)) {
      try (JsonGenerator g = JSON.getFactory().createGenerator(o.stream())) {
        g.writeStartArray();
        for (String v : vocab) {
          g.writeString(v);
        }
        g.writeEndArray();
      }
      o.commit();
    }
  }

  /** Reads transforms saved by {@link #save}; a missing or foreign file is a clear error. */
  public static CtrTransforms load(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      JsonNode root = JSON.readTree(Files.readString(file));
      if (!"recsys4j-ctr-transforms".equals(root.path("format").asText())) {
        throw new DataFormatException(file.toString(), 0, "not a recsys4j CTR transforms file");
      }
      JsonNode s = root.path("schema");
      List<CtrColumn> cols = new ArrayList<>();
      for (JsonNode c : s.path("columns")) {
        ColumnRole r = ColumnRole.parse(c.path("role").asText());
        cols.add(
            c.has("separator")
                ? new CtrColumn(c.get("name").asText(), r, c.get("separator").asText())
                : new CtrColumn(c.get("name").asText(), r));
      }
      CtrSchema schema =
          new CtrSchema(cols, s.path("delimiter").asText().charAt(0), s.path("header").asBoolean());
      JsonNode o = root.path("options");
      TransformOptions opts =
          new TransformOptions(
              o.path("min_freq").asInt(),
              o.path("max_cardinality").asInt(),
              o.path("fill").asDouble(),
              o.path("log").asBoolean(),
              o.path("standardize").asBoolean());
      JsonNode dn = root.path("continuous");
      ContinuousEncoder[] d = new ContinuousEncoder[dn.size()];
      for (int i = 0; i < d.length; i++) {
        JsonNode e = dn.get(i);
        d[i] =
            ContinuousEncoder.restored(
                e.path("column").asText(),
                opts.fill(),
                opts.log(),
                opts.standardize(),
                e.path("mean").asDouble(),
                e.path("std").asDouble());
      }
      CategoricalEncoder[][] enc = new CategoricalEncoder[2][];
      String[] keys = {"categorical", "multi_hot"};
      for (int k = 0; k < 2; k++) {
        JsonNode arr = root.path(keys[k]);
        enc[k] = new CategoricalEncoder[arr.size()];
        for (int i = 0; i < arr.size(); i++) {
          JsonNode e = arr.get(i);
          if (e.path("identity").asBoolean(false)) {
            enc[k][i] =
                CategoricalEncoder.identity(
                    e.path("column").asText(), e.path("cardinality").asInt());
            continue;
          }
          List<String> vocab =
              e.path("hashed").asBoolean(false)
                  ? null
                  : readVocabulary(dir.resolve(e.path("vocabulary").asText()));
          enc[k][i] =
              CategoricalEncoder.restored(
                  e.path("column").asText(), opts.minFreq(), opts.maxCardinality(), vocab);
        }
      }
      CtrTransforms t = new CtrTransforms(schema, opts, d, enc[0], enc[1]);
      if (d.length != schema.names(ColumnRole.CONTINUOUS).size()
          || enc[0].length != schema.names(ColumnRole.CATEGORICAL).size()
          || enc[1].length != schema.names(ColumnRole.MULTI_HOT).size()) {
        throw new DataFormatException(
            file.toString(), 0, "encoders do not match the schema's columns");
      }
      NodeEmbeddingJoin j = NodeEmbeddingJoin.load(dir);
      return j == null ? t : t.withJoin(j);
    } catch (NoSuchFileException e) {
      throw new DataFormatException(
          file.toString(),
          0,
          "transforms file not found (was the directory written by " + "'recsys4j preprocess'?)");
    } catch (IOException e) {
      throw new DataFormatException(file.toString(), 0, "unreadable transforms: " + e.getMessage());
    }
  }

  private static List<String> readVocabulary(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    try (JsonParser p = JSON.getFactory().createParser(file.toFile())) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new DataFormatException(file.toString(), 0, "expected a JSON array of strings");
      }
      while (p.nextToken() == JsonToken.VALUE_STRING) {
        out.add(p.getText());
      }
      if (p.currentToken() != JsonToken.END_ARRAY) {
        throw new DataFormatException(
            file.toString(), 0, "expected only strings in the vocabulary");
      }
    }
    return out;
  }
}
