package org.recsys4j.data.io;

import java.nio.file.Files;
import java.nio.file.Path;
import org.recsys4j.data.DataFormatException;
import org.recsys4j.data.Dataset;
import org.recsys4j.data.IdMap;
import org.recsys4j.data.Interactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the LightGCN/NGCF adjacency format: {@code train.txt} and {@code test.txt} (plain or {@code
 * .gz}), one line per user, {@code userId item item ...}, with dense 0-based ids.
 */
public final class LightGcnReader {
  private static final Logger LOG = LoggerFactory.getLogger(LightGcnReader.class);

  private LightGcnReader() {}

  /** True if {@code dir} holds a train and a test file in this format. */
  public static boolean looksLike(Path dir) {
    return Files.isDirectory(dir)
        && find(dir, "train.txt") != null
        && find(dir, "test.txt") != null;
  }

  /** {@code dir/name} or its {@code .gz} twin, or an error naming both. */
  public static Path require(Path dir, String name) {
    Path p = find(dir, name);
    if (p == null) {
      throw new DataFormatException(dir.toString(), 0, "expected " + name + " (plain or .gz)");
    }
    return p;
  }

  /** {@code dir/name} or its {@code .gz} twin, or null. */
  public static Path find(Path dir, String name) {
    for (String n : new String[] {name, name + ".gz"}) {
      Path p = dir.resolve(n);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * Reads both files; test items that never occur in train are an error unless {@code dropUnknown}.
   */
  public static Dataset read(Path dir, boolean dropUnknown) {
    Path trainFile = find(dir, "train.txt");
    Path testFile = find(dir, "test.txt");
    if (trainFile == null || testFile == null) {
      throw new DataFormatException(
          dir.toString(), 0, "expected train.txt and test.txt (plain or .gz)");
    }
    Adjacency train = Adjacency.read(trainFile);
    Adjacency test = Adjacency.read(testFile);
    int users = Math.max(train.maxUser, test.maxUser) + 1;
    int items = train.maxItem + 1;
    boolean[] inTrain = new boolean[Math.max(items, test.maxItem + 1)];
    for (int k = 0; k < train.n; k++) {
      inTrain[train.items[k]] = true;
    }
    int kept = 0;
    for (int k = 0; k < test.n; k++) {
      if (!inTrain[test.items[k]]) {
        if (!dropUnknown) {
          throw new DataFormatException(
              testFile.toString(),
              test.lines[k],
              "item "
                  + test.items[k]
                  + " does not occur in "
                  + trainFile.getFileName()
                  + " (set unknownIds to drop, to pass over such items)");
        }
        continue;
      }
      test.users[kept] = test.users[k];
      test.items[kept] = test.items[k];
      kept++;
    }
    if (kept < test.n) {
      LOG.warn(
          "{}: dropped {} test interactions whose item never occurs in training",
          testFile,
          test.n - kept);
    }
    Interactions tr = pairs(trainFile, train, users, items, train.n);
    Interactions te = pairs(testFile, test, users, items, kept);
    return new Dataset(
        dir.getFileName().toString(), IdMap.identity(users), IdMap.identity(items), tr, te);
  }

  private static Interactions pairs(Path file, Adjacency a, int users, int items, int n) {
    try {
      return Interactions.fromPairs(users, items, a.users, a.items, n);
    } catch (IllegalArgumentException e) {
      throw new DataFormatException(file.toString(), 0, e.getMessage());
    }
  }

  /** One file's content as parallel arrays. */
  private static final class Adjacency {
    int[] users = new int[1 << 16];
    int[] items = new int[1 << 16];
    long[] lines = new long[1 << 16];
    int n;
    int maxUser = -1;
    int maxItem = -1;

    static Adjacency read(Path file) {
      Adjacency a = new Adjacency();
      java.util.BitSet seenUsers = new java.util.BitSet();
      try (LineSource src = LineSource.open(file)) {
        String line;
        while ((line = src.next()) != null) {
          String s = line.trim();
          if (s.isEmpty()) {
            continue;
          }
          String[] tok = s.split("\\s+");
          int user = parseId(src, tok[0], "user id");
          if (seenUsers.get(user)) {
            throw src.error("user " + user + " appears on more than one line (duplicate line?)");
          }
          seenUsers.set(user);
          a.maxUser = Math.max(a.maxUser, user);
          int start = a.n;
          for (int t = 1; t < tok.length; t++) {
            a.add(user, parseId(src, tok[t], "item id"), src.lineNumber());
          }
          int[] sorted = java.util.Arrays.copyOfRange(a.items, start, a.n);
          java.util.Arrays.sort(sorted);
          for (int q = 1; q < sorted.length; q++) {
            if (sorted[q] == sorted[q - 1]) {
              throw src.error("item " + sorted[q] + " listed twice for user " + user);
            }
          }
        }
        if (a.n == 0) {
          throw src.error("empty file: expected lines of 'userId itemId itemId ...'");
        }
      }
      return a;
    }

    private static int parseId(LineSource src, String tok, String what) {
      try {
        int v = Integer.parseInt(tok);
        if (v < 0) {
          throw src.error("expected a non-negative " + what + ", found " + tok);
        }
        return v;
      } catch (NumberFormatException e) {
        throw src.error("expected an integer " + what + ", found '" + tok + "'");
      }
    }

    void add(int u, int i, long line) {
      if (n == users.length) {
        users = java.util.Arrays.copyOf(users, n * 2);
        items = java.util.Arrays.copyOf(items, n * 2);
        lines = java.util.Arrays.copyOf(lines, n * 2);
      }
      users[n] = u;
      items[n] = i;
      lines[n] = line;
      n++;
      maxItem = Math.max(maxItem, i);
    }
  }
}
