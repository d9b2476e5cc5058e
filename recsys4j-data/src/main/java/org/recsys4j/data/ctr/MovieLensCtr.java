package org.recsys4j.data.ctr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.recsys4j.data.DataFormatException;
import org.recsys4j.data.io.LineSource;

/**
 * MovieLens 100K as a click log: a rating of at least {@code minRating} is a click, and each rating
 * row is joined with its user ({@code u.user}: age, gender, occupation) and its movie ({@code
 * u.item}: genres as a multi-hot field, release year). Columns: {@code label, user, item, age,
 * gender, occupation, genres, year} (ids as categorical fields too).
 */
public final class MovieLensCtr {
  /** The 19 genres of {@code u.item}, in the order of its flag columns. */
  public static final java.util.List<String> GENRES =
      java.util.List.of(
          "unknown",
          "Action",
          "Adventure",
          "Animation",
          "Children's",
          "Comedy",
          "Crime",
          "Documentary",
          "Drama",
          "Fantasy",
          "Film-Noir",
          "Horror",
          "Musical",
          "Mystery",
          "Romance",
          "Sci-Fi",
          "Thriller",
          "War",
          "Western");

  private record User(double age, String gender, String occupation) {}

  private record Item(String[] genres, double year) {}

  private MovieLensCtr() {}

  /**
   * A raw MovieLens 100K directory: {@code u.user}, {@code u.item} and the u1 split (not a
   * processed dataset).
   */
  public static boolean isMovieLens100k(Path dir) {
    return java.nio.file.Files.isRegularFile(dir.resolve("u.user"))
        && java.nio.file.Files.isRegularFile(dir.resolve("u.item"))
        && java.nio.file.Files.isRegularFile(file(dir, "u1.base"))
        && !java.nio.file.Files.isRegularFile(dir.resolve("meta.json"));
  }

  /**
   * The u1 test ratings of a raw MovieLens 100K directory as click rows (rating >= 4 is a click).
   */
  public static RowSource u1Test(Path dir) {
    return source(file(dir, "u1.test"), dir, 4);
  }

  /** {@code dir/name}, or its gzipped twin when only that exists. */
  public static Path file(Path dir, String name) {
    return java.nio.file.Files.isRegularFile(dir.resolve(name))
        ? dir.resolve(name)
        : dir.resolve(name + ".gz");
  }

  public static CtrSchema schema() {
    return new CtrSchema(
        List.of(
            new CtrColumn("label", ColumnRole.LABEL),
            new CtrColumn("user", ColumnRole.CATEGORICAL),
            new CtrColumn("item", ColumnRole.CATEGORICAL),
            new CtrColumn("age", ColumnRole.CONTINUOUS),
            new CtrColumn("gender", ColumnRole.CATEGORICAL),
            new CtrColumn("occupation", ColumnRole.CATEGORICAL),
            new CtrColumn("genres", ColumnRole.MULTI_HOT, "|"),
            new CtrColumn("year", ColumnRole.CONTINUOUS)),
        ',',
        true);
  }

  /**
   * The rows of a ratings file ({@code u.data}, {@code u1.base}, ...: user, item, rating,
   * timestamp, tab-separated, plain or gzip) joined with {@code u.user} and {@code u.item} from
   * {@code dir}.
   */
  public static RowSource source(Path ratings, Path dir, double minRating) {
    Map<String, User> users = readUsers(find(dir, "u.user"));
    Map<String, Item> items = readItems(find(dir, "u.item"));
    return new RowSource() {
      @Override
      public String name() {
        return ratings.toAbsolutePath()
            + " joined with "
            + dir.toAbsolutePath()
            + "/u.user, u.item";
      }

      @Override
      public CtrTextReader.Stats read(Consumer<RawRow> sink) {
        RawRow row = new RawRow(schema());
        long n = 0;
        try (LineSource src = LineSource.open(ratings)) {
          String line;
          while ((line = src.next()) != null) {
            if (line.isBlank()) {
              continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 4) {
              throw src.error(
                  "expected 4 tab-separated fields (user, item, rating, timestamp), found "
                      + f.length);
            }
            User u = users.get(f[0].trim());
            Item it = items.get(f[1].trim());
            if (u == null) {
              throw src.error("user " + f[0] + " is not in u.user");
            }
            if (it == null) {
              throw src.error("item " + f[1] + " is not in u.item");
            }
            double rating;
            try {
              rating = Double.parseDouble(f[2].trim());
            } catch (NumberFormatException e) {
              throw src.error("rating '" + f[2] + "' is not a number");
            }
            row.label = rating >= minRating ? 1f : 0f;
            row.categorical[0] = f[0].trim();
            row.categorical[1] = f[1].trim();
            row.continuous[0] = u.age();
            row.categorical[2] = u.gender();
            row.categorical[3] = u.occupation();
            row.multiHot[0] = it.genres();
            row.continuous[1] = it.year();
            row.line = src.lineNumber();
            sink.accept(row);
            n++;
          }
          if (n == 0) {
            throw src.error("no ratings");
          }
        }
        return new CtrTextReader.Stats(n, 0, List.of());
      }
    };
  }

  private static Path find(Path dir, String name) {
    Path p = dir.resolve(name);
    if (!Files.isRegularFile(p) && Files.isRegularFile(dir.resolve(name + ".gz"))) {
      p = dir.resolve(name + ".gz");
    }
    if (!Files.isRegularFile(p)) {
      throw new DataFormatException(
          p.toString(), 0, "MovieLens " + name + " not found beside the ratings");
    }
    return p;
  }

  private static Map<String, User> readUsers(Path file) {
    Map<String, User> m = new HashMap<>();
    try (LineSource src = LineSource.open(file)) {
      String line;
      while ((line = src.next()) != null) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split("\\|", -1);
        if (f.length != 5) {
          throw src.error(
              "expected 5 '|'-separated fields (id|age|gender|occupation|zip), found " + f.length);
        }
        double age;
        try {
          age = Double.parseDouble(f[1].trim());
        } catch (NumberFormatException e) {
          throw src.error("age '" + f[1] + "' is not a number");
        }
        m.put(f[0].trim(), new User(age, f[2].trim(), f[3].trim()));
      }
    }
    return m;
  }

  private static Map<String, Item> readItems(Path file) {
    Map<String, Item> m = new HashMap<>();
    try (LineSource src = LineSource.open(file)) {
      String line;
      while ((line = src.next()) != null) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split("\\|", -1);
        if (f.length != 5 + GENRES.size()) {
          throw src.error(
              "expected "
                  + (5 + GENRES.size())
                  + " '|'-separated fields (id|title|release date|video "
                  + "release|url|19 genre flags), found "
                  + f.length);
        }
        List<String> g = new ArrayList<>();
        for (int k = 0; k < GENRES.size(); k++) {
          String flag = f[5 + k].trim();
          if (flag.equals("1")) {
            g.add(GENRES.get(k));
          } else if (!flag.equals("0")) {
            throw src.error("genre flag " + (k + 1) + " is '" + flag + "', expected 0 or 1");
          }
        }
        String date = f[2].trim(); // e.g. 01-Jan-1995; empty for one movie
        double year = Double.NaN;
        if (date.length() >= 4) {
          try {
            year = Double.parseDouble(date.substring(date.length() - 4));
          } catch (NumberFormatException e) {
            throw src.error("release date '" + date + "' does not end in a year");
          }
        }
        m.put(f[0].trim(), new Item(g.toArray(new String[0]), year));
      }
    }
    return m;
  }
}
