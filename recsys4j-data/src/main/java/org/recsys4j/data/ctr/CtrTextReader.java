package org.recsys4j.data.ctr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.recsys4j.data.io.LineSource;

/**
 * Streams a delimited click log (plain or gzip) row by row into a reused {@link RawRow}, checking
 * every field: the column count, a 0/1 label, numbers in continuous columns. Memory does not grow
 * with the file. Fields may be quoted ({@code "a,b"}, with {@code ""} for a quote).
 */
public final class CtrTextReader {
  /** How many skip reasons {@link Stats} keeps for the report. */
  private static final int KEPT_REASONS = 5;

  /** What a read saw: rows delivered, rows skipped, and the first few reasons for skipping. */
  public record Stats(long rows, long skipped, List<String> firstReasons) {}

  private final CtrSchema schema;
  private final BadRowPolicy policy;
  private final List<CtrColumn> cols; // the columns present in the file
  private final int[] roleIndex; // file column -> index within its role's array
  private final String[] fields;

  public CtrTextReader(CtrSchema schema, BadRowPolicy policy) {
    this(schema, policy, true);
  }

  /**
   * @param withLabel false for files without the label column (rows to score): the schema's label
   *     column is then absent from each line and {@link RawRow#label} is NaN
   */
  public CtrTextReader(CtrSchema schema, BadRowPolicy policy, boolean withLabel) {
    this.schema = schema;
    this.policy = policy;
    List<CtrColumn> present = new ArrayList<>();
    for (CtrColumn c : schema.columns()) {
      if (withLabel || c.role() != ColumnRole.LABEL) {
        present.add(c);
      }
    }
    this.cols = List.copyOf(present);
    int n = cols.size();
    this.roleIndex = new int[n];
    int[] next = new int[ColumnRole.values().length];
    for (int i = 0; i < n; i++) {
      roleIndex[i] = next[cols.get(i).role().ordinal()]++;
    }
    this.fields = new String[n];
  }

  /** Reads up to {@code maxRows} rows (all when negative) of {@code file} into {@code sink}. */
  public Stats read(Path file, long maxRows, Consumer<RawRow> sink) {
    RawRow row = new RawRow(schema);
    row.label = Float.NaN;
    long rows = 0;
    long skipped = 0;
    List<String> reasons = new ArrayList<>();
    try (LineSource src = LineSource.open(file)) {
      String line;
      if (schema.header()) {
        line = src.next();
        if (line == null) {
          throw src.error("empty file: expected a header line");
        }
        checkHeader(src, line);
      }
      long lines = 0;
      while ((maxRows < 0 || rows < maxRows) && (line = src.next()) != null) {
        lines++;
        if (line.isEmpty()) {
          continue;
        }
        long index = rows + skipped;
        String problem = parse(line, row);
        if (problem != null) {
          if (policy == BadRowPolicy.ERROR) {
            throw src.error(problem + " (set onBadRow to skip, to pass over such rows)");
          }
          skipped++;
          if (reasons.size() < KEPT_REASONS) {
            reasons.add(src.name() + ":" + src.lineNumber() + ": " + problem);
          }
          continue;
        }
        row.line = src.lineNumber();
        row.index = index;
        sink.accept(row);
        rows++;
      }
      if (lines == 0) {
        throw src.error("no data rows");
      }
    }
    return new Stats(rows, skipped, reasons);
  }

  private void checkHeader(LineSource src, String line) {
    int n = split(line);
    if (n != cols.size()) {
      throw src.error("header has " + n + " columns, the schema " + cols.size());
    }
    for (int i = 0; i < n; i++) {
      if (!fields[i].trim().equals(cols.get(i).name())) {
        throw src.error(
            "header column "
                + (i + 1)
                + " is '"
                + fields[i]
                + "', the schema says '"
                + cols.get(i).name()
                + "'");
      }
    }
  }

  /** Fills {@code row} from {@code line}; returns what is wrong with the line, or null. */
  private String parse(String line, RawRow row) {
    int n = split(line);
    if (n != cols.size()) {
      return "expected " + cols.size() + " fields, found " + (n < 0 ? "an unterminated quote" : n);
    }
    for (int i = 0; i < n; i++) {
      String f = fields[i];
      CtrColumn col = cols.get(i);
      int k = roleIndex[i];
      switch (col.role()) {
        case LABEL -> {
          String t = f.trim();
          if (t.equals("1") || t.equals("1.0")) {
            row.label = 1f;
          } else if (t.equals("0") || t.equals("0.0")) {
            row.label = 0f;
          } else {
            return "label column '" + col.name() + "' must be 0 or 1, got '" + f + "'";
          }
        }
        case CONTINUOUS -> {
          String t = f.trim();
          if (t.isEmpty()) {
            row.continuous[k] = Double.NaN;
          } else {
            double v;
            try {
              v = Double.parseDouble(t);
            } catch (NumberFormatException e) {
              return "column '" + col.name() + "' expects a number, got '" + f + "'";
            }
            if (!Double.isFinite(v)) {
              return "column '" + col.name() + "' expects a finite number, got '" + f + "'";
            }
            row.continuous[k] = v;
          }
        }
        case CATEGORICAL -> row.categorical[k] = f.isEmpty() ? null : f;
        case MULTI_HOT ->
            row.multiHot[k] = f.isEmpty() ? new String[0] : splitValues(f, col.separator());
        case ID -> {
          if (f.isEmpty()) {
            return "id column '" + col.name() + "' is empty";
          }
        }
        case IGNORE -> {}
        default -> throw new IllegalStateException(col.role().name());
      }
    }
    return null;
  }

  private static String[] splitValues(String f, String sep) {
    List<String> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int at = f.indexOf(sep, from);
      String v = (at < 0 ? f.substring(from) : f.substring(from, at)).trim();
      if (!v.isEmpty()) {
        out.add(v);
      }
      if (at < 0) {
        return out.toArray(new String[0]);
      }
      from = at + sep.length();
    }
  }

  /**
   * Splits into {@link #fields}; returns the field count (fields beyond the schema are counted, not
   * stored), or -1 for an unterminated quote.
   */
  private int split(String line) {
    char d = schema.delimiter();
    int n = 0;
    int i = 0;
    int len = line.length();
    while (true) {
      String value;
      if (i < len && line.charAt(i) == '"') {
        StringBuilder sb = new StringBuilder();
        i++;
        while (true) {
          if (i >= len) {
            return -1;
          }
          char ch = line.charAt(i);
          if (ch == '"') {
            if (i + 1 < len && line.charAt(i + 1) == '"') {
              sb.append('"');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          sb.append(ch);
          i++;
        }
        int end = line.indexOf(d, i);
        i = end < 0 ? len : end; // text after the closing quote up to the delimiter is dropped
        value = sb.toString();
      } else {
        int end = line.indexOf(d, i);
        if (end < 0) {
          end = len;
        }
        value = line.substring(i, end);
        i = end;
      }
      if (n < fields.length) {
        fields[n] = value;
      }
      n++;
      if (i >= len) {
        return n;
      }
      i++; // past the delimiter
      if (i == len) { // a trailing delimiter: one more, empty field
        if (n < fields.length) {
          fields[n] = "";
        }
        return n + 1;
      }
    }
  }
}
