package org.recsys4j.data.impressions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.recsys4j.data.DataFormatException;
import org.recsys4j.data.IdMap;
import org.recsys4j.data.ctr.BadRowPolicy;
import org.recsys4j.data.io.CsvRows;

/**
 * An impression log in columns: for impression {@code k}, {@code user(k)} and {@code item(k)}
 * (indices into the id maps, in order of first appearance), {@code label(k)} (1 clicked, 0 shown
 * and not clicked), {@code time(k)} (epoch seconds, 0 without a timestamp column), {@code
 * edgeType(k)} (an index into {@link #edgeTypes()}; every impression is {@code click} or {@code
 * view} by its label when there is no edge-type column) and {@code request(k)} (an index into the
 * request ids, -1 without a request column). Rows are kept in file order.
 */
public final class ImpressionLog {
  /**
   * The edge types used when the log has no edge-type column: clicks and shown-not-clicked views.
   */
  public static final List<String> LABEL_EDGE_TYPES = List.of("click", "view");

  private final String source;
  private final IdMap users;
  private final IdMap items;
  private final List<String> edgeTypes;
  private final boolean timed;
  private int n;
  private int[] user = new int[1024];
  private int[] item = new int[1024];
  private byte[] label = new byte[1024];
  private long[] time = new long[1024];
  private byte[] edge = new byte[1024];
  private int[] request = new int[1024];
  private long skipped;
  private final List<String> skipReasons = new ArrayList<>();

  private ImpressionLog(
      String source, IdMap users, IdMap items, List<String> edgeTypes, boolean timed) {
    this.source = source;
    this.users = users;
    this.items = items;
    this.edgeTypes = edgeTypes;
    this.timed = timed;
  }

  /**
   * Reads {@code file} (CSV/TSV as {@code schema} lays it out, plain or gzip, a byte-order mark
   * dropped). A bad row (wrong field count, a label other than 0/1, a non-integer timestamp, an
   * empty id) stops the read with {@code file:line: what was expected}, or is counted and skipped
   * with {@link BadRowPolicy#SKIP}.
   */
  public static ImpressionLog read(Path file, ImpressionSchema schema, BadRowPolicy policy) {
    int ui = schema.position(ImpressionRole.USER);
    int ii = schema.position(ImpressionRole.ITEM);
    int li = schema.position(ImpressionRole.LABEL);
    int ti = schema.position(ImpressionRole.TIMESTAMP);
    int ei = schema.position(ImpressionRole.EDGE_TYPE);
    int ri = schema.position(ImpressionRole.REQUEST);
    List<String> edgeTypes = ei < 0 ? LABEL_EDGE_TYPES : new ArrayList<>();
    ImpressionLog log =
        new ImpressionLog(file.toString(), new IdMap(), new IdMap(), edgeTypes, ti >= 0);
    IdMap requests = new IdMap();
    String name = file.toString();
    int cols = schema.columns().size();
    try (CsvRows rows = CsvRows.open(file, schema.delimiter())) {
      String[] f = rows.next();
      if (f != null && schema.header()) {
        checkHeader(name, rows.line(), f, schema);
        f = rows.next();
      }
      for (; f != null; f = rows.next()) {
        if (CsvRows.blank(f)) {
          continue;
        }
        String problem =
            f.length != cols
                ? "expected " + cols + " fields, found " + f.length
                : log.add(f, ui, ii, li, ti, ei, ri, requests);
        if (problem != null) {
          if (policy == BadRowPolicy.ERROR) {
            throw new DataFormatException(
                name, rows.line(), problem + " (set onBadRow to skip, to pass over such rows)");
          }
          log.skipped++;
          if (log.skipReasons.size() < 5) {
            log.skipReasons.add(name + ":" + rows.line() + ": " + problem);
          }
        }
      }
    }
    if (log.n == 0) {
      throw new DataFormatException(
          name,
          0,
          "no impressions"
              + (log.skipped > 0
                  ? " (" + log.skipped + " bad rows skipped: " + log.skipReasons + ")"
                  : ""));
    }
    return log;
  }

  private static void checkHeader(String file, long line, String[] f, ImpressionSchema schema) {
    if (f.length != schema.columns().size()) {
      throw new DataFormatException(
          file, line, "header has " + f.length + " columns, the schema " + schema.columns().size());
    }
    for (int i = 0; i < f.length; i++) {
      if (!f[i].trim().equals(schema.columns().get(i).name())) {
        throw new DataFormatException(
            file,
            line,
            "header column "
                + (i + 1)
                + " is '"
                + f[i]
                + "', the schema says '"
                + schema.columns().get(i).name()
                + "'");
      }
    }
  }

  /** Adds one row's fields; returns what is wrong with them instead, or null. */
  private String add(String[] f, int ui, int ii, int li, int ti, int ei, int ri, IdMap requests) {
    String u = f[ui].trim();
    String it = f[ii].trim();
    if (u.isEmpty() || it.isEmpty()) {
      return "empty " + (u.isEmpty() ? "user" : "item") + " id";
    }
    String l = f[li].trim();
    byte lab;
    if (l.equals("1") || l.equals("1.0")) {
      lab = 1;
    } else if (l.equals("0") || l.equals("0.0")) {
      lab = 0;
    } else {
      return "label must be 0 or 1, got '" + DataFormatException.quote(l) + "'";
    }
    long t = 0;
    if (ti >= 0) {
      try {
        t = Long.parseLong(f[ti].trim());
      } catch (NumberFormatException e) {
        return "timestamp must be whole epoch seconds, got '"
            + DataFormatException.quote(f[ti])
            + "'";
      }
    }
    int e;
    if (ei >= 0) {
      String type = f[ei].trim();
      if (type.isEmpty()) {
        return "empty edge type";
      }
      e = edgeTypes.indexOf(type);
      if (e < 0) {
        if (edgeTypes.size() == 127) {
          return "more than 127 edge types";
        }
        edgeTypes.add(type);
        e = edgeTypes.size() - 1;
      }
    } else {
      e = lab == 1 ? 0 : 1;
    }
    grow();
    user[n] = users.add(u);
    item[n] = items.add(it);
    label[n] = lab;
    time[n] = t;
    edge[n] = (byte) e;
    request[n] = ri < 0 ? -1 : requests.add(f[ri].trim());
    n++;
    return null;
  }

  private void grow() {
    if (n == user.length) {
      int c = n * 2;
      user = Arrays.copyOf(user, c);
      item = Arrays.copyOf(item, c);
      label = Arrays.copyOf(label, c);
      time = Arrays.copyOf(time, c);
      edge = Arrays.copyOf(edge, c);
      request = Arrays.copyOf(request, c);
    }
  }

  public String source() {
    return source;
  }

  public int size() {
    return n;
  }

  public IdMap users() {
    return users;
  }

  public IdMap items() {
    return items;
  }

  /** The edge type names, by index. */
  public List<String> edgeTypes() {
    return List.copyOf(edgeTypes);
  }

  /** True when the log had a timestamp column. */
  public boolean timed() {
    return timed;
  }

  public int user(int k) {
    return user[k];
  }

  public int item(int k) {
    return item[k];
  }

  public int label(int k) {
    return label[k];
  }

  public long time(int k) {
    return time[k];
  }

  public int edgeType(int k) {
    return edge[k];
  }

  public int request(int k) {
    return request[k];
  }

  /** Rows skipped as bad, and the first few reasons. */
  public long skipped() {
    return skipped;
  }

  public List<String> skipReasons() {
    return List.copyOf(skipReasons);
  }

  /** Clicks (label 1) in the log. */
  public int clicks() {
    int c = 0;
    for (int k = 0; k < n; k++) {
      c += label[k];
    }
    return c;
  }
}
