package org.recsys4j.data.io;

import java.util.List;

/**
 * How to read a delimited interaction log: the delimiter, whether the first line is a header, and
 * the column names in order. Recognised names are {@code user}, {@code item}, {@code rating} and
 * {@code timestamp}; any other name is ignored. With a header and no names given, the header names
 * are used.
 *
 * @param delimiter the field separator, e.g. {@code ','} or {@code '\t'}
 * @param header whether the first line names the columns
 * @param columns column names in file order, or empty to take them from the header
 * @param minRating keep only rows with rating >= this (implicit feedback from ratings); NaN keeps
 *     all
 * @param integerIds user and item ids must be non-negative integers (formats whose ids are numbers,
 *     such as MovieLens {@code u.data} and LastFM): anything else, a header line included, is an
 *     error
 */
public record DelimitedFormat(
    char delimiter, boolean header, List<String> columns, double minRating, boolean integerIds) {
  /** A format whose ids are any strings. */
  public DelimitedFormat(char delimiter, boolean header, List<String> columns, double minRating) {
    this(delimiter, header, columns, minRating, false);
  }

  public DelimitedFormat {
    columns = List.copyOf(columns);
    if (!header && columns.isEmpty()) {
      throw new IllegalArgumentException(
          "a file without a header needs columns, e.g. user,item,rating,timestamp");
    }
    if (!columns.isEmpty() && (!columns.contains("user") || !columns.contains("item"))) {
      throw new IllegalArgumentException(
          "columns must name a 'user' and an 'item' column, got " + columns);
    }
  }

  /** MovieLens {@code u.data}: tab separated user, item, rating, timestamp. */
  public static DelimitedFormat movieLens(double minRating) {
    return new DelimitedFormat(
        '\t', false, List.of("user", "item", "rating", "timestamp"), minRating, true);
  }
}
