package org.recsys4j.data.io;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
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
    CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(fmt.delimiter());
    schema = fmt.delimiter() == ',' ? schema.withQuoteChar('"') : schema.withoutQuoteChar();
    CsvMapper mapper = new CsvMapper();
    try (Reader reader = LineSource.reader(file);
        MappingIterator<String[]> rows =
            mapper
                .readerFor(String[].class)
                .with(schema)
                .with(CsvParser.Feature.WRAP_AS_ARRAY)
                .readValues(reader)) {
      List<String> cols = fmt.columns();
      long[] line = {0};
      String[] first = next(rows, name, line);
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
                line[0],
                "header "
                    + names
                    + " has no 'user' and 'item' columns; "
                    + "columns must name them");
          }
        }
        f = next(rows, name, line);
      }
      int ui = cols.indexOf("user");
      int ii = cols.indexOf("item");
      int ri = cols.indexOf("rating");
      int ti = cols.indexOf("timestamp");
      int ci = cols.indexOf("count");
      for (; f != null; f = next(rows, name, line)) {
        if (f.length == 0 || (f.length == 1 && f[0].isBlank())) {
          continue;
        }
        long at = line[0];
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
                name, at, "count must be >= 0, found '" + quote(f[ci]) + "'");
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
              (u < 0 ? "user '" + quote(ru) : "item '" + quote(rItem))
                  + "' does not occur in the training data (set unknownIds to drop, to pass over such rows)");
        }
        log.add(u, it, rating, time, at);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return log;
  }

  /** The next record, or null at the end; {@code line[0]} becomes the line it started on. */
  private static String[] next(MappingIterator<String[]> rows, String name, long[] line) {
    try {
      if (!rows.hasNextValue()) {
        return null;
      }
      String[] r = rows.nextValue();
      line[0] = rows.getParser().currentTokenLocation().getLineNr();
      return r;
    } catch (IOException | RuntimeException e) {
      long at = rows.getParser().currentLocation().getLineNr();
      String msg = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
      throw new DataFormatException(name, at, "unreadable row: " + msg);
    }
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
              + quote(id)
              + "'"
              + (firstLine ? " (a header line? this format has none)" : ""));
    }
  }

  /** A field as quoted in a message: invisible characters shown, long values cut. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < 80; i++) {
      char c = s.charAt(i);
      sb.append(
          c < 0x20 || c == 0xFEFF || (c >= 0x7F && c < 0xA0)
              ? String.format("\\u%04x", (int) c)
              : c);
    }
    return s.length() > 80 ? sb + "... (" + s.length() + " characters)" : sb.toString();
  }

  private static float parseFloat(String name, long line, String s, String what) {
    try {
      float v = Float.parseFloat(s.trim());
      if (!Float.isFinite(v)) {
        throw new DataFormatException(name, line, what + " is not finite: '" + quote(s) + "'");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new DataFormatException(
          name,
          line,
          "expected a numeric "
              + what
              + ", found '"
              + quote(s)
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
          throw new DataFormatException(name, line, what + " is not finite: '" + quote(s) + "'");
        }
        return (long) d;
      } catch (NumberFormatException e2) {
        throw new DataFormatException(
            name, line, "expected a numeric " + what + ", found '" + quote(s) + "'");
      }
    }
  }
}
