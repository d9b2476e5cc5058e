package org.recsys4j.data.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Consecutive test periods of a rolling retraining simulation: from a start time, period after
 * period of a fixed length (a week, a day, N hours) until the end of the log. Period k trains on
 * everything before its start and is tested on its own impressions.
 */
public final class TimePeriods {
  private TimePeriods() {}

  /** One period: impressions at or after {@code from} and before {@code until} (epoch seconds). */
  public record Period(int index, long from, long until) {}

  private static final Pattern AMOUNT = Pattern.compile("(\\d+)\\s*(h|hours?|d|days?|w|weeks?)");

  /**
   * The length in seconds of {@code value}: {@code week}, {@code day}, {@code hour}, or an amount
   * with a unit ({@code 6h}, {@code 12 hours}, {@code 2d}, {@code 3 days}, {@code 1w}).
   */
  public static long parseSeconds(String option, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    switch (v) {
      case "week":
        return 7 * 86_400L;
      case "day":
        return 86_400L;
      case "hour":
        return 3_600L;
      default:
        break;
    }
    Matcher m = AMOUNT.matcher(v);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      char unit = m.group(2).charAt(0);
      long seconds = n * (unit == 'h' ? 3_600L : unit == 'd' ? 86_400L : 7 * 86_400L);
      if (n > 0) {
        return seconds;
      }
    }
    throw new IllegalArgumentException(
        option
            + " must be week, day, hour or a positive amount such as 6h, 12 hours, 2d or 1w, got '"
            + value
            + "'");
  }

  /**
   * The periods of {@code length} seconds from {@code from} that begin before {@code end} (the
   * first second after the log, or the end of the simulation).
   */
  public static List<Period> rolling(long from, long end, long length) {
    if (length <= 0) {
      throw new IllegalArgumentException("period length must be positive, got " + length);
    }
    List<Period> p = new ArrayList<>();
    for (long t = from; t < end; t += length) {
      p.add(new Period(p.size(), t, Math.min(t + length, end)));
    }
    return p;
  }
}
