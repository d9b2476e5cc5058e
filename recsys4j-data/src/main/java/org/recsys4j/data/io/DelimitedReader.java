package org.recsys4j.data.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.recsys4j.data.IdMap;
import org.recsys4j.data.InteractionLog;

/**
 * Reads CSV/TSV interaction logs with raw string ids into an {@link InteractionLog}. Ids are
 * added to the given id maps unless {@code frozen}; then rows with unknown ids are an error, or
 * are dropped and counted when {@code dropUnknown}.
 */
public final class DelimitedReader {
  private DelimitedReader() {}

  /** Counts of what {@link #read} skipped. */
  public static final class Stats {
    public int droppedUnknown;
    public int droppedRating;
  }

  public static InteractionLog read(Path file, DelimitedFormat fmt, IdMap users, IdMap items,
      boolean frozen, boolean dropUnknown, Stats stats) {
    InteractionLog log = new InteractionLog(file.toString(), users, items);
    try (LineSource src = LineSource.open(file)) {
      List<String> cols = fmt.columns();
      String line = src.next();
      if (line == null) {
        throw src.error("empty file: expected " + (fmt.header() ? "a header and " : "") + "rows of "
            + String.join(String.valueOf(fmt.delimiter()), cols));
      }
      if (fmt.header()) {
        List<String> names = split(line, fmt.delimiter());
        if (cols.isEmpty()) {
          cols = names;
          if (!cols.contains("user") || !cols.contains("item")) {
            throw src.error("header " + names + " has no 'user' and 'item' columns; name them with --columns");
          }
        }
        line = src.next();
      }
      int ui = cols.indexOf("user");
      int ii = cols.indexOf("item");
      int ri = cols.indexOf("rating");
      int ti = cols.indexOf("timestamp");
      for (; line != null; line = src.next()) {
        if (line.isBlank()) {
          continue;
        }
        List<String> f = split(line, fmt.delimiter());
        if (f.size() != cols.size()) {
          throw src.error("expected " + cols.size() + " columns (" + String.join(",", cols) + "), found " + f.size());
        }
        float rating = ri < 0 ? 1f : parseFloat(src, f.get(ri), "rating");
        long time = ti < 0 ? 0L : parseLong(src, f.get(ti), "timestamp");
        if (!Double.isNaN(fmt.minRating()) && rating < fmt.minRating()) {
          if (stats != null) {
            stats.droppedRating++;
          }
          continue;
        }
        String ru = f.get(ui).trim();
        String rItem = f.get(ii).trim();
        if (ru.isEmpty() || rItem.isEmpty()) {
          throw src.error("empty " + (ru.isEmpty() ? "user" : "item") + " id");
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
          throw src.error((u < 0 ? "user '" + ru : "item '" + rItem)
              + "' does not occur in the training data (use --unknown-ids=drop to skip such rows)");
        }
        log.add(u, it, rating, time, src.lineNumber());
      }
    }
    return log;
  }

  static List<String> split(String line, char delim) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == delim) {
        out.add(line.substring(start, i));
        start = i + 1;
      }
    }
    out.add(line.substring(start));
    return out;
  }

  private static float parseFloat(LineSource src, String s, String what) {
    try {
      float v = Float.parseFloat(s.trim());
      if (Float.isNaN(v)) {
        throw src.error(what + " is NaN");
      }
      return v;
    } catch (NumberFormatException e) {
      throw src.error("expected a numeric " + what + ", found '" + s + "'");
    }
  }

  private static long parseLong(LineSource src, String s, String what) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      try {
        double d = Double.parseDouble(s.trim());
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw src.error(what + " is not finite: '" + s + "'");
        }
        return (long) d;
      } catch (NumberFormatException e2) {
        throw src.error("expected a numeric " + what + ", found '" + s + "'");
      }
    }
  }
}
