package org.recsys4j.data.ctr;

/**
 * One column of a click log: its name, its role and, for multi-hot columns, the separator between
 * values inside the field.
 */
public record CtrColumn(String name, ColumnRole role, String separator) {
  public CtrColumn {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a column needs a name");
    }
    if (role == ColumnRole.MULTI_HOT && (separator == null || separator.isEmpty())) {
      throw new IllegalArgumentException(
          "multi-hot column '" + name + "' needs a separator (e.g. separator: '|')");
    }
  }

  public CtrColumn(String name, ColumnRole role) {
    this(name, role, role == ColumnRole.MULTI_HOT ? "|" : null);
  }
}
