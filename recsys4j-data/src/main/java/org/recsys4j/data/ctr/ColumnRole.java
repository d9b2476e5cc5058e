package org.recsys4j.data.ctr;

/** What a column of a click log is used for. */
public enum ColumnRole {
  /** The click, 0 or 1. Exactly one per schema. */
  LABEL,
  /** A number (a count, a price); empty = missing. */
  CONTINUOUS,
  /** One categorical value (a raw id or string); empty = missing. */
  CATEGORICAL,
  /** Several categorical values in one field, split by the column's separator (genres, tags). */
  MULTI_HOT,
  /** A row id: read and checked for presence, not used as a feature. */
  ID,
  /** Skipped. */
  IGNORE;

  /** Parses a role as written in a schema file (case-insensitive, '-' or '_'). */
  public static ColumnRole parse(String s) {
    String norm = s.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    for (ColumnRole r : values()) {
      if (r.name().equals(norm)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown column role '"
            + s
            + "': expected label, continuous, categorical, multi-hot, id or ignore");
  }
}
