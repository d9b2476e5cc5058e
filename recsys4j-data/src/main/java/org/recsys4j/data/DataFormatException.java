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

  /**
   * A value from the input as a message quotes it: invisible characters (a byte-order mark, control
   * characters) shown as escapes, anything past 80 characters cut with the length said.
   */
  public static String quote(String s) {
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
}
