package org.recsys4j.data.impressions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.recsys4j.core.io.AtomicFiles;
import org.recsys4j.core.io.OutputDirectories;

/**
 * Writes a dataset directory in the impression-log contract the safe way: {@code out} may only be a
 * new path, an empty directory or an earlier such dataset; the files are written into a staging
 * directory beside it, which replaces {@code out} only when everything is written (and is removed
 * on failure). Converters and generators write through this one path.
 */
public final class ImpressionDirectory {
  private ImpressionDirectory() {}

  /**
   * The {@code impressions} section of the layout every writer here uses: {@code
   * user,item,label,timestamp} with a header.
   */
  public static final String IMPRESSIONS_SECTION =
      """
      impressions:
        delimiter: ","
        header: true
        columns:
          - {name: user, role: user}
          - {name: item, role: item}
          - {name: label, role: label}
          - {name: timestamp, role: timestamp}
      """;

  /** The {@code items} section of the MovieLens converters: genres, year, title. */
  static final String MOVIE_ITEMS_SECTION =
      """
      items:
        delimiter: ","
        header: true
        columns:
          - {name: id, role: id}
          - {name: genres, role: multi-hot, separator: "|"}
          - {name: year, role: continuous}
          - {name: title, role: text}
      """;

  /** What fills the staging directory; returns the number of impressions written. */
  @FunctionalInterface
  public interface Filler {
    long fill(Path staging) throws IOException;
  }

  /** Fills a staging directory with {@code filler} plus {@code schema.yaml}, then renames it. */
  public static long write(Path out, String what, String schemaYaml, Filler filler) {
    Path target = out.toAbsolutePath().normalize();
    OutputDirectories.checkReplaceable(target, what, MovieLensImpressions::isConverted);
    try {
      Path tmp = AtomicFiles.stagingDirectoryFor(target);
      try {
        long n = filler.fill(tmp);
        AtomicFiles.writeString(tmp.resolve("schema.yaml"), schemaYaml);
        AtomicFiles.replaceDirectory(tmp, target);
        return n;
      } catch (IOException | RuntimeException e) {
        AtomicFiles.deleteTree(tmp);
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
