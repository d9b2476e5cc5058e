package org.recsys4j.data;

/**
 * Bad input data, with the file and line where it was found: {@code ratings.csv:1042: expected 3
 * columns (user,item,rating), found 2}.
 */
public final class DataFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public DataFormatException(String source, long line, String message) {
    super(line > 0 ? source + ":" + line + ": " + message : source + ": " + message);
  }
}
