package org.recsys4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.recsys4j.data.DataFormatException;
import org.recsys4j.data.io.CsvRows;
import org.recsys4j.train.LinkEmbedder;

/** Reads the link files of {@code embed} and {@code predict}: CSV with a header naming columns. */
final class LinkFiles {
  private LinkFiles() {}

  /** The positions of {@code names} in a header (-1 when absent), {@code required} checked. */
  static int[] columns(Path file, long line, String[] header, String[] names, int required) {
    int[] at = new int[names.length];
    for (int n = 0; n < names.length; n++) {
      at[n] = -1;
      for (int c = 0; c < header.length; c++) {
        if (header[c].trim().equals(names[n])) {
          at[n] = c;
        }
      }
      if (n < required && at[n] < 0) {
        throw new DataFormatException(
            file.toString(),
            line,
            "expected a header with columns "
                + String.join(", ", java.util.Arrays.copyOf(names, required))
                + " (optional: "
                + String.join(", ", java.util.Arrays.copyOfRange(names, required, names.length))
                + "), found "
                + String.join(",", header));
      }
    }
    return at;
  }

  /**
   * Links to add ({@code user,item[,edge_type][,timestamp]}); a missing edge type is {@code
   * defaultType}, a missing time {@code defaultTime}.
   */
  static LinkEmbedder.Links links(Path file, String defaultType, long defaultTime) {
    List<String> u = new ArrayList<>();
    List<String> i = new ArrayList<>();
    List<String> t = new ArrayList<>();
    List<Long> time = new ArrayList<>();
    try (CsvRows rows = CsvRows.open(file, ',')) {
      String[] h = rows.next();
      if (h == null) {
        throw new DataFormatException(file.toString(), 1, "empty file: expected a header");
      }
      int[] at =
          columns(file, rows.line(), h, new String[] {"user", "item", "edge_type", "timestamp"}, 2);
      for (String[] f = rows.next(); f != null; f = rows.next()) {
        if (CsvRows.blank(f)) {
          continue;
        }
        if (f.length != h.length) {
          throw new DataFormatException(
              file.toString(), rows.line(), "expected " + h.length + " fields, found " + f.length);
        }
        u.add(f[at[0]].trim());
        i.add(f[at[1]].trim());
        t.add(at[2] < 0 ? defaultType : f[at[2]].trim());
        long ts = defaultTime;
        if (at[3] >= 0) {
          try {
            ts = Long.parseLong(f[at[3]].trim());
          } catch (NumberFormatException e) {
            throw new DataFormatException(
                file.toString(),
                rows.line(),
                "timestamp must be whole epoch seconds, got '"
                    + DataFormatException.quote(f[at[3]])
                    + "'");
          }
        }
        time.add(ts);
      }
    }
    return new LinkEmbedder.Links(u, i, t, time.stream().mapToLong(Long::longValue).toArray());
  }
}
