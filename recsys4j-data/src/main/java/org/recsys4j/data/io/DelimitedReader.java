package org.recsys4j.data.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.recsys4j.data.DataFormatException;
import org.recsys4j.data.IdMap;
import org.recsys4j.data.InteractionLog;

/**
 * Reads CSV/TSV interaction logs with raw string ids into an {@link InteractionLog}. Ids are added
 * to the given id maps unless {@code frozen}; then rows with unknown ids are an error, or are
 * dropped and counted when {@code dropUnknown}.
 *
 * <p>Fields are split by Jackson's CSV parser, so CSV fields may be quoted ({@code "a,b"}, {@code
 * ""} for a quote, line breaks inside quotes). Tab-separated files have no quoting. A UTF-8
 * byte-order mark is dropped; {@code rating}, {@code timestamp} and {@code count} columns must be
 * numbers; formats with integer ids reject anything else (a header line included) instead of
 * turning it into a phantom user.
 */
public final class DelimitedReader {
  private DelimitedReader() {}

  /** Counts of what {@link #read} skipped. */
  public static final class Stats {
    public int droppedUnknown;
    public int droppedRating;
  }

  public static InteractionLog read(
      Path file,
      DelimitedFormat fmt,
      IdMap users,
      IdMap items,
      boolean frozen,
      boolean dropUnknown,
      Stats stats) {
    InteractionLog log = new InteractionLog(file.toString(), users, items);
    String name = file.toString();
    try (CsvRows rows = CsvRows.open(file, fmt.delimiter())) {
      List<String> cols = fmt.columns();
      String[] first = rows.next();
      if (first == null) {
        throw new DataFormatException(
            name,
            0,
            "empty file: expected "
                + (fmt.header() ? "a header and " : "")
                + "rows of "
                + String.join(String.valueOf(fmt.delimiter()), cols));
      }
      String[] f = first;
      if (fmt.header()) {
        List<String> names = Arrays.stream(first).map(String::trim).toList();
        if (cols.isEmpty()) {
          cols = names;
          if (!cols.contains("user") || !cols.contains("item")) {
            throw new DataFormatException(
                name,
                rows.line(),
                "header "
                    + names
                    + " has no 'user' and 'item' columns; "
                    + "columns must name them");
          }
        }
        f = rows.next();
      }
      int ui = cols.indexOf("user");
      int ii = cols.indexOf("item");
      int ri = cols.indexOf("rating");
      int ti = cols.indexOf("timestamp");
      int ci = cols.indexOf("count");
      for (; f != null; f = rows.next()) {
        if (CsvRows.blank(f)) {
          continue;
        }
        long at = rows.line();
        if (f.length != cols.size()) {
          throw new DataFormatException(
              name,
              at,
              "expected "
                  + cols.size()
                  + " columns ("
                  + String.join(",", cols)
                  + "), found "
                  + f.length);
        }
        String ru = f[ui].trim();
        String rItem = f[ii].trim();
        if (ru.isEmpty() || rItem.isEmpty()) {
          throw new DataFormatException(
              name, at, "empty " + (ru.isEmpty() ? "user" : "item") + " id");
        }
        if (fmt.integerIds()) {
          checkId(name, at, ru, "user", !fmt.header() && at == 1);
          checkId(name, at, rItem, "item", !fmt.header() && at == 1);
        }
        float rating = ri < 0 ? 1f : parseFloat(name, at, f[ri], "rating");
        long time = ti < 0 ? 0L : parseLong(name, at, f[ti], "timestamp");
        if (ci >= 0) {
          float count = parseFloat(name, at, f[ci], "count");
          if (count < 0) {
            throw new DataFormatException(
                name, at, "count must be >= 0, found '" + DataFormatException.quote(f[ci]) + "'");
          }
        }
        if (!Double.isNaN(fmt.minRating()) && rating < fmt.minRating()) {
          if (stats != null) {
            stats.droppedRating++;
          }
          continue;
        }
        int u = frozen ? users.indexOf(ru) : users.add(ru);
        int it = frozen ? items.indexOf(rItem) : items.add(rItem);
        if (u < 0 || it < 0) {
          if (dropUnknown) {
            if (stats != null) {
              stats.droppedUnknown++;
            }
            continue;
          }
          throw new DataFormatException(
              name,
              at,
              (u < 0
                      ? "user '" + DataFormatException.quote(ru)
                      : "item '" + DataFormatException.quote(rItem))
                  + "' does not occur in the training data (set unknownIds to drop, to pass over such rows)");
        }
        log.add(u, it, rating, time, at);
      }
    }
    return log;
  }

  private static void checkId(String name, long line, String id, String what, boolean firstLine) {
    boolean digits = !id.isEmpty() && id.length() <= 18;
    for (int i = 0; i < id.length() && digits; i++) {
      digits = id.charAt(i) >= '0' && id.charAt(i) <= '9';
    }
    if (!digits) {
      throw new DataFormatException(
          name,
          line,
          "expected a non-negative integer "
              + what
              + " id, found '"
              + DataFormatException.quote(id)
              + "'"
              + (firstLine ? " (a header line? this format has none)" : ""));
    }
  }

  private static float parseFloat(String name, long line, String s, String what) {
    try {
      float v = Float.parseFloat(s.trim());
      if (!Float.isFinite(v)) {
        throw new DataFormatException(
            name, line, what + " is not finite: '" + DataFormatException.quote(s) + "'");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new DataFormatException(
          name,
          line,
          "expected a numeric "
              + what
              + ", found '"
              + DataFormatException.quote(s)
              + "'"
              + (line == 1 ? " (a header line? say so with a header, or remove it)" : ""));
    }
  }

  private static long parseLong(String name, long line, String s, String what) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      try {
        double d = Double.parseDouble(s.trim());
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new DataFormatException(
              name, line, what + " is not finite: '" + DataFormatException.quote(s) + "'");
        }
        return (long) d;
      } catch (NumberFormatException e2) {
        throw new DataFormatException(
            name,
            line,
            "expected a numeric " + what + ", found '" + DataFormatException.quote(s) + "'");
      }
    }
  }
}
