package org.recsys4j.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * The rule for directories recsys4j writes as a whole (bundles, processed datasets, embedding
 * exports): a new path, an empty directory, or our own earlier output of the same kind may be
 * replaced; anything else is an error that names it. Output never deletes what is not ours.
 */
public final class OutputDirectories {
  private OutputDirectories() {}

  /**
   * Checks that {@code target} may be replaced by a {@code kind} (e.g. "bundle"); {@code isOurs}
   * recognises an earlier output of that kind.
   */
  public static void checkReplaceable(Path target, String kind, Predicate<Path> isOurs) {
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isSymbolicLink(target)) {
      throw new IllegalArgumentException(
          target
              + " is a symbolic link; a "
              + kind
              + " is written as a directory of "
              + "its own, so give the path it should have (or the link's target)");
    }
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException(
          target
              + " exists and is not a directory; a "
              + kind
              + " is a directory, so choose another path");
    }
    if (isEmpty(target) || isOurs.test(target)) {
      return;
    }
    throw new IllegalArgumentException(
        target
            + " already holds files that are not a recsys4j "
            + kind
            + "; refusing to replace them (choose a new output path, or move them away yourself)");
  }

  private static boolean isEmpty(Path dir) {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      return !s.iterator().hasNext();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
