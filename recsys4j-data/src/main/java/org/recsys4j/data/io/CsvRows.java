package org.recsys4j.data.io;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.recsys4j.data.DataFormatException;

/**
 * The records of a delimited file, split by Jackson's CSV parser: plain or gzip, a byte-order mark
 * dropped ({@link LineSource#reader}); with a comma delimiter fields may be quoted ({@code "a,b"},
 * {@code ""} for a quote, line breaks inside quotes), other delimiters have no quoting. Each record
 * knows the line it started on; an unreadable record is a {@link DataFormatException} naming it.
 */
public final class CsvRows implements Closeable {
  private final String name;
  private final Reader reader;
  private final MappingIterator<String[]> rows;
  private long line;

  private CsvRows(String name, Reader reader, MappingIterator<String[]> rows) {
    this.name = name;
    this.reader = reader;
    this.rows = rows;
  }

  /** Opens {@code file} with fields separated by {@code delimiter}. */
  public static CsvRows open(Path file, char delimiter) {
    CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(delimiter);
    schema = delimiter == ',' ? schema.withQuoteChar('"') : schema.withoutQuoteChar();
    Reader reader = LineSource.reader(file);
    try {
      MappingIterator<String[]> rows =
          new CsvMapper()
              .readerFor(String[].class)
              .with(schema)
              .with(CsvParser.Feature.WRAP_AS_ARRAY)
              .readValues(reader);
      return new CsvRows(file.toString(), reader, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The next record, or null at the end of the file. */
  public String[] next() {
    try {
      if (!rows.hasNextValue()) {
        return null;
      }
      String[] r = rows.nextValue();
      line = rows.getParser().currentTokenLocation().getLineNr();
      return r;
    } catch (IOException | RuntimeException e) {
      long at = rows.getParser().currentLocation().getLineNr();
      String msg = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
      throw new DataFormatException(name, at, "unreadable row: " + msg);
    }
  }

  /** The line the last record started on (1-based). */
  public long line() {
    return line;
  }

  /** The file, for messages. */
  public String name() {
    return name;
  }

  /** True for a record with no content (a blank line). */
  public static boolean blank(String[] f) {
    return f.length == 0 || (f.length == 1 && f[0].isBlank());
  }

  @Override
  public void close() {
    try {
      rows.close();
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + name + ": " + e.getMessage(), e);
    }
  }
}
