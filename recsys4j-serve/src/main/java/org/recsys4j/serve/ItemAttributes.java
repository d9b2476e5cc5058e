package org.recsys4j.serve;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.recsys4j.data.DataFormatException;
import org.recsys4j.data.IdMap;
import org.recsys4j.data.io.CsvRows;

/**
 * Item attributes that filters and diversity read (a category, a brand, a flag), loaded once from a
 * CSV with a header whose first column is the raw item id, and indexed by the catalogue's item ids:
 * {@code value(column, item)} is a string, or null for an item the file lacks or a blank field.
 * Rows for items the catalogue does not know are skipped and counted. Multi-valued fields (genres
 * {@code a|b}) are split on {@code |} by {@link #values}.
 */
public final class ItemAttributes {
  private final List<String> columns;
  private final String[][] values; // [column][item]
  private final int skipped;

  private ItemAttributes(List<String> columns, String[][] values, int skipped) {
    this.columns = List.copyOf(columns);
    this.values = values;
    this.skipped = skipped;
  }

  /** No attributes: every filter or diversity rule on a column is refused. */
  public static ItemAttributes none(int items) {
    return new ItemAttributes(List.of(), new String[0][items], 0);
  }

  /**
   * Reads {@code file} (comma-separated, header {@code id,<column>,...}) for the items of {@code
   * ids}.
   */
  public static ItemAttributes read(Path file, IdMap ids) {
    try (CsvRows rows = CsvRows.open(file, ',')) {
      String[] header = rows.next();
      if (header == null || header.length < 2) {
        throw new DataFormatException(
            file.toString(), 1, "expected a header: the item id column, then attribute columns");
      }
      List<String> cols = new ArrayList<>(Arrays.asList(header).subList(1, header.length));
      String[][] v = new String[cols.size()][ids.size()];
      int skipped = 0;
      for (String[] r = rows.next(); r != null; r = rows.next()) {
        if (CsvRows.blank(r)) {
          continue;
        }
        if (r.length != header.length) {
          throw new DataFormatException(
              file.toString(),
              rows.line(),
              "expected " + header.length + " fields as in the header, got " + r.length);
        }
        int item = ids.indexOf(r[0]);
        if (item < 0) {
          skipped++;
          continue;
        }
        for (int c = 0; c < cols.size(); c++) {
          String s = r[c + 1].strip();
          v[c][item] = s.isEmpty() ? null : s;
        }
      }
      return new ItemAttributes(cols, v, skipped);
    }
  }

  public List<String> columns() {
    return columns;
  }

  /** Rows of the file for items the catalogue does not know. */
  public int skipped() {
    return skipped;
  }

  /** The column's index, or -1. */
  public int column(String name) {
    return columns.indexOf(name);
  }

  /** Item {@code item}'s value in column {@code c}, or null. */
  public String value(int c, int item) {
    return values[c][item];
  }

  /** Item {@code item}'s values in column {@code c} ({@code a|b} split), empty when missing. */
  public List<String> values(int c, int item) {
    String s = values[c][item];
    return s == null ? List.of() : List.of(s.split("\\|"));
  }
}
