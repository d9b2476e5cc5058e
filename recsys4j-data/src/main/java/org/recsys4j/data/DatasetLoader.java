package org.recsys4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.recsys4j.data.io.DelimitedFormat;
import org.recsys4j.data.io.DelimitedReader;
import org.recsys4j.data.io.LightGcnReader;
import org.recsys4j.data.split.Splits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a {@link Dataset} from a directory or file, recognising the formats this project reads: the
 * LightGCN adjacency format ({@code train.txt}/{@code test.txt}), LightGCN-PyTorch's LastFM ({@code
 * data1.txt}/{@code test1.txt}), MovieLens ({@code u.data}), and generic CSV/TSV logs, split with
 * {@link Splits} when no test file is given.
 */
public final class DatasetLoader {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetLoader.class);

  private DatasetLoader() {}

  /**
   * Loading options.
   *
   * @param format auto, lightgcn, lastfm, movielens, csv or tsv
   * @param columns column names for csv/tsv (empty: from the header)
   * @param header whether csv/tsv files have a header line
   * @param testFile a separate test file for csv/tsv, or null to split
   * @param split how to split a single log
   * @param testRatio the test share for random and temporal splits
   * @param minRating keep ratings >= this as positives (NaN keeps all)
   * @param unknownIds what to do with test rows whose user or item never occurs in training
   * @param dropDuplicates keep the first of repeated (user, item) pairs instead of failing
   * @param seed seed of the random split
   */
  public record Options(
      String format,
      List<String> columns,
      boolean header,
      Path testFile,
      Splits.Kind split,
      double testRatio,
      double minRating,
      UnknownIds unknownIds,
      boolean dropDuplicates,
      long seed) {
    public Options {
      columns = List.copyOf(columns);
      java.util.Objects.requireNonNull(unknownIds, "unknownIds");
    }

    public static Options defaults() {
      return new Options(
          "auto",
          List.of(),
          true,
          null,
          Splits.Kind.RANDOM,
          0.2,
          Double.NaN,
          UnknownIds.AUTO,
          false,
          2020L);
    }
  }

  /**
   * Test rows whose user or item never occurs in training cannot be ranked. {@code ERROR} fails
   * naming the first; {@code DROP} drops them and says how many; {@code AUTO} is the format's own
   * way: LastFM as shipped has 41 such test items and a split log has them by construction, so
   * those drop them with a warning that counts them, and every other format fails.
   */
  public enum UnknownIds {
    AUTO,
    ERROR,
    DROP;

    public static UnknownIds parse(String s) {
      for (UnknownIds u : values()) {
        if (u.name().equalsIgnoreCase(s)) {
          return u;
        }
      }
      throw new IllegalArgumentException("unknownIds must be auto, error or drop, got '" + s + "'");
    }

    boolean drop(boolean formatDefault) {
      return this == DROP || (this == AUTO && formatDefault);
    }
  }

  public static Dataset load(Path path, Options o) {
    if (!Files.exists(path)) {
      throw new DataFormatException(path.toString(), 0, "no such file or directory");
    }
    Dataset ds = read(path, o);
    if (ds.test().size() == 0) {
      throw new DataFormatException(
          path.toString(),
          0,
          "the test split is empty ("
              + ds.train().size()
              + " train "
              + "interactions): nothing could be evaluated; check the split options, or give a test file");
    }
    return ds;
  }

  private static Dataset read(Path path, Options o) {
    String format = o.format().equals("auto") ? detect(path) : o.format();
    switch (format) {
      case "lightgcn":
        return LightGcnReader.read(path, o.unknownIds().drop(false));
      case "lastfm":
        // LightGCN-PyTorch's LastFM: 1-based ids, tab separated, a listening count we check and
        // ignore.
        // 41 test items never occur in training, so by default unknown ids are dropped (and
        // counted).
        return fromFiles(
            name(path),
            LightGcnReader.require(path, "data1.txt"),
            LightGcnReader.require(path, "test1.txt"),
            new DelimitedFormat('\t', false, List.of("user", "item", "count"), Double.NaN, true),
            o.unknownIds().drop(true),
            o.dropDuplicates());
      case "movielens":
        {
          Path data = Files.isDirectory(path) ? firstExisting(path, "u.data", "u.data.gz") : path;
          double minRating = Double.isNaN(o.minRating()) ? 4.0 : o.minRating();
          return fromLog(name(path), data, DelimitedFormat.movieLens(minRating), o);
        }
      case "csv":
      case "tsv":
        {
          char delim = format.equals("csv") ? ',' : '\t';
          DelimitedFormat fmt = new DelimitedFormat(delim, o.header(), o.columns(), o.minRating());
          if (o.testFile() != null) {
            return fromFiles(
                name(path),
                path,
                o.testFile(),
                fmt,
                o.unknownIds().drop(false),
                o.dropDuplicates());
          }
          return fromLog(name(path), path, fmt, o);
        }
      default:
        throw new IllegalArgumentException(
            "format must be auto, lightgcn, lastfm, movielens, csv or tsv, got '" + format + "'");
    }
  }

  static String detect(Path path) {
    if (Files.isDirectory(path)) {
      if (LightGcnReader.looksLike(path)) {
        return "lightgcn";
      }
      if (LightGcnReader.find(path, "data1.txt") != null
          && LightGcnReader.find(path, "test1.txt") != null) {
        return "lastfm";
      }
      if (Files.exists(path.resolve("u.data")) || Files.exists(path.resolve("u.data.gz"))) {
        return "movielens";
      }
      throw new DataFormatException(
          path.toString(),
          0,
          "cannot tell the format of this directory: expected "
              + "train.txt+test.txt (LightGCN), data1.txt+test1.txt (LastFM) or u.data (MovieLens), plain or .gz; "
              + "or pass a CSV/TSV file with format csv or tsv");
    }
    String n =
        path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).replaceAll("\\.gz$", "");
    if (n.endsWith(".csv")) {
      return "csv";
    }
    if (n.endsWith(".tsv") || n.endsWith(".txt")) {
      return "tsv";
    }
    if (n.equals("u.data")) {
      return "movielens";
    }
    throw new DataFormatException(
        path.toString(),
        0,
        "cannot tell the format from the name: format must be given (csv or tsv)");
  }

  private static Dataset fromFiles(
      String name,
      Path trainFile,
      Path testFile,
      DelimitedFormat fmt,
      boolean dropUnknown,
      boolean dropDuplicates) {
    IdMap users = new IdMap();
    IdMap items = new IdMap();
    DelimitedReader.Stats stats = new DelimitedReader.Stats();
    InteractionLog train = DelimitedReader.read(trainFile, fmt, users, items, false, false, stats);
    InteractionLog test =
        DelimitedReader.read(testFile, fmt, users, items, true, dropUnknown, stats);
    if (stats.droppedUnknown > 0) {
      LOG.warn(
          "{}: dropped {} of {} test rows whose user or item never occurs in training",
          testFile,
          stats.droppedUnknown,
          stats.droppedUnknown + test.size());
    }
    Interactions tr = train.toInteractions(null, users.size(), items.size(), dropDuplicates);
    Interactions te = test.toInteractions(null, users.size(), items.size(), dropDuplicates);
    checkDisjoint(testFile, test, tr);
    return new Dataset(name, users, items, tr, te);
  }

  private static Dataset fromLog(String name, Path file, DelimitedFormat fmt, Options o) {
    IdMap users = new IdMap();
    IdMap items = new IdMap();
    InteractionLog log = DelimitedReader.read(file, fmt, users, items, false, false, null);
    if (log.size() == 0) {
      throw new DataFormatException(file.toString(), 0, "no interactions left after filtering");
    }
    // Deduplicate (or report) before splitting so that a pair never lands on both sides.
    log.toInteractions(null, users.size(), items.size(), o.dropDuplicates());
    boolean[] test = Splits.split(log, o.split(), o.testRatio(), o.seed());
    boolean[] train = new boolean[test.length];
    for (int k = 0; k < test.length; k++) {
      train[k] = !test[k];
    }
    Interactions tr = log.toInteractions(train, users.size(), items.size(), true);
    boolean[] keepTest = test.clone();
    int[] itemDeg = tr.itemDegrees();
    int unknown = 0;
    int repeated = 0;
    int firstUnknown = -1;
    int testRows = 0;
    for (int k = 0; k < keepTest.length; k++) {
      if (!keepTest[k]) {
        continue;
      }
      testRows++;
      if (itemDeg[log.item(k)] == 0 || tr.degree(log.user(k)) == 0) {
        keepTest[k] = false;
        unknown++;
        firstUnknown = firstUnknown < 0 ? k : firstUnknown;
      } else if (tr.contains(log.user(k), log.item(k))) {
        keepTest[k] = false;
        repeated++;
      }
    }
    if (unknown > 0 && !o.unknownIds().drop(true)) {
      throw new DataFormatException(
          file.toString(),
          log.line(firstUnknown),
          unknown
              + " of "
              + testRows
              + " test "
              + "rows of the "
              + o.split().name().toLowerCase(java.util.Locale.ROOT)
              + " split have a user or item that "
              + "never occurs in its training part, this one first (set unknownIds to drop, to pass over them)");
    }
    if (unknown + repeated > 0) {
      LOG.warn(
          "{}: {} split: dropped {} of {} test rows ({}%): {} with a user or item absent from training, {} "
              + "already in training",
          file,
          o.split().name().toLowerCase(java.util.Locale.ROOT),
          unknown + repeated,
          testRows,
          Math.round(100.0 * (unknown + repeated) / Math.max(1, testRows)),
          unknown,
          repeated);
    }
    Interactions te = log.toInteractions(keepTest, users.size(), items.size(), true);
    return new Dataset(name, users, items, tr, te);
  }

  private static void checkDisjoint(Path testFile, InteractionLog test, Interactions train) {
    for (int k = 0; k < test.size(); k++) {
      if (train.contains(test.user(k), test.item(k))) {
        LOG.warn(
            "{}:{}: (user {}, item {}) is also in training; it counts as a test item but is masked "
                + "from rankings",
            testFile,
            test.line(k),
            test.users().rawId(test.user(k)),
            test.items().rawId(test.item(k)));
        return;
      }
    }
  }

  private static Path firstExisting(Path dir, String... names) {
    for (String n : names) {
      if (Files.exists(dir.resolve(n))) {
        return dir.resolve(n);
      }
    }
    throw new DataFormatException(
        dir.toString(), 0, "none of " + String.join(", ", names) + " found");
  }

  private static String name(Path p) {
    return p.toAbsolutePath().normalize().getFileName().toString();
  }
}
