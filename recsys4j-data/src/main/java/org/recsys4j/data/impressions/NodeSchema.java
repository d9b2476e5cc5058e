package org.recsys4j.data.impressions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.recsys4j.data.DataFormatException;

/**
 * The layout of a node table ({@code users.csv} or {@code items.csv}), as the {@code users} or
 * {@code items} section of a dataset's {@code schema.yaml} gives it:
 *
 * <pre>
 * items:
 *   delimiter: ","
 *   header: true
 *   columns:
 *     - {name: id, role: id}
 *     - {name: genres, role: multi-hot, separator: "|"}
 *     - {name: year, role: continuous}
 *     - {name: title, role: text}
 * </pre>
 *
 * Exactly one {@code id} column; features are {@code categorical}, {@code continuous}, {@code
 * multi-hot} (with a {@code separator}, default {@code |}) and {@code text} (words, hashed into a
 * bag); {@code ignore} skips a column.
 */
public record NodeSchema(String section, List<Column> columns, char delimiter, boolean header) {

  /** What a node-table column holds. */
  public enum Role {
    ID,
    CATEGORICAL,
    CONTINUOUS,
    MULTI_HOT,
    TEXT,
    IGNORE;

    /** The name in schema files ({@code multi-hot}). */
    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Role parse(String s) {
      String norm = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      for (Role r : values()) {
        if (r.name().equals(norm)) {
          return r;
        }
      }
      throw new IllegalArgumentException(
          "unknown role '"
              + s
              + "': expected id, categorical, continuous, multi-hot, text or ignore");
    }
  }

  /** One column: name, role and, for multi-hot columns, the separator of its values. */
  public record Column(String name, Role role, String separator) {
    public Column {
      if (role == Role.MULTI_HOT && (separator == null || separator.isEmpty())) {
        separator = "|";
      }
    }

    /** True for the roles that become features. */
    public boolean isFeature() {
      return role != Role.ID && role != Role.IGNORE;
    }
  }

  public NodeSchema {
    columns = List.copyOf(columns);
    long ids = columns.stream().filter(c -> c.role() == Role.ID).count();
    if (ids != 1) {
      throw new IllegalArgumentException(
          section + ": a node table needs exactly one id column, the schema has " + ids);
    }
  }

  /** The position of the id column. */
  public int idPosition() {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).role() == Role.ID) {
        return i;
      }
    }
    throw new IllegalStateException("no id column");
  }

  /** The feature columns, in file order. */
  public List<Column> features() {
    return columns.stream().filter(Column::isFeature).toList();
  }

  /** This schema with only the feature columns named in {@code keep} (others ignored). */
  public NodeSchema keepFeatures(List<String> keep) {
    List<String> names = features().stream().map(Column::name).toList();
    for (String k : keep) {
      if (!names.contains(k)) {
        throw new IllegalArgumentException(
            section + " has no feature column '" + k + "'; its feature columns are " + names);
      }
    }
    List<Column> cols = new ArrayList<>();
    for (Column c : columns) {
      cols.add(
          c.isFeature() && !keep.contains(c.name()) ? new Column(c.name(), Role.IGNORE, null) : c);
    }
    return new NodeSchema(section, cols, delimiter, header);
  }

  /**
   * The {@code section} ({@code users} or {@code items}) of {@code schemaFile}, or null when the
   * file has no such section.
   */
  public static NodeSchema load(Path schemaFile, String section) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(schemaFile));
    } catch (IOException e) {
      throw new DataFormatException(
          schemaFile.toString(), 0, "not a readable YAML schema: " + e.getMessage());
    }
    if (root == null || !root.has(section)) {
      return null;
    }
    return fromYaml(schemaFile, section, root.get(section));
  }

  static NodeSchema fromYaml(Path where, String section, JsonNode node) {
    String file = where.toString();
    if (!node.isObject()) {
      throw new DataFormatException(file, 0, section + ": expected a mapping with columns");
    }
    ImpressionSchema.checkKeys(file, node, List.of("delimiter", "header", "columns"), section);
    char delimiter = ImpressionSchema.delimiter(file, section, node);
    JsonNode cols = node.path("columns");
    if (!cols.isArray() || cols.isEmpty()) {
      throw new DataFormatException(
          file, 0, section + ": 'columns' must be a non-empty list of {name, role}");
    }
    List<Column> list = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      JsonNode c = cols.get(i);
      String where1 = section + " column " + (i + 1);
      if (!c.isObject()) {
        throw new DataFormatException(file, 0, where1 + " must be a mapping {name, role}");
      }
      ImpressionSchema.checkKeys(file, c, List.of("name", "role", "separator"), where1);
      String name = c.path("name").asText("");
      if (name.isEmpty() || c.path("role").asText("").isEmpty()) {
        throw new DataFormatException(file, 0, where1 + " needs 'name' and 'role'");
      }
      try {
        Role role = Role.parse(c.path("role").asText());
        if (c.has("separator") && role != Role.MULTI_HOT) {
          throw new IllegalArgumentException("'separator' applies to multi-hot columns only");
        }
        list.add(new Column(name, role, c.path("separator").asText(null)));
      } catch (IllegalArgumentException e) {
        throw new DataFormatException(file, 0, where1 + " (" + name + "): " + e.getMessage());
      }
    }
    try {
      return new NodeSchema(section, list, delimiter, node.path("header").asBoolean(true));
    } catch (IllegalArgumentException e) {
      throw new DataFormatException(file, 0, e.getMessage());
    }
  }
}
