package org.recsys4j.data.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.recsys4j.core.CsrMatrix;
import org.recsys4j.data.DataFormatException;
import org.recsys4j.data.IdMap;
import org.recsys4j.data.ctr.CategoricalEncoder;
import org.recsys4j.data.ctr.ContinuousEncoder;
import org.recsys4j.data.impressions.NodeSchema;
import org.recsys4j.data.impressions.NodeTable;

/**
 * The fitted feature transforms of one node type, turning a node-table row into a sparse feature
 * row: a continuous column is one standardised value (a missing value becomes the training mean,
 * 0), a categorical column a one-hot over its training vocabulary (with a row for missing and one
 * for unseen values), a multi-hot column one 1 per value, a text column the mean of its hashed
 * words (an embedding bag once projected). A node without a table row is all-missing. The rows of
 * all nodes form a CSR matrix that a model multiplies by its input projection.
 *
 * <p>Fitted on the rows of training nodes only, saved in the bundle ({@link #toJson}) and applied
 * unchanged to nodes first seen at inference time.
 */
public final class NodeFeatures {
  /** Hash buckets of a text column's words. */
  public static final int DEFAULT_TEXT_BUCKETS = 4096;

  private static final int MAX_VOCABULARY = 1 << 20;

  private final NodeSchema schema;
  private final List<NodeSchema.Column> columns;
  private final ContinuousEncoder[] continuous;
  private final CategoricalEncoder[] categorical;
  private final int[] offset;
  private final int width;

  private NodeFeatures(
      NodeSchema schema, ContinuousEncoder[] continuous, CategoricalEncoder[] categorical) {
    this.schema = schema;
    this.columns = schema.features();
    this.continuous = continuous;
    this.categorical = categorical;
    this.offset = new int[columns.size() + 1];
    for (int j = 0; j < columns.size(); j++) {
      offset[j + 1] = offset[j] + (continuous[j] != null ? 1 : categorical[j].cardinality());
    }
    this.width = offset[columns.size()];
  }

  /** No features at all (a node type without a table): width 0. */
  public static NodeFeatures none(String section) {
    NodeSchema s =
        new NodeSchema(
            section, List.of(new NodeSchema.Column("id", NodeSchema.Role.ID, null)), ',', true);
    return new NodeFeatures(s, new ContinuousEncoder[0], new CategoricalEncoder[0]);
  }

  /**
   * Fits on the table rows of the nodes {@code ids.rawId(0 .. fitNodes-1)} (the nodes known at
   * training time); {@code table} may be null (no features).
   */
  public static NodeFeatures fit(
      NodeTable table, IdMap ids, int fitNodes, int textBuckets, String section) {
    if (table == null || table.schema().features().isEmpty()) {
      return none(section);
    }
    NodeSchema schema = table.schema();
    List<NodeSchema.Column> cols = schema.features();
    ContinuousEncoder[] cont = new ContinuousEncoder[cols.size()];
    CategoricalEncoder[] cat = new CategoricalEncoder[cols.size()];
    for (int j = 0; j < cols.size(); j++) {
      NodeSchema.Column c = cols.get(j);
      switch (c.role()) {
        case CONTINUOUS -> cont[j] = new ContinuousEncoder(c.name(), 0.0, false, true);
        case TEXT ->
            cat[j] =
                CategoricalEncoder.restored(
                    c.name(), 1, textBuckets + CategoricalEncoder.OOV + 1, null);
        default -> cat[j] = new CategoricalEncoder(c.name(), 1, MAX_VOCABULARY);
      }
    }
    for (int n = 0; n < fitNodes; n++) {
      String[] row = table.row(ids.rawId(n));
      if (row == null) {
        continue;
      }
      for (int j = 0; j < cols.size(); j++) {
        NodeSchema.Column c = cols.get(j);
        switch (c.role()) {
          case CONTINUOUS -> cont[j].observe(number(row[j]));
          case CATEGORICAL -> cat[j].observe(blankToNull(row[j]));
          case MULTI_HOT -> {
            for (String v : values(row[j], c.separator())) {
              cat[j].observe(v);
            }
          }
          default -> {}
        }
      }
    }
    for (int j = 0; j < cols.size(); j++) {
      if (cont[j] != null) {
        cont[j].finishFit();
      } else if (cols.get(j).role() != NodeSchema.Role.TEXT) {
        cat[j].finishFit();
      }
    }
    return new NodeFeatures(schema, cont, cat);
  }

  /** The width of a feature row (0: the node type has no features). */
  public int width() {
    return width;
  }

  public NodeSchema schema() {
    return schema;
  }

  /**
   * The feature rows of nodes {@code 0 .. ids.size()-1}, in id order, from {@code table} (null: all
   * missing).
   */
  public CsrMatrix encode(NodeTable table, IdMap ids) {
    String[][] rows = new String[ids.size()][];
    if (table != null) {
      for (int n = 0; n < rows.length; n++) {
        rows[n] = table.row(ids.rawId(n));
      }
    }
    return encode(rows);
  }

  /** The feature rows of the given raw rows (fields in {@link NodeSchema#features()} order). */
  public CsrMatrix encode(String[][] rows) {
    int[] ptr = new int[rows.length + 1];
    int[] cols = new int[Math.max(16, rows.length * Math.max(1, columns.size()))];
    float[] vals = new float[cols.length];
    int nnz = 0;
    int[] scratch = new int[64];
    for (int n = 0; n < rows.length; n++) {
      String[] row = rows[n];
      for (int j = 0; j < columns.size(); j++) {
        String field = row == null ? null : row[j];
        int k = 0;
        float value = 1f;
        switch (columns.get(j).role()) {
          case CONTINUOUS -> {
            float x = continuous[j].encode(number(field));
            if (x != 0f) {
              scratch[k++] = 0;
              value = x;
            }
          }
          case CATEGORICAL -> scratch[k++] = categorical[j].encode(blankToNull(field));
          case MULTI_HOT -> {
            List<String> vs = values(field, columns.get(j).separator());
            if (vs.isEmpty()) {
              scratch[k++] = CategoricalEncoder.MISSING;
            }
            for (String v : vs) {
              scratch = ensure(scratch, k + 1);
              scratch[k++] = categorical[j].encode(v);
            }
          }
          case TEXT -> {
            List<String> words = words(field);
            if (words.isEmpty()) {
              scratch[k++] = CategoricalEncoder.MISSING;
            }
            for (String w : words) {
              scratch = ensure(scratch, k + 1);
              scratch[k++] = categorical[j].encode(w);
            }
            value = 1f / k;
          }
          default -> throw new IllegalStateException("not a feature: " + columns.get(j));
        }
        java.util.Arrays.sort(scratch, 0, k);
        for (int t = 0; t < k; t++) {
          if (nnz == cols.length) {
            cols = java.util.Arrays.copyOf(cols, cols.length * 2);
            vals = java.util.Arrays.copyOf(vals, vals.length * 2);
          }
          int c = offset[j] + scratch[t];
          if (t > 0 && scratch[t] == scratch[t - 1] && cols[nnz - 1] == c) {
            vals[nnz - 1] += value; // a repeated word or value counts twice
          } else {
            cols[nnz] = c;
            vals[nnz] = value;
            nnz++;
          }
        }
      }
      ptr[n + 1] = nnz;
    }
    return new CsrMatrix(
        rows.length,
        width,
        ptr,
        java.util.Arrays.copyOf(cols, nnz),
        java.util.Arrays.copyOf(vals, nnz));
  }

  private static int[] ensure(int[] a, int n) {
    return n <= a.length ? a : java.util.Arrays.copyOf(a, Math.max(n, a.length * 2));
  }

  private static double number(String s) {
    if (s == null || s.isBlank()) {
      return Double.NaN;
    }
    try {
      double v = Double.parseDouble(s.trim());
      return Double.isFinite(v) ? v : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static List<String> values(String field, String separator) {
    List<String> out = new ArrayList<>();
    if (field == null || field.isBlank()) {
      return out;
    }
    for (String v : field.split(java.util.regex.Pattern.quote(separator))) {
      if (!v.isBlank()) {
        out.add(v.trim());
      }
    }
    return out;
  }

  /** Lower-cased runs of letters and digits. */
  static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  /** The fitted state as JSON (schema, statistics, vocabularies). */
  public ObjectNode toJson(ObjectMapper json) {
    ObjectNode root = json.createObjectNode();
    root.put("section", schema.section());
    root.put("delimiter", String.valueOf(schema.delimiter()));
    root.put("header", schema.header());
    ArrayNode cols = root.putArray("columns");
    int j = 0;
    for (NodeSchema.Column c : schema.columns()) {
      ObjectNode o = cols.addObject();
      o.put("name", c.name());
      o.put("role", c.role().id());
      if (c.separator() != null) {
        o.put("separator", c.separator());
      }
      if (!c.isFeature()) {
        continue;
      }
      if (continuous[j] != null) {
        o.put("mean", continuous[j].mean());
        o.put("std", continuous[j].std());
      } else if (c.role() == NodeSchema.Role.TEXT) {
        o.put("buckets", categorical[j].cardinality() - CategoricalEncoder.OOV - 1);
      } else {
        ArrayNode v = o.putArray("vocabulary");
        categorical[j].vocabulary().forEach(v::add);
      }
      j++;
    }
    return root;
  }

  /** Restores what {@link #toJson} wrote ({@code where} names the file in errors). */
  public static NodeFeatures fromJson(JsonNode root, String where) {
    try {
      List<NodeSchema.Column> cols = new ArrayList<>();
      List<ContinuousEncoder> cont = new ArrayList<>();
      List<CategoricalEncoder> cat = new ArrayList<>();
      for (JsonNode c : root.path("columns")) {
        String name = c.path("name").asText();
        NodeSchema.Role role = NodeSchema.Role.valueOf(roleName(c.path("role").asText()));
        NodeSchema.Column col = new NodeSchema.Column(name, role, c.path("separator").asText(null));
        cols.add(col);
        if (!col.isFeature()) {
          continue;
        }
        if (role == NodeSchema.Role.CONTINUOUS) {
          cont.add(
              ContinuousEncoder.restored(
                  name, 0.0, false, true, c.path("mean").asDouble(), c.path("std").asDouble()));
          cat.add(null);
        } else if (role == NodeSchema.Role.TEXT) {
          cont.add(null);
          cat.add(
              CategoricalEncoder.restored(
                  name, 1, c.path("buckets").asInt() + CategoricalEncoder.OOV + 1, null));
        } else {
          List<String> vocab = new ArrayList<>();
          c.path("vocabulary").forEach(v -> vocab.add(v.asText()));
          cont.add(null);
          cat.add(CategoricalEncoder.restored(name, 1, MAX_VOCABULARY, vocab));
        }
      }
      NodeSchema schema =
          new NodeSchema(
              root.path("section").asText(),
              cols,
              root.path("delimiter").asText(",").charAt(0),
              root.path("header").asBoolean(true));
      return new NodeFeatures(
          schema, cont.toArray(new ContinuousEncoder[0]), cat.toArray(new CategoricalEncoder[0]));
    } catch (RuntimeException e) {
      throw new DataFormatException(where, 0, "damaged node features: " + e.getMessage());
    }
  }

  private static String roleName(String id) {
    return id.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
