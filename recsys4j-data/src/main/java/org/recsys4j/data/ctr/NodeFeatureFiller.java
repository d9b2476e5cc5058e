package org.recsys4j.data.ctr;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.recsys4j.data.impressions.NodeSchema;
import org.recsys4j.data.impressions.NodeTable;

/**
 * Puts a node's feature fields into the click-row columns named {@code prefix + feature} ({@code
 * user_age}, {@code item_genres}), parsed by the node column's role: a number for continuous
 * (missing or unparsable: NaN), a trimmed value for categorical (blank: missing), the values
 * between separators for multi-hot and the lower-cased words for text. Training ({@link
 * ImpressionCtr}) and serving fill rows through this one class, so a served row is parsed exactly
 * as a training row was.
 */
public final class NodeFeatureFiller {
  private final List<NodeSchema.Column> features;
  private final ColumnRole[] roles;
  private final int[] at; // position within the role's columns, or -1: not a column of the schema

  /** The filler of {@code nodes}' features into {@code schema}'s {@code prefix}ed columns. */
  public NodeFeatureFiller(CtrSchema schema, String prefix, NodeSchema nodes) {
    this.features = nodes.features();
    this.roles = new ColumnRole[features.size()];
    this.at = new int[features.size()];
    for (int j = 0; j < features.size(); j++) {
      String name = prefix + features.get(j).name();
      at[j] = -1;
      for (ColumnRole r : ColumnRole.values()) {
        int k = schema.names(r).indexOf(name);
        if (k >= 0) {
          roles[j] = r;
          at[j] = k;
        }
      }
    }
  }

  /** The node table's feature columns, in its order. */
  public List<NodeSchema.Column> features() {
    return features;
  }

  /** Fills the columns from {@code t}'s row for {@code id} (every column missing without one). */
  public void fill(RawRow row, NodeTable t, String id) {
    fill(row, t == null ? null : t.row(id));
  }

  /** Fills the columns from feature fields in {@link #features()} order (null: all missing). */
  public void fill(RawRow row, String[] fields) {
    for (int j = 0; j < features.size(); j++) {
      put(row, j, fields == null ? null : fields[j]);
    }
  }

  /**
   * Fills the columns from fields by feature name; a feature not named is missing. A name that is
   * no feature of the table is an error naming the features there are.
   */
  public void fill(RawRow row, Map<String, String> byName) {
    for (String name : byName.keySet()) {
      if (features.stream().noneMatch(c -> c.name().equals(name))) {
        throw new IllegalArgumentException(
            "'"
                + name
                + "' is not a feature; the features are "
                + features.stream().map(NodeSchema.Column::name).toList());
      }
    }
    for (int j = 0; j < features.size(); j++) {
      put(row, j, byName.get(features.get(j).name()));
    }
  }

  private void put(RawRow row, int j, String v) {
    if (at[j] < 0) {
      return;
    }
    NodeSchema.Column c = features.get(j);
    switch (c.role()) {
      case CATEGORICAL -> row.categorical[at[j]] = v == null || v.isBlank() ? null : v.trim();
      case CONTINUOUS -> row.continuous[at[j]] = number(v);
      case MULTI_HOT -> row.multiHot[at[j]] = split(v, c.separator());
      case TEXT -> row.multiHot[at[j]] = words(v);
      default -> {}
    }
  }

  private static double number(String s) {
    if (s == null || s.isBlank()) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String[] split(String v, String sep) {
    if (v == null || v.isBlank()) {
      return new String[0];
    }
    return Arrays.stream(v.split(java.util.regex.Pattern.quote(sep)))
        .map(String::trim)
        .filter(x -> !x.isEmpty())
        .toArray(String[]::new);
  }

  private static String[] words(String v) {
    if (v == null) {
      return new String[0];
    }
    return Arrays.stream(v.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
        .filter(x -> !x.isEmpty())
        .toArray(String[]::new);
  }
}
