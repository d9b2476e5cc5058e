package org.recsys4j.data.io;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.recsys4j.data.DataFormatException;

/**
 * Reads a text file line by line, plain or gzip (detected by its magic bytes, not its name), with
 * the line number kept for error messages, a UTF-8 byte-order mark dropped and Windows line endings
 * stripped.
 */
public final class LineSource implements Closeable {
  private final String name;
  private final BufferedReader reader;
  private long lineNo;

  private LineSource(String name, BufferedReader reader) {
    this.name = name;
    this.reader = reader;
  }

  public static LineSource open(Path file) {
    return new LineSource(file.toString(), new BufferedReader(reader(file), 1 << 16));
  }

  /**
   * The text of {@code file} as UTF-8 characters, gunzipped when it starts with the gzip magic
   * bytes, without a leading byte-order mark (for parsers that read characters themselves).
   */
  public static java.io.Reader reader(Path file) {
    try {
      InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
      in.mark(2);
      int b1 = in.read();
      int b2 = in.read();
      in.reset();
      if (b1 == 0x1f && b2 == 0x8b) {
        in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
      }
      in.mark(3);
      if (!(in.read() == 0xEF && in.read() == 0xBB && in.read() == 0xBF)) {
        in.reset(); // no UTF-8 byte-order mark
      }
      return new InputStreamReader(in, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new DataFormatException(file.toString(), 0, "file not found");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  /** The next line without its terminator, or null at the end. */
  public String next() {
    try {
      String s = reader.readLine();
      if (s != null) {
        lineNo++;
        int n = s.length();
        if (n > 0 && s.charAt(n - 1) == '\r') {
          s = s.substring(0, n - 1);
        }
      }
      return s;
    } catch (IOException e) {
      throw new DataFormatException(name, lineNo + 1, "read failed: " + e.getMessage());
    }
  }

  public long lineNumber() {
    return lineNo;
  }

  public String name() {
    return name;
  }

  /** An error at the current line. */
  public DataFormatException error(String message) {
    return new DataFormatException(name, lineNo, message);
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
