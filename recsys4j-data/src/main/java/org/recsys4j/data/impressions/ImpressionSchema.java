package org.recsys4j.data.impressions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.recsys4j.core.util.Nearest;
import org.recsys4j.data.DataFormatException;

/**
 * The layout of an impression log, as the {@code impressions} section of a dataset's {@code
 * schema.yaml} gives it (the same form as a CTR schema):
 *
 * <pre>
 * impressions:
 *   delimiter: ","
 *   header: true
 *   columns:
 *     - {name: user_id, role: user}
 *     - {name: movie_id, role: item}
 *     - {name: clicked, role: label}
 *     - {name: ts, role: timestamp}
 * </pre>
 *
 * Exactly one user, item and label column; at most one timestamp, edge-type and request column.
 *
 * @param columns the file's columns in order
 */
public record ImpressionSchema(List<Column> columns, char delimiter, boolean header) {

  /** One column: its name (checked against a header line) and role. */
  public record Column(String name, ImpressionRole role) {}

  public ImpressionSchema {
    columns = List.copyOf(columns);
    for (ImpressionRole r : ImpressionRole.values()) {
      long n = columns.stream().filter(c -> c.role() == r).count();
      boolean required =
          r == ImpressionRole.USER || r == ImpressionRole.ITEM || r == ImpressionRole.LABEL;
      if (required && n != 1) {
        throw new IllegalArgumentException(
            "an impression log needs exactly one " + r.id() + " column, the schema has " + n);
      }
      if (r != ImpressionRole.IGNORE && n > 1) {
        throw new IllegalArgumentException(
            "an impression log has at most one " + r.id() + " column, the schema has " + n);
      }
    }
  }

  /** The position of the column with role {@code r}, or -1. */
  public int position(ImpressionRole r) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).role() == r) {
        return i;
      }
    }
    return -1;
  }

  /** The {@code impressions} section of {@code schemaFile}; errors name the file and the entry. */
  public static ImpressionSchema load(Path schemaFile) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(schemaFile));
    } catch (NoSuchFileException e) {
      throw new DataFormatException(schemaFile.toString(), 0, "schema file not found");
    } catch (IOException e) {
      throw new DataFormatException(
          schemaFile.toString(), 0, "not a readable YAML schema: " + e.getMessage());
    }
    if (root == null || !root.isObject() || !root.path("impressions").isObject()) {
      throw new DataFormatException(
          schemaFile.toString(), 0, "expected an 'impressions' section with columns");
    }
    return fromYaml(schemaFile, root.get("impressions"));
  }

  /** A section of a schema file ({@code where} names the file in messages). */
  static ImpressionSchema fromYaml(Path where, JsonNode section) {
    String file = where.toString();
    checkKeys(file, section, List.of("delimiter", "header", "columns"), "impressions");
    char delim = delimiter(file, "impressions", section);
    JsonNode cols = section.path("columns");
    if (!cols.isArray() || cols.isEmpty()) {
      throw new DataFormatException(
          file, 0, "impressions: 'columns' must be a non-empty list of {name, role}");
    }
    List<Column> list = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      JsonNode c = cols.get(i);
      String where1 = "impressions column " + (i + 1);
      if (!c.isObject()) {
        throw new DataFormatException(file, 0, where1 + " must be a mapping {name, role}");
      }
      checkKeys(file, c, List.of("name", "role"), where1);
      String name = c.path("name").asText("");
      if (name.isEmpty() || c.path("role").asText("").isEmpty()) {
        throw new DataFormatException(file, 0, where1 + " needs 'name' and 'role'");
      }
      try {
        list.add(new Column(name, ImpressionRole.parse(c.path("role").asText())));
      } catch (IllegalArgumentException e) {
        throw new DataFormatException(file, 0, where1 + " (" + name + "): " + e.getMessage());
      }
    }
    try {
      return new ImpressionSchema(list, delim, section.path("header").asBoolean(true));
    } catch (IllegalArgumentException e) {
      throw new DataFormatException(file, 0, "impressions: " + e.getMessage());
    }
  }

  /** The one-character delimiter of a section ({@code "\\t"} or {@code tab} for a tab). */
  static char delimiter(String file, String sectionName, JsonNode section) {
    String delim = section.path("delimiter").asText(",");
    if (delim.equals("\\t") || delim.equalsIgnoreCase("tab")) {
      delim = "\t";
    }
    if (delim.length() != 1) {
      throw new DataFormatException(
          file, 0, sectionName + ": delimiter must be one character, got '" + delim + "'");
    }
    return delim.charAt(0);
  }

  static void checkKeys(String file, JsonNode node, List<String> known, String where) {
    Iterator<String> it = node.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (!known.contains(k)) {
        String near = Nearest.of(k, known);
        throw new DataFormatException(
            file,
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
}
