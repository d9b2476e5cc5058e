package org.recsys4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.recsys4j.core.io.AtomicFiles;

/**
 * Maps raw string ids (as they appear in the user's files) to dense indices {@code 0..size-1} and
 * back. Saved with every model so that {@code recommend --user <raw id>} and exported embeddings
 * speak the user's ids.
 */
public final class IdMap {
  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> raw = new ArrayList<>();

  /** The identity map {@code "0".."n-1" -> 0..n-1}, for files whose ids are already dense. */
  public static IdMap identity(int n) {
    IdMap m = new IdMap();
    for (int i = 0; i < n; i++) {
      m.add(Integer.toString(i));
    }
    return m;
  }

  /** Returns the index of {@code id}, adding it if new. */
  public int add(String id) {
    Integer i = index.get(id);
    if (i != null) {
      return i;
    }
    int n = raw.size();
    index.put(id, n);
    raw.add(id);
    return n;
  }

  /** The index of {@code id}, or -1 if unknown. */
  public int indexOf(String id) {
    Integer i = index.get(id);
    return i == null ? -1 : i;
  }

  public String rawId(int index) {
    return raw.get(index);
  }

  public int size() {
    return raw.size();
  }

  /** Writes one raw id per line, in index order, atomically. */
  public void save(Path file) throws IOException {
    StringBuilder sb = new StringBuilder(raw.size() * 8);
    for (String s : raw) {
      sb.append(s).append('\n');
    }
    AtomicFiles.writeString(file, sb.toString());
  }

  /** Reads a file written by {@link #save}. */
  public static IdMap load(Path file) throws IOException {
    IdMap m = new IdMap();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (m.add(line) != n - 1) {
          throw new DataFormatException(
              file.toString(), n, "duplicate id '" + line + "' in id map");
        }
      }
    }
    return m;
  }
}
