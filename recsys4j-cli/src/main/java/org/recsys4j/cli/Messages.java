package org.recsys4j.cli;

/** How much of a user's input an error message may quote. */
final class Messages {
  /** The longest message printed whole; a 10 MB bad token must not be echoed back. */
  static final int MAX = 2000;

  private Messages() {}

  /** {@code s}, or its first {@link #MAX} characters and how many more there were. */
  static String capped(String s) {
    return s.length() <= MAX
        ? s
        : s.substring(0, MAX) + "... (" + (s.length() - MAX) + " more characters)";
  }
}
