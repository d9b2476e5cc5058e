package org.recsys4j.data.ctr;

/** What a reader does with a malformed row. */
public enum BadRowPolicy {
  /** Stop with an error that names the file, the line and what was expected (the default). */
  ERROR,
  /** Skip the row, count it, and report the count and the first few reasons at the end. */
  SKIP;

  public static BadRowPolicy parse(String s) {
    return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "error" -> ERROR;
      case "skip" -> SKIP;
      default ->
          throw new IllegalArgumentException("onBadRow must be error or skip, got '" + s + "'");
    };
  }
}
