package org.recsys4j.core.util;

import java.util.Collection;

/** The closest name to a misspelt one (edit distance), for "did you mean" in error messages. */
public final class Nearest {
  private Nearest() {}

  /**
   * The candidate nearest to {@code name}, or null when none is within a third of its length (at
   * least 2).
   */
  public static String of(String name, Collection<String> candidates) {
    String best = null;
    int bestD = Math.max(2, name.length() / 3) + 1;
    for (String c : candidates) {
      int d =
          distance(name.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    return best;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
