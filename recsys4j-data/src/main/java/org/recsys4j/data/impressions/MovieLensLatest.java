package org.recsys4j.data.impressions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.recsys4j.core.io.AtomicFiles;
import org.recsys4j.data.DataFormatException;
import org.recsys4j.data.ctr.MovieLensCtr;
import org.recsys4j.data.io.CsvRows;

/**
 * Converts MovieLens "latest" ({@code ml-latest-small}: {@code ratings.csv[.gz]} with {@code
 * userId,movieId,rating,timestamp} and {@code movies.csv} with {@code movieId,title,genres}) into
 * the impression-log contract as PyTorch Geometric's link-prediction tutorial reads it: every
 * rating is a link (label 1), every movie of {@code movies.csv} is a node (also the unrated ones),
 * movies carry their genres (multi-hot), release year and title words; users have no table.
 */
public final class MovieLensLatest {
  static final String SCHEMA =
      "# MovieLens latest as an impression log (recsys4j convert): every rating is a link.\n"
          + ImpressionDirectory.IMPRESSIONS_SECTION
          + ImpressionDirectory.MOVIE_ITEMS_SECTION;

  private MovieLensLatest() {}

  /** True when {@code dir} holds the raw MovieLens-latest files. */
  public static boolean isLatest(Path dir) {
    return Files.isRegularFile(dir.resolve("movies.csv"))
        && Files.isRegularFile(MovieLensCtr.file(dir, "ratings.csv"));
  }

  /** Converts {@code dir} into {@code out} (staged, then renamed); returns the impressions. */
  public static long convert(Path dir, Path out) {
    return ImpressionDirectory.write(
        out,
        "converted dataset",
        SCHEMA,
        tmp -> {
          long n = ratings(MovieLensCtr.file(dir, "ratings.csv"), tmp.resolve("impressions.csv"));
          movies(dir.resolve("movies.csv"), tmp.resolve("items.csv"));
          return n;
        });
  }

  private static long ratings(Path file, Path out) throws IOException {
    StringBuilder sb = new StringBuilder("user,item,label,timestamp\n");
    long n = 0;
    try (CsvRows rows = CsvRows.open(file, ',')) {
      String[] f = rows.next();
      if (f == null || f.length != 4 || !f[0].trim().equals("userId")) {
        throw new DataFormatException(
            file.toString(), 1, "expected the header userId,movieId,rating,timestamp");
      }
      for (f = rows.next(); f != null; f = rows.next()) {
        if (CsvRows.blank(f)) {
          continue;
        }
        if (f.length != 4) {
          throw new DataFormatException(
              file.toString(), rows.line(), "expected 4 fields, found " + f.length);
        }
        try {
          Long.parseLong(f[3].trim());
        } catch (NumberFormatException e) {
          throw new DataFormatException(
              file.toString(),
              rows.line(),
              "expected a timestamp in epoch seconds, found '"
                  + DataFormatException.quote(f[3])
                  + "'");
        }
        sb.append(f[0].trim()).append(',').append(f[1].trim()).append(",1,");
        sb.append(f[3].trim()).append('\n');
        n++;
      }
    }
    AtomicFiles.writeString(out, sb.toString());
    return n;
  }

  private static void movies(Path file, Path out) throws IOException {
    StringBuilder sb = new StringBuilder("id,genres,year,title\n");
    try (CsvRows rows = CsvRows.open(file, ',')) {
      String[] f = rows.next();
      if (f == null || f.length != 3 || !f[0].trim().equals("movieId")) {
        throw new DataFormatException(
            file.toString(), 1, "expected the header movieId,title,genres");
      }
      for (f = rows.next(); f != null; f = rows.next()) {
        if (CsvRows.blank(f)) {
          continue;
        }
        if (f.length != 3) {
          throw new DataFormatException(
              file.toString(), rows.line(), "expected 3 fields, found " + f.length);
        }
        String title = f[1].trim();
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("\\s*\\((\\d{4})\\)\\s*$").matcher(title);
        String year = "";
        if (m.find()) {
          year = m.group(1);
          title = title.substring(0, m.start()).trim();
        }
        sb.append(f[0].trim())
            .append(',')
            .append(MovieLensImpressions.csv(f[2].trim()))
            .append(',')
            .append(year)
            .append(',')
            .append(MovieLensImpressions.csv(title))
            .append('\n');
      }
    }
    AtomicFiles.writeString(out, sb.toString());
  }
}
