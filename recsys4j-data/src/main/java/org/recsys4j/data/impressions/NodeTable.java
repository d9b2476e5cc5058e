package org.recsys4j.data.impressions;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recsys4j.data.DataFormatException;
import org.recsys4j.data.ctr.BadRowPolicy;
import org.recsys4j.data.io.CsvRows;

/**
 * The rows of a node table ({@code users.csv} or {@code items.csv}) by raw id: each row's feature
 * fields in the order of {@link NodeSchema#features()}, unparsed (the fitted {@code NodeFeatures}
 * parse and encode them). A table may lack rows for some nodes, and may hold rows for nodes that
 * have no impressions.
 */
public final class NodeTable {
  private final NodeSchema schema;
  private final Map<String, String[]> rows;
  private final String source;

  public NodeTable(NodeSchema schema, Map<String, String[]> rows, String source) {
    this.schema = schema;
    this.rows = rows;
    this.source = source;
  }

  /**
   * Reads {@code file} as {@code schema} lays it out (plain or gzip). A row with the wrong field
   * count, an empty id or an id seen before stops the read with {@code file:line}, or is counted
   * and skipped with {@link BadRowPolicy#SKIP}.
   */
  public static NodeTable read(Path file, NodeSchema schema, BadRowPolicy policy) {
    String name = file.toString();
    int cols = schema.columns().size();
    int idAt = schema.idPosition();
    List<NodeSchema.Column> features = schema.features();
    int[] at = new int[features.size()];
    for (int j = 0; j < at.length; j++) {
      at[j] = schema.columns().indexOf(features.get(j));
    }
    Map<String, String[]> rows = new LinkedHashMap<>();
    try (CsvRows in = CsvRows.open(file, schema.delimiter())) {
      String[] f = in.next();
      if (f != null && schema.header()) {
        checkHeader(name, in.line(), f, schema);
        f = in.next();
      }
      for (; f != null; f = in.next()) {
        if (CsvRows.blank(f)) {
          continue;
        }
        String problem = null;
        String id = f.length == cols ? f[idAt].trim() : null;
        if (f.length != cols) {
          problem = "expected " + cols + " fields, found " + f.length;
        } else if (id.isEmpty()) {
          problem = "empty id";
        } else if (rows.containsKey(id)) {
          problem = "id '" + DataFormatException.quote(id) + "' appears twice";
        }
        if (problem != null) {
          if (policy == BadRowPolicy.ERROR) {
            throw new DataFormatException(name, in.line(), problem);
          }
          continue;
        }
        String[] values = new String[at.length];
        for (int j = 0; j < at.length; j++) {
          values[j] = f[at[j]];
        }
        rows.put(id, values);
      }
    }
    return new NodeTable(schema, rows, name);
  }

  private static void checkHeader(String file, long line, String[] f, NodeSchema schema) {
    for (int i = 0; i < Math.min(f.length, schema.columns().size()); i++) {
      if (!f[i].trim().equals(schema.columns().get(i).name())) {
        throw new DataFormatException(
            file,
            line,
            "header column "
                + (i + 1)
                + " is '"
                + DataFormatException.quote(f[i])
                + "', the schema ("
                + schema.section()
                + ") says '"
                + schema.columns().get(i).name()
                + "'");
      }
    }
    if (f.length != schema.columns().size()) {
      throw new DataFormatException(
          file, line, "header has " + f.length + " columns, the schema " + schema.columns().size());
    }
  }

  public NodeSchema schema() {
    return schema;
  }

  /** The feature fields of {@code rawId}, or null when the table has no row for it. */
  public String[] row(String rawId) {
    return rows.get(rawId);
  }

  /** The raw ids with rows, in file order. */
  public Iterable<String> ids() {
    return rows.keySet();
  }

  public int size() {
    return rows.size();
  }

  public String source() {
    return source;
  }
}
