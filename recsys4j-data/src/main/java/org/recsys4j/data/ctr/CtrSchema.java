package org.recsys4j.data.ctr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.recsys4j.data.DataFormatException;

/**
 * The layout of a click log: its columns in file order with their roles, the field delimiter and
 * whether the first line is a header. {@link #criteo()} is the Criteo Kaggle/Terabyte layout; other
 * logs are described by a YAML file:
 *
 * <pre>
 * delimiter: ","        # one character; "\t" for tab
 * header: true          # the first line names the columns (checked against the names below)
 * columns:
 *   - {name: clicked, role: label}
 *   - {name: user, role: categorical}
 *   - {name: age, role: continuous}
 *   - {name: genres, role: multi-hot, separator: "|"}
 *   - {name: ts, role: ignore}
 * </pre>
 */
public record CtrSchema(List<CtrColumn> columns, char delimiter, boolean header) {
  public CtrSchema {
    columns = List.copyOf(columns);
    int labels = 0;
    Set<String> names = new HashSet<>();
    for (CtrColumn c : columns) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException("column '" + c.name() + "' appears twice in the schema");
      }
      labels += c.role() == ColumnRole.LABEL ? 1 : 0;
    }
    if (labels != 1) {
      throw new IllegalArgumentException(
          "a schema needs exactly one label column, found " + labels);
    }
    if (count(columns, ColumnRole.CONTINUOUS)
            + count(columns, ColumnRole.CATEGORICAL)
            + count(columns, ColumnRole.MULTI_HOT)
        == 0) {
      throw new IllegalArgumentException("a schema needs at least one feature column");
    }
  }

  /**
   * Criteo: {@code label, I1..I13 (integers), C1..C26 (hexadecimal ids)}, tab-separated, no header.
   */
  public static CtrSchema criteo() {
    return criteoLike(13, 26);
  }

  /** Criteo's layout with {@code dense} continuous and {@code categorical} categorical columns. */
  public static CtrSchema criteoLike(int dense, int categorical) {
    List<CtrColumn> cols = new ArrayList<>();
    cols.add(new CtrColumn("label", ColumnRole.LABEL));
    for (int i = 1; i <= dense; i++) {
      cols.add(new CtrColumn("I" + i, ColumnRole.CONTINUOUS));
    }
    for (int i = 1; i <= categorical; i++) {
      cols.add(new CtrColumn("C" + i, ColumnRole.CATEGORICAL));
    }
    return new CtrSchema(cols, '\t', false);
  }

  /**
   * An unknown key (a typo such as {@code delimeter}) is an error naming it and the nearest known
   * key.
   */
  private static void checkKeys(
      Path file, JsonNode node, java.util.List<String> known, String where) {
    java.util.Iterator<String> it = node.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (!known.contains(k)) {
        String near = org.recsys4j.core.util.Nearest.of(k, known);
        throw new DataFormatException(
            file.toString(),
            0,
            where
                + ": unknown key '"
                + k
                + "'"
                + (near != null ? " (did you mean '" + near + "'?)" : "")
                + "; keys are "
                + known);
      }
    }
  }

  /** Reads a schema YAML file; errors name the file and the offending entry. */
  public static CtrSchema load(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new DataFormatException(file.toString(), 0, "schema file not found");
    } catch (IOException e) {
      throw new DataFormatException(
          file.toString(), 0, "not a readable YAML schema: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new DataFormatException(
          file.toString(),
          0,
          "expected a mapping with 'columns' (and optional 'delimiter', 'header')");
    }
    checkKeys(file, root, java.util.List.of("delimiter", "header", "columns"), "the schema");
    String delim = root.path("delimiter").asText(",");
    if (delim.equals("\\t") || delim.equalsIgnoreCase("tab")) {
      delim = "\t";
    }
    if (delim.length() != 1) {
      throw new DataFormatException(
          file.toString(), 0, "delimiter must be one character, got '" + delim + "'");
    }
    JsonNode cols = root.path("columns");
    if (!cols.isArray() || cols.isEmpty()) {
      throw new DataFormatException(
          file.toString(), 0, "'columns' must be a non-empty list of {name, role}");
    }
    List<CtrColumn> list = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      JsonNode c = cols.get(i);
      if (!c.isObject()) {
        throw new DataFormatException(
            file.toString(), 0, "column " + (i + 1) + " must be a mapping {name, role}");
      }
      checkKeys(file, c, java.util.List.of("name", "role", "separator"), "column " + (i + 1));
      String name = c.path("name").asText("");
      String role = c.path("role").asText("");
      if (name.isEmpty() || role.isEmpty()) {
        throw new DataFormatException(
            file.toString(), 0, "column " + (i + 1) + " needs 'name' and 'role'");
      }
      try {
        ColumnRole r = ColumnRole.parse(role);
        list.add(
            c.has("separator")
                ? new CtrColumn(name, r, c.get("separator").asText())
                : new CtrColumn(name, r));
      } catch (IllegalArgumentException e) {
        throw new DataFormatException(
            file.toString(), 0, "column " + (i + 1) + " (" + name + "): " + e.getMessage());
      }
    }
    try {
      return new CtrSchema(list, delim.charAt(0), root.path("header").asBoolean(false));
    } catch (IllegalArgumentException e) {
      throw new DataFormatException(file.toString(), 0, e.getMessage());
    }
  }

  private static int count(List<CtrColumn> cols, ColumnRole role) {
    int n = 0;
    for (CtrColumn c : cols) {
      n += c.role() == role ? 1 : 0;
    }
    return n;
  }

  /** Positions (in file order) of the columns with this role. */
  public int[] positions(ColumnRole role) {
    int[] out = new int[count(columns, role)];
    int k = 0;
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).role() == role) {
        out[k++] = i;
      }
    }
    return out;
  }

  /** Names of the columns with this role, in file order. */
  public List<String> names(ColumnRole role) {
    List<String> out = new ArrayList<>();
    for (CtrColumn c : columns) {
      if (c.role() == role) {
        out.add(c.name());
      }
    }
    return out;
  }
}
