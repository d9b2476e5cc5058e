package org.recsys4j.data.impressions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.recsys4j.core.io.AtomicFiles;
import org.recsys4j.data.DataFormatException;
import org.recsys4j.data.ctr.MovieLensCtr;
import org.recsys4j.data.io.LineSource;

/**
 * MovieLens 100K in the impression-log form: every rating is an impression of (user, movie) at its
 * timestamp, clicked when the rating is at least 4 (a lower rating is a real negative: watched, not
 * liked); {@code users.csv} holds age, gender, occupation and zip prefix; {@code items.csv} the 19
 * genres (multi-hot), release year and title; {@code schema.yaml} describes all three.
 */
public final class MovieLensImpressions {
  private static final List<String> GENRES = MovieLensCtr.GENRES;

  static final String SCHEMA =
      "# MovieLens 100K as an impression log (recsys4j convert): a rating >= 4 is a click.\n"
          + ImpressionDirectory.IMPRESSIONS_SECTION
          + """
      users:
        delimiter: ","
        header: true
        columns:
          - {name: id, role: id}
          - {name: age, role: continuous}
          - {name: gender, role: categorical}
          - {name: occupation, role: categorical}
          - {name: zip_prefix, role: categorical}
            """
          + ImpressionDirectory.MOVIE_ITEMS_SECTION;

  private MovieLensImpressions() {}

  /** True when {@code dir} holds a conversion written by {@link #convert}. */
  public static boolean isConverted(Path dir) {
    return Files.isRegularFile(dir.resolve("schema.yaml"))
        && Files.isRegularFile(dir.resolve("impressions.csv"));
  }

  /**
   * Converts the raw MovieLens 100K directory {@code ml100k} ({@code u.data} plain or gzip, {@code
   * u.user}, {@code u.item}) into {@code out}, written to a staging directory and renamed into
   * place. Returns the number of impressions.
   */
  public static long convert(Path ml100k, Path out) {
    return ImpressionDirectory.write(
        out,
        "converted dataset",
        SCHEMA,
        tmp -> {
          long n = impressions(MovieLensCtr.file(ml100k, "u.data"), tmp.resolve("impressions.csv"));
          users(ml100k.resolve("u.user"), tmp.resolve("users.csv"));
          items(ml100k.resolve("u.item"), tmp.resolve("items.csv"));
          return n;
        });
  }

  private static long impressions(Path data, Path out) throws IOException {
    StringBuilder sb = new StringBuilder("user,item,label,timestamp\n");
    long n = 0;
    try (LineSource src = LineSource.open(data)) {
      for (String line = src.next(); line != null; line = src.next()) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split("\t");
        if (f.length != 4) {
          throw src.error(
              "expected 4 tab-separated fields (user, item, rating, timestamp), found " + f.length);
        }
        int rating;
        try {
          rating = Integer.parseInt(f[2].trim());
          Long.parseLong(f[3].trim());
        } catch (NumberFormatException e) {
          throw src.error(
              "expected an integer rating and timestamp, found '" + f[2] + "', '" + f[3] + "'");
        }
        sb.append(f[0].trim())
            .append(',')
            .append(f[1].trim())
            .append(',')
            .append(rating >= 4 ? 1 : 0)
            .append(',')
            .append(f[3].trim())
            .append('\n');
        n++;
      }
    }
    AtomicFiles.writeString(out, sb.toString());
    return n;
  }

  private static void users(Path file, Path out) throws IOException {
    StringBuilder sb = new StringBuilder("id,age,gender,occupation,zip_prefix\n");
    int no = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
      no++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\\|", -1);
      if (f.length != 5) {
        throw new DataFormatException(
            file.toString(), no, "expected 5 '|'-separated fields, found " + f.length);
      }
      String zip = f[4].trim();
      sb.append(f[0].trim())
          .append(',')
          .append(f[1].trim())
          .append(',')
          .append(f[2].trim())
          .append(',')
          .append(f[3].trim())
          .append(',')
          .append(zip.length() >= 2 ? zip.substring(0, 2) : zip)
          .append('\n');
    }
    AtomicFiles.writeString(out, sb.toString());
  }

  private static void items(Path file, Path out) throws IOException {
    StringBuilder sb = new StringBuilder("id,genres,year,title\n");
    int no = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) { // u.item is Latin-1
      no++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\\|", -1);
      if (f.length != 5 + GENRES.size()) {
        throw new DataFormatException(
            file.toString(),
            no,
            "expected " + (5 + GENRES.size()) + " '|'-separated fields, found " + f.length);
      }
      StringBuilder genres = new StringBuilder();
      for (int g = 0; g < GENRES.size(); g++) {
        if (f[5 + g].trim().equals("1")) {
          genres.append(genres.length() == 0 ? "" : "|").append(GENRES.get(g));
        }
      }
      String date = f[2].trim();
      String year = date.length() >= 4 ? date.substring(date.length() - 4) : "";
      String title = f[1].replaceAll("\\s*\\(\\d{4}\\)\\s*$", "").trim();
      sb.append(f[0].trim())
          .append(',')
          .append(csv(genres.toString()))
          .append(',')
          .append(year)
          .append(',')
          .append(csv(title))
          .append('\n');
    }
    AtomicFiles.writeString(out, sb.toString());
  }

  /** A CSV field, quoted when it holds a comma or a quote. */
  static String csv(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n")
        ? '"' + s.replace("\"", "\"\"") + '"'
        : s;
  }
}
