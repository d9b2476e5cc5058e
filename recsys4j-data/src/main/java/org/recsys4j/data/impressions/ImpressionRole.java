package org.recsys4j.data.impressions;

import java.util.Locale;

/** What a column of an impression log holds. */
public enum ImpressionRole {
  /** The raw user id. */
  USER,
  /** The raw item id. */
  ITEM,
  /** 1 = clicked, 0 = shown and not clicked. */
  LABEL,
  /** Epoch seconds. */
  TIMESTAMP,
  /** The kind of edge (click, view, order, ...): which graph the impression joins. */
  EDGE_TYPE,
  /** The request (page view) the impression was part of. */
  REQUEST,
  /** A column to skip. */
  IGNORE;

  /** The name in schema files: lower case, with a hyphen ({@code edge-type}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The role named {@code s} in a schema file. */
  public static ImpressionRole parse(String s) {
    for (ImpressionRole r : values()) {
      if (r.id().equals(s)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "role must be user, item, label, timestamp, edge-type, request or ignore, "
            + "got '"
            + s
            + "'");
  }
}
